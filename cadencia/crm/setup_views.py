"""Pages of a project's CRM configuration: action types and the call charge rate."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cadencia.accounts.models import User
from cadencia.core import generic
from cadencia.crm import services
from cadencia.crm.forms import ActionTypeForm, CrmSettingsForm
from cadencia.crm.models import ActionType, CrmSettings


class ActionTypeMixin:
    model: type[models.Model] = ActionType
    url_prefix = "crm:actiontype"


class ActionTypeList(ActionTypeMixin, generic.ObjectListView):
    columns = [("name", _("Name")), ("form", _("Form")), ("project", _("Project"))]

    def queryset(self) -> models.QuerySet[ActionType]:
        return super().queryset().select_related("form", "project")


class ActionTypeDetail(ActionTypeMixin, generic.ObjectDetailView):
    fields = [("form", _("Form")), ("project", _("Project"))]


class ActionTypeEdit(ActionTypeMixin, generic.ObjectEditView):
    form_class = ActionTypeForm

    def perform_save(self, obj: ActionType, *, project_ids: set[int], user: User) -> None:
        services.action_type_save(action_type=obj, project_ids=project_ids, user=user)


class ActionTypeDelete(ActionTypeMixin, generic.ObjectDeleteView):
    def perform_delete(self, obj: ActionType) -> None:
        services.action_type_delete(action_type=obj)


class SettingsMixin:
    model: type[models.Model] = CrmSettings
    url_prefix = "crm:settings"


class SettingsList(SettingsMixin, generic.ObjectListView):
    columns = [
        ("project", _("Project")),
        ("charge_per_second", _("Charge per second")),
        ("currency", _("Currency")),
    ]

    def queryset(self) -> models.QuerySet[CrmSettings]:
        return super().queryset().select_related("project")


class SettingsDetail(SettingsMixin, generic.ObjectDetailView):
    fields = [("charge_per_second", _("Charge per second")), ("currency", _("Currency"))]


class SettingsEdit(SettingsMixin, generic.ObjectEditView):
    form_class = CrmSettingsForm

    def perform_save(self, obj: CrmSettings, *, project_ids: set[int], user: User) -> None:
        services.crm_settings_save(crm=obj, project_ids=project_ids, user=user)


class SettingsDelete(SettingsMixin, generic.ObjectDeleteView):
    def perform_delete(self, obj: CrmSettings) -> None:
        services.crm_settings_delete(crm=obj)
