"""Call records: every call is kept, unanswered ones included, with its recordings."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadencia.console.choices import CallState, Direction, DispositionStatus
from cadencia.core.scoping import ScopedManager
from cadencia.telephony.connectors.base import HangupCause


class Call(models.Model):
    """One call of a campaign, outbound or inbound, from dialing (or arriving) to its end.

    ``ref`` is the name the phone system knows it by. ``project`` is the campaign's, kept on
    the row so history and reports filter by project without a join."""

    ref = models.CharField(_("reference"), max_length=64, unique=True)
    project = models.ForeignKey(
        settings.CADENCIA_PROJECT_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("project"),
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        on_delete=models.PROTECT,
        related_name="calls",
        verbose_name=_("campaign"),
    )
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    state = models.CharField(_("state"), max_length=10, choices=CallState.choices)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("agent"),
    )
    contact = models.ForeignKey(
        "contacts.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("contact"),
    )
    # The contact's company and contact database when the call got its contact, kept on the
    # call (as ``project`` is) so the call history filters by them on an index of its own:
    # through the contact, a company's calls were found by reading a project's calls one by one.
    company = models.ForeignKey(
        "contacts.Company",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # the history's index below starts with it
        verbose_name=_("company"),
    )
    contact_database = models.ForeignKey(
        "contacts.ContactDatabase",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # the history's index below starts with it
        verbose_name=_("contact database"),
    )
    # Outbound: the number the agent chose (E.164 when it could be read). Inbound: the caller.
    number = models.CharField(_("number"), max_length=40)
    dialed = models.CharField(_("number dialed"), max_length=40, blank=True)
    trunk = models.CharField(_("trunk"), max_length=100, blank=True)
    caller_id = models.CharField(_("caller ID"), max_length=40, blank=True)
    record = models.BooleanField(_("recorded"), default=False)
    created_at = models.DateTimeField(_("created at"), db_index=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    duration = models.PositiveIntegerField(_("talk time (seconds)"), null=True, blank=True)
    hangup_cause = models.CharField(
        _("hang-up cause"), max_length=10, choices=HangupCause.choices, blank=True
    )
    queue_wait = models.PositiveIntegerField(_("queue wait (seconds)"), null=True, blank=True)
    disposition_status = models.CharField(
        _("disposition"),
        max_length=10,
        choices=DispositionStatus.choices,
        default=DispositionStatus.NOT_NEEDED,
    )

    # The option of the call's newest disposition, kept by the dispositions' services: the
    # history filters by it on an index (through the dispositions, 1.6 s a page at 5M calls).
    disposition_name = models.CharField(
        _("disposition"), max_length=100, blank=True, default="", db_default=""
    )

    objects: ScopedManager[Any] = ScopedManager("project")

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["agent", "disposition_status", "ended_at"], name="console_call_pending"
            ),
            models.Index(fields=["project", "created_at"], name="console_call_project"),
            # The call history: newest first by agent, campaign or contact.
            models.Index(fields=["agent", "created_at", "id"], name="console_call_agent_recent"),
            models.Index(fields=["campaign", "created_at", "id"], name="console_call_campaign"),
            models.Index(fields=["contact", "created_at", "id"], name="console_call_contact"),
            models.Index(fields=["company", "created_at", "id"], name="console_call_company"),
            models.Index(
                fields=["contact_database", "created_at", "id"], name="console_call_database"
            ),
            models.Index(fields=["number", "created_at", "id"], name="console_call_number"),
            models.Index(
                fields=["disposition_name", "created_at", "id"], name="console_call_disposition"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} {self.number} ({self.created_at:%Y-%m-%d %H:%M})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Keep the contact's company and database with the contact, whichever service set it
        (a save that names its fields without ``contact`` did not change it)."""
        fields = kwargs.get("update_fields")
        if fields is None or "contact" in fields:
            contact = self.contact if self.contact_id else None
            self.company_id = contact.company_id if contact else None
            self.contact_database_id = contact.database_id if contact else None
            if fields is not None:
                kwargs["update_fields"] = {*fields, "company", "contact_database"}
        super().save(*args, **kwargs)

    def project_ids(self) -> list[int]:
        return [self.project_id]

    @property
    def is_live(self) -> bool:
        return self.state != CallState.ENDED


def _recording_path(instance: "Recording", filename: str) -> str:
    return filename


class Recording(models.Model):
    """A file in storage with what was recorded of a call (or a caller's voicemail)."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="recordings", verbose_name=_("call")
    )
    file = models.FileField(_("file"), upload_to=_recording_path, max_length=300)
    seconds = models.FloatField(_("length (seconds)"))
    voicemail = models.BooleanField(_("voicemail"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects: ScopedManager[Any] = ScopedManager("call")

    class Meta:
        verbose_name = _("recording")
        verbose_name_plural = _("recordings")
        ordering = ["call", "pk"]

    def __str__(self) -> str:
        return str(self.file.name)

    def project_ids(self) -> list[int]:
        return self.call.project_ids()
