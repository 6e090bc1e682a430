from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrmConfig(AppConfig):
    """What an agent does with a call beyond its disposition: tickets with actions, comments
    e-mailed to the contact, call attachments."""

    name = "cadencia.crm"
    label = "crm"
    verbose_name = _("CRM")

    def ready(self) -> None:
        from cadencia.console.extensions import register_call_panel
        from cadencia.contacts.panels import register_contact_panel
        from cadencia.crm import history  # noqa: F401 - registers the models with the change log

        register_call_panel("crm:call_part")
        register_contact_panel("crm:contact_part")
