from django.db import models
from django.utils.translation import gettext_lazy as _

# Inbound campaigns offer the phone system's queue strategies.
from cadencia.telephony.connectors.base import QueueStrategy as QueueStrategy


class CampaignType(models.TextChoices):
    MANUAL = "manual", _("Manual")
    PREVIEW = "preview", _("Preview")
    DIALER = "dialer", _("Dialer")
    INBOUND = "inbound", _("Inbound")


class CampaignState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    FINISHED = "finished", _("Finished")


# The allowed moves; finished is final (a new campaign, or one from a template, starts again).
TRANSITIONS: dict[str, set[str]] = {
    CampaignState.DRAFT: {CampaignState.ACTIVE},
    CampaignState.ACTIVE: {CampaignState.PAUSED, CampaignState.FINISHED},
    CampaignState.PAUSED: {CampaignState.ACTIVE, CampaignState.FINISHED},
    CampaignState.FINISHED: set(),
}


class DuplicatePolicy(models.TextChoices):
    ALLOW = "allow", _("Allow duplicates")
    AVOID = "avoid", _("Avoid duplicates")


class Interaction(models.TextChoices):
    FORM = "form", _("Our forms")
    EXTERNAL = "external", _("External URL")
    BOTH = "both", _("Both")


class PacingMode(models.TextChoices):
    PROGRESSIVE = "progressive", _("Progressive")
    PREDICTIVE = "predictive", _("Predictive")


class TimeoutAction(models.TextChoices):
    CAMPAIGN = "campaign", _("Send to another campaign")
    VOICEMAIL = "voicemail", _("Let the caller leave a message")
    HANG_UP = "hang_up", _("Hang up")


class DispositionKind(models.TextChoices):
    MANAGEMENT = "management", _("Management (opens a form, goes to audit)")
    NO_ACTION = "no_action", _("No action")
    CALLBACK = "callback", _("Callback")


class FieldType(models.TextChoices):
    TEXT = "text", _("Text")
    LONG_TEXT = "long_text", _("Long text")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")
    TIME = "time", _("Time")
    CHOICE = "choice", _("Choice list")
    MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
    YES_NO = "yes_no", _("Yes / no")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")


class RetryOutcome(models.TextChoices):
    BUSY = "busy", _("Busy")
    NO_ANSWER = "no_answer", _("No answer")
    FAILED = "failed", _("Failed")
