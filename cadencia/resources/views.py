from django.db import models
from django.utils.translation import gettext_lazy as _

from cadencia.accounts.models import User
from cadencia.core import generic
from cadencia.resources import services
from cadencia.resources.forms import NotificationTemplateForm, ScheduleForm
from cadencia.resources.models import NotificationTemplate, Schedule


class ScheduleMixin:
    model: type[models.Model] = Schedule
    url_prefix = "resources:schedule"


class ScheduleList(ScheduleMixin, generic.ObjectListView):
    columns = [("name", _("Name")), ("time_zone", _("Time zone"))]


class ScheduleDetail(ScheduleMixin, generic.ObjectDetailView):
    template_name = "resources/schedule_detail.html"
    fields = [("description", _("Description")), ("time_zone", _("Time zone"))]


class ScheduleEdit(ScheduleMixin, generic.ObjectEditView):
    form_class = ScheduleForm
    template_name = "resources/schedule_form.html"

    def perform_save(self, obj: Schedule, *, project_ids: set[int], user: User) -> None:
        services.schedule_save(schedule=obj, project_ids=project_ids, user=user)


class ScheduleDelete(ScheduleMixin, generic.ObjectDeleteView):
    def perform_delete(self, obj: Schedule) -> None:
        services.schedule_delete(schedule=obj)


class TemplateMixin:
    model: type[models.Model] = NotificationTemplate
    url_prefix = "resources:template"


class TemplateList(TemplateMixin, generic.ObjectListView):
    columns = [("name", _("Name")), ("get_channel_display", _("Channel"))]


class TemplateDetail(TemplateMixin, generic.ObjectDetailView):
    fields = [
        ("get_channel_display", _("Channel")),
        ("subject", _("Subject")),
        ("body", _("Body")),
    ]


class TemplateEdit(TemplateMixin, generic.ObjectEditView):
    form_class = NotificationTemplateForm

    def perform_save(self, obj: NotificationTemplate, *, project_ids: set[int], user: User) -> None:
        services.notification_template_save(template=obj, project_ids=project_ids, user=user)


class TemplateDelete(TemplateMixin, generic.ObjectDeleteView):
    def perform_delete(self, obj: NotificationTemplate) -> None:
        services.notification_template_delete(template=obj)
