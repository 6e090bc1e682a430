"""The audit of management dispositions: one item per management, its immutable history, and
the campaigns' scorecards."""

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadencia.audits.choices import AuditStatus, EntryKind
from cadencia.core.scoping import ScopedManager


class AuditItem(models.Model):
    """A management disposition under audit. ``disposition`` is its latest version (a redo
    makes a new one); campaign, agent, contact and the management's date are copied from the
    first so the queue filters and pages on one table. ``version`` grows with every change:
    a decision names the version it was made on, so two auditors cannot both decide."""

    project = models.ForeignKey(
        settings.CADENCIA_PROJECT_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("project"),
    )
    disposition = models.OneToOneField(
        "console.Disposition",
        on_delete=models.PROTECT,
        related_name="audit_item",
        verbose_name=_("disposition"),
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.PROTECT, related_name="+", verbose_name=_("campaign")
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="audited_items",
        verbose_name=_("agent"),
    )
    contact = models.ForeignKey(
        "contacts.Contact", on_delete=models.PROTECT, related_name="+", verbose_name=_("contact")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=AuditStatus.choices, default=AuditStatus.PENDING
    )
    managed_at = models.DateTimeField(_("managed at"))
    updated_at = models.DateTimeField(_("updated at"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_decisions",
        verbose_name=_("auditor"),
    )
    note = models.TextField(_("note"), blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("claimed by"),
    )
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)

    objects: ScopedManager[Any] = ScopedManager("project")

    class Meta:
        verbose_name = _("audit item")
        verbose_name_plural = _("audit items")
        ordering = ["-managed_at", "-pk"]
        permissions = [("audit_dispositions", "Can audit management dispositions")]
        # The queue pages by (date, id) within a project, usually narrowed by status, campaign
        # or agent: each common filter has an index that ends in the page's order.
        indexes = [
            models.Index(fields=["project", "managed_at", "id"], name="audits_item_project"),
            models.Index(
                fields=["project", "status", "managed_at", "id"], name="audits_item_status"
            ),
            models.Index(fields=["campaign", "managed_at", "id"], name="audits_item_campaign"),
            models.Index(
                fields=["campaign", "status", "managed_at", "id"],
                name="audits_item_campaign_status",
            ),
            models.Index(fields=["agent", "managed_at", "id"], name="audits_item_agent"),
            models.Index(
                fields=["agent", "status", "managed_at", "id"], name="audits_item_agent_status"
            ),
            models.Index(fields=["project", "updated_at", "id"], name="audits_item_updated"),
            models.Index(fields=["auditor", "decided_at"], name="audits_item_auditor"),
        ]

    def __str__(self) -> str:
        return f"{self.disposition} [{self.get_status_display()}]"

    def project_ids(self) -> list[int]:
        return [self.project_id]


class AuditEntry(models.Model):
    """One step of an item's history, never changed: it entered the audit, an auditor decided
    (with the scorecard filled, if the campaign has one), or the agent redid the management."""

    item = models.ForeignKey(
        AuditItem, on_delete=models.CASCADE, related_name="entries", verbose_name=_("item")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=EntryKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    from_status = models.CharField(
        _("from"), max_length=12, choices=AuditStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=12, choices=AuditStatus.choices)
    note = models.TextField(_("note"), blank=True)
    disposition = models.ForeignKey(
        "console.Disposition",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("disposition version"),
    )
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    # [{"criterion", "weight", "critical", "passed"}]: the scorecard as it was filled.
    scorecard = models.JSONField(_("scorecard"), default=list, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    objects: ScopedManager[Any] = ScopedManager("item")

    class Meta:
        verbose_name = _("audit history entry")
        verbose_name_plural = _("audit history entries")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("audit history entries are never changed")
        super().save(*args, **kwargs)


class ScorecardCriterion(models.Model):
    """One line of a campaign's checklist: what the auditor checks, how much it weighs, and
    whether failing it fails the whole item (critical)."""

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        on_delete=models.CASCADE,
        related_name="scorecard_criteria",
        verbose_name=_("campaign"),
    )
    label = models.CharField(_("criterion"), max_length=200)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    critical = models.BooleanField(
        _("critical"), default=False, help_text=_("Failing it fails the whole item.")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects: ScopedManager[Any] = ScopedManager("campaign")

    class Meta:
        verbose_name = _("scorecard criterion")
        verbose_name_plural = _("scorecard criteria")
        ordering = ["campaign", "position", "pk"]

    def __str__(self) -> str:
        return self.label

    def project_ids(self) -> list[int]:
        return [self.campaign.project_id]


class AuditExport(models.Model):
    """A CSV of audit items or a ZIP of their recordings, built in the background for its
    requester. It keeps the scope it was asked in, so it never holds more than they could see."""

    class Kind(models.TextChoices):
        CSV = "csv", _("CSV of the items")
        RECORDINGS = "zip", _("ZIP of the recordings")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Building")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="audit_exports",
        verbose_name=_("requested by"),
    )
    kind = models.CharField(_("kind"), max_length=3, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    scope_projects = models.JSONField(_("projects"), default=list)
    # The selection: item ids, or the queue's filters as the request named them.
    item_ids = models.JSONField(_("items"), default=list, blank=True)
    query = models.JSONField(_("filters"), default=dict, blank=True)
    total = models.PositiveIntegerField(_("items"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    file = models.FileField(_("file"), upload_to="audit-exports/", blank=True, max_length=300)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit export")
        verbose_name_plural = _("audit exports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0
