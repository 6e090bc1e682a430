from django.urls import path

from cadencia.projects import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("add/", views.project_edit, name="add"),
    path("security/", views.security_mode, name="security"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/delete/", views.project_delete, name="delete"),
    path("<int:pk>/changelog/", views.project_changelog, name="changelog"),
    path("<int:pk>/members/", views.member_add, name="member_add"),
    path("<int:pk>/members/<int:user_id>/remove/", views.member_remove, name="member_remove"),
    path("<int:pk>/objects/", views.object_add, name="object_add"),
    path(
        "<int:pk>/objects/<str:label>/<int:object_id>/remove/",
        views.object_remove,
        name="object_remove",
    ),
]
