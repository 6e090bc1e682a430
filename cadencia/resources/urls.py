from typing import Any

from django.urls import path

from cadencia.core.generic import ObjectChangeLogView
from cadencia.resources import views
from cadencia.resources.models import NotificationTemplate, Schedule

app_name = "resources"


def crud(
    prefix: str, name: str, list_view: Any, detail: Any, edit: Any, delete: Any, model: Any
) -> list[Any]:
    changelog: Any = type(
        f"{model.__name__}ChangeLog",
        (ObjectChangeLogView,),
        {"model": model, "url_prefix": f"resources:{name}"},
    )
    return [
        path(f"{prefix}/", list_view.as_view(), name=f"{name}_list"),
        path(f"{prefix}/add/", edit.as_view(), name=f"{name}_add"),
        path(f"{prefix}/<int:pk>/", detail.as_view(), name=f"{name}_detail"),
        path(f"{prefix}/<int:pk>/edit/", edit.as_view(), name=f"{name}_edit"),
        path(f"{prefix}/<int:pk>/delete/", delete.as_view(), name=f"{name}_delete"),
        path(f"{prefix}/<int:pk>/changelog/", changelog.as_view(), name=f"{name}_changelog"),
    ]


urlpatterns = [
    *crud(
        "schedules",
        "schedule",
        views.ScheduleList,
        views.ScheduleDetail,
        views.ScheduleEdit,
        views.ScheduleDelete,
        Schedule,
    ),
    *crud(
        "templates",
        "template",
        views.TemplateList,
        views.TemplateDetail,
        views.TemplateEdit,
        views.TemplateDelete,
        NotificationTemplate,
    ),
]
