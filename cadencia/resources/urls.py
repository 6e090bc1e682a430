from cadencia.core.generic import crud_urls as crud
from cadencia.resources import views
from cadencia.resources.models import NotificationTemplate, Schedule

app_name = "resources"


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
