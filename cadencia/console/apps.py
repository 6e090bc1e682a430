from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ConsoleConfig(AppConfig):
    """The agent's console: sessions and states, calls of campaigns through the telephony
    connector, dispositions, and the supervisors' live view of agents."""

    name = "cadencia.console"
    label = "console"
    verbose_name = _("Agent console")

    def ready(self) -> None:
        from cadencia.campaigns.panels import register_campaign_panel
        from cadencia.console import events, history  # noqa: F401 - registers types and verbs
        from cadencia.contacts.row_actions import RowAction, register_row_action

        # The campaign page shows the calls' and dispositions' progress, fetched on each one.
        register_campaign_panel("console:campaign_progress", refresh_on="disposition.saved")
        # Every contact row offers the call (through a campaign the agent is working now).
        register_row_action(
            RowAction(
                "call",
                _("Call"),
                lambda pk: reverse("console:click_to_call", args=[pk]),
                "console.use_console",
                post=True,
                icon="☎",
            )
        )
