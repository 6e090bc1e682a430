from django.apps import AppConfig
from django.urls import reverse
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
        from cadencia.contacts.row_actions import RowAction, register_row_action
        from cadencia.crm import events, history  # noqa: F401 - registers them
        from cadencia.crm.tables import register_downloads

        READ_SMS = "crm.view_smsmessage"
        register_downloads()
        register_call_panel("crm:call_part")
        register_contact_panel("crm:contact_part")
        register_row_action(
            RowAction(
                "ticket",
                _("New ticket"),
                lambda pk: f"{reverse('crm:ticket_new')}?contact={pk}",
                "crm.add_ticket",
            )
        )
        register_row_action(
            RowAction(
                "tickets",
                _("Tickets"),
                lambda pk: f"{reverse('crm:ticket_list')}?contact={pk}",
                "crm.view_ticket",
            )
        )
        register_row_action(
            RowAction(
                "history",
                _("History"),
                lambda pk: f"{reverse('crm:history')}?contact={pk}",
                ("console.view_call", "console.use_console"),
            )
        )
        register_row_action(
            RowAction("sms", _("SMS"), lambda pk: reverse("crm:sms", args=[pk]), READ_SMS)
        )
