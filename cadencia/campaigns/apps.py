from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "cadencia.campaigns"
    label = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self) -> None:
        from cadencia.campaigns import events  # noqa: F401 - registers the event types
        from cadencia.campaigns.models import (
            Campaign,
            DispositionOption,
            ExternalSite,
            ExternalSystem,
            Form,
            FormVersion,
            PauseReason,
        )
        from cadencia.campaigns.selectors import option_names
        from cadencia.contacts.filtersets import DISPOSITION_NAMES
        from cadencia.core.changelog import track
        from cadencia.core.history import register_verb

        track(Campaign, m2m_fields={"agents", "supervisors"})
        track(DispositionOption)
        track(Form)
        track(FormVersion)
        track(PauseReason)
        # Secrets stay out of the log: it records that they changed, not their values.
        track(ExternalSite, exclude=["auth_token"])
        track(ExternalSystem, exclude=["token_hash", "token_prefix"])
        register_verb("campaigns.state_changed", _("Campaign state changed"))
        register_verb("campaigns.created_from_template", _("Campaign created from a template"))
        register_verb(
            "campaigns.calls_database_created", _("Contact database created for its calls")
        )
        register_verb("campaigns.form_cloned", _("Form cloned"))
        register_verb(
            "campaigns.database_from_contacts", _("Contact database made from a contact search")
        )
        DISPOSITION_NAMES.append(option_names)
