"""Tickets with their actions, the actions' journal, comments and attachments.

Every row carries its project (copied from the ticket or the call) so lists filter by project
without a join, and every manager is scoped."""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadencia.core.scoping import ScopedManager
from cadencia.crm.choices import ActionStatus, EmailStatus, Priority, SmsDirection, SmsStatus
from cadencia.projects.ownership import SingleProjectModel


class CrmSettings(SingleProjectModel):
    """A project's CRM settings: the rate a call's charges are computed at (the seed's
    "10 col / segundo")."""

    charge_per_second = models.DecimalField(
        _("charge per second"),
        max_digits=10,
        decimal_places=4,
        default=Decimal("0"),
        help_text=_("What a second of a call costs the contact, for comments e-mailed with it."),
    )
    currency = models.CharField(_("currency"), max_length=10, default="USD")
    sms_number = models.CharField(
        _("SMS number"),
        max_length=20,
        blank=True,
        help_text=_("The project's number at the SMS provider, in E.164 (+5493511234567)."),
    )

    class Meta:
        verbose_name = _("CRM settings")
        verbose_name_plural = _("CRM settings")
        ordering = ["project"]
        constraints = [models.UniqueConstraint(fields=["project"], name="crm_settings_one")]

    def __str__(self) -> str:
        return f"{self.project} · {self.charge_per_second} {self.currency}/s"


