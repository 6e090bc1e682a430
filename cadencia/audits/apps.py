from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditsConfig(AppConfig):
    """The back-office audit of agents' management dispositions: a queue of items, decisions
    (approve, reject, observe and send back), the agent's redo, scorecards and numbers."""

    name = "cadencia.audits"
    label = "audits"
    verbose_name = _("Audit")

    def ready(self) -> None:
        from cadencia.audits import events, history, receivers  # noqa: F401 - registers them
        from cadencia.audits.selectors import my_disposition_notes
        from cadencia.campaigns.panels import register_campaign_panel
        from cadencia.console.extensions import register_disposition_annotator

        register_disposition_annotator(my_disposition_notes)
        # The campaign page shows its scorecard (edited on the audit's page).
        register_campaign_panel("audits:scorecard_part", refresh_on="")
