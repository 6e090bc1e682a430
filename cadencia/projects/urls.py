from django.urls import path

from cadencia.core.generic import crud_urls
from cadencia.projects import views
from cadencia.projects.models import UserGroup

app_name = "projects"

urlpatterns = [
    path("", views.ProjectList.as_view(), name="list"),
    path("add/", views.ProjectEdit.as_view(), name="add"),
    path("security/", views.SecurityModeView.as_view(), name="security"),
    path("<int:pk>/", views.ProjectDetail.as_view(), name="detail"),
    path("<int:pk>/edit/", views.ProjectEdit.as_view(), name="edit"),
    path("<int:pk>/delete/", views.ProjectDelete.as_view(), name="delete"),
    path("<int:pk>/changelog/", views.ProjectChangeLog.as_view(), name="changelog"),
    path("<int:pk>/members/", views.MemberAdd.as_view(), name="member_add"),
    path(
        "<int:pk>/members/<int:user_id>/remove/",
        views.MemberRemove.as_view(),
        name="member_remove",
    ),
    path("<int:pk>/objects/", views.ObjectAdd.as_view(), name="object_add"),
    path(
        "<int:pk>/objects/<str:label>/<int:object_id>/remove/",
        views.ObjectRemove.as_view(),
        name="object_remove",
    ),
    path("<int:pk>/groups/", views.GroupAdd.as_view(), name="group_add"),
    path(
        "<int:pk>/groups/<int:group_id>/remove/",
        views.GroupRemove.as_view(),
        name="group_remove",
    ),
    *crud_urls(
        "groups",
        "group",
        views.UserGroupList,
        views.UserGroupDetail,
        views.UserGroupEdit,
        views.UserGroupDelete,
        UserGroup,
        namespace="projects",
    ),
]