class ActionType(SingleProjectModel):
    """A kind of ticket action ("Reporte CC", "Tutorial", "Vacaciones"), with its form."""

    name = models.CharField(_("name"), max_length=100)
    form = models.ForeignKey(
        "campaigns.Form",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_types",
        verbose_name=_("form"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("action type")
        verbose_name_plural = _("action types")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="crm_actiontype_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.form and self.project_id and self.form.project_id != self.project_id:
            raise ValidationError({"form": _("The form must belong to the same project.")})

    def has_dependants(self) -> bool:
        return self.actions.exists()


class Ticket(SingleProjectModel):
    """A follow-up opened from a call or a contact. Open while any action is pending
    (``is_open`` is kept by the services, for lists that filter and colour by it)."""

    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=10000)
    contact = models.ForeignKey(
        "contacts.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("contact"),
    )
    company = models.ForeignKey(
        "contacts.Company",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("company"),
    )
    call = models.ForeignKey(
        "console.Call",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("call"),
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("opened by"),
    )
    is_open = models.BooleanField(_("open"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["project", "is_open", "-created_at"], name="crm_ticket_status"),
            models.Index(fields=["contact", "-created_at"], name="crm_ticket_contact"),
            # The ticket search: newest first, alone or by company.
            models.Index(fields=["project", "created_at", "id"], name="crm_ticket_recent"),
            models.Index(fields=["company", "created_at", "id"], name="crm_ticket_company"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.subject}"


class TicketAction(models.Model):
    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="actions", verbose_name=_("ticket")
    )
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="+", verbose_name=_("project")
    )
    action_type = models.ForeignKey(
        ActionType, on_delete=models.PROTECT, related_name="actions", verbose_name=_("type")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.PENDING
    )
    subject = models.CharField(_("subject"), max_length=200)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agent"),
    )
    group = models.ForeignKey(
        "projects.UserGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("group"),
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.MEDIUM
    )
    starts_at = models.DateTimeField(_("start"), null=True, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    cc = models.TextField(_("CC"), blank=True, max_length=2000)
    bcc = models.TextField(_("BCC"), blank=True, max_length=2000)
    notify_contact = models.BooleanField(_("send updates to the contact"), default=False)
    form_version = models.ForeignKey(
        "campaigns.FormVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("form version"),
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects: ScopedManager[Any] = ScopedManager("project")

    class Meta:
        verbose_name = _("ticket action")
        verbose_name_plural = _("ticket actions")
        ordering = ["ticket", "pk"]
        indexes = [
            models.Index(fields=["project", "status", "starts_at"], name="crm_action_status"),
            models.Index(fields=["assignee", "status", "starts_at"], name="crm_action_assignee"),
            # The action search: newest first, alone or by status or agent; by start date.
            models.Index(fields=["project", "created_at", "id"], name="crm_action_recent"),
            models.Index(
                fields=["project", "status", "created_at", "id"], name="crm_action_status_recent"
            ),
            models.Index(fields=["assignee", "created_at", "id"], name="crm_action_agent_recent"),
            models.Index(fields=["project", "starts_at"], name="crm_action_start"),
        ]

    def __str__(self) -> str:
        return f"{self.action_type} · {self.subject}"

    def project_ids(self) -> list[int]:
        return [self.project_id]


class JournalEntry(models.Model):
    """One edit of an action (the seed's "bitácora de cambios"): who, when, and each changed
    field's old and new text. Append-only."""

    action = models.ForeignKey(
        TicketAction, on_delete=models.CASCADE, related_name="journal", verbose_name=_("action")
    )
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    created = models.BooleanField(_("created"), default=False)
    # [{"field": "status", "label": "status", "old": "Pending", "new": "Done"}]
    changes = models.JSONField(_("changes"), default=list)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    objects: ScopedManager[Any] = ScopedManager("project")

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        ordering = ["action", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} · {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValidationError(_("The journal is never rewritten."))
        super().save(*args, **kwargs)

    def project_ids(self) -> list[int]:
        return [self.project_id]


class Comment(models.Model):
    """A comment on a call or on a ticket action, optionally e-mailed to the contact (with the
    call's charges). ``body`` is sanitised HTML."""

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="+")
    call = models.ForeignKey(
        "console.Call",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("call"),
    )
    action = models.ForeignKey(
        TicketAction,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("action"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    body = models.TextField(_("comment"))
    cc = models.TextField(_("CC"), blank=True)
    bcc = models.TextField(_("BCC"), blank=True)
    email_to = models.EmailField(_("e-mailed to"), blank=True)
    charges = models.DecimalField(
        _("call charges"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    charge_text = models.CharField(_("charges"), max_length=200, blank=True)
    email_status = models.CharField(
        _("e-mail"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.NONE
    )
    email_attempts = models.PositiveSmallIntegerField(_("e-mail attempts"), default=0)
    email_error = models.CharField(_("e-mail error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects: ScopedManager[Any] = ScopedManager("project")

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(call__isnull=True) ^ models.Q(action__isnull=True),
                name="crm_comment_one_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.author} · {self.created_at:%Y-%m-%d %H:%M}"

    def project_ids(self) -> list[int]:
        return [self.project_id]


def _attachment_path(instance: "Attachment", filename: str) -> str:
    # The stored name is not the uploaded one: two uploads named alike never meet.
    return f"crm/{instance.project_id}/{instance.token}"


class Attachment(models.Model):
    """A file attached to a call (for follow-up) or to a comment."""

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="+")
    call = models.ForeignKey(
        "console.Call",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("call"),
    )
    comment = models.ForeignKey(
        Comment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("comment"),
    )
    token = models.CharField(max_length=40, unique=True)
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=300)
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects: ScopedManager[Any] = ScopedManager("project")

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.name

    def project_ids(self) -> list[int]:
        return [self.project_id]


class SmsMessage(models.Model):
    """One SMS of a conversation with a contact's number, sent by an agent or received."""

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey(
        "contacts.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sms_messages",
        verbose_name=_("contact"),
    )
    number = models.CharField(_("number"), max_length=20)
    direction = models.CharField(_("direction"), max_length=3, choices=SmsDirection.choices)
    body = models.TextField(_("message"), max_length=1600)
    status = models.CharField(_("status"), max_length=10, choices=SmsStatus.choices)
    provider = models.CharField(_("provider"), max_length=20)
    provider_id = models.CharField(_("provider's id"), max_length=64, blank=True, db_index=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    objects: ScopedManager[Any] = ScopedManager("project")

    class Meta:
        verbose_name = _("SMS message")
        verbose_name_plural = _("SMS messages")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["project", "number", "created_at"], name="crm_sms_thread")]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} {self.number}: {self.body[:30]}"

    def project_ids(self) -> list[int]:
        return [self.project_id]


class SmsOptOut(models.Model):
    """A number that answered an opt-out word (STOP, BAJA): no more SMS from this project."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+")
    number = models.CharField(_("number"), max_length=20)
    keyword = models.CharField(_("word"), max_length=20)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    objects: ScopedManager[Any] = ScopedManager("project")

    class Meta:
        verbose_name = _("SMS opt-out")
        verbose_name_plural = _("SMS opt-outs")
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="crm_sms_optout_unique")
        ]

    def __str__(self) -> str:
        return self.number

    def project_ids(self) -> list[int]:
        return [self.project_id]


class CalendarFeed(models.Model):
    """A user's read-only iCalendar address (for a phone's calendar app). Only the secret's
    hash is kept: the address is shown once; a new one replaces (revokes) the old."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("user"),
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d}"
