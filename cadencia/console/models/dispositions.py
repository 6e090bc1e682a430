"""Dispositions: the outcome an agent records for a contact in a campaign, and drafts of them."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadencia.core.scoping import ScopedManager


class Disposition(models.Model):
    """An agent's disposition of a contact in a campaign (the seed's "calificación").

    The newest per contact and campaign is the current one (``is_current``, one at most, held
    by the database); earlier ones stay as its history."""

    project = models.ForeignKey(
        settings.CADENCIA_PROJECT_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("project"),
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        on_delete=models.PROTECT,
        related_name="dispositions",
        verbose_name=_("campaign"),
    )
    contact = models.ForeignKey(
        "contacts.Contact",
        on_delete=models.PROTECT,
        related_name="dispositions",
        verbose_name=_("contact"),
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="dispositions",
        verbose_name=_("agent"),
    )
    option = models.ForeignKey(
        "campaigns.DispositionOption",
        on_delete=models.PROTECT,
        related_name="dispositions",
        verbose_name=_("disposition"),
    )
    form_version = models.ForeignKey(
        "campaigns.FormVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dispositions",
        verbose_name=_("form version"),
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    callback_at = models.DateTimeField(_("call back at"), null=True, blank=True)
    callback_same_agent = models.BooleanField(_("the same agent calls back"), default=False)
    calls = models.ManyToManyField(
        "console.Call", related_name="dispositions", blank=True, verbose_name=_("calls")
    )
    is_current = models.BooleanField(_("current"), default=True)
    # The version this one redoes (the audit sent it back); the agent's list shows the newest.
    revises = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revised_by",
        verbose_name=_("redoes"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    objects: ScopedManager[Any] = ScopedManager("project")

    class Meta:
        verbose_name = _("disposition")
        verbose_name_plural = _("dispositions")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "contact"],
                condition=models.Q(is_current=True),
                name="console_one_current_disposition",
            ),
        ]
        indexes = [
            models.Index(fields=["agent", "created_at"], name="console_disposition_agent"),
        ]

    def __str__(self) -> str:
        return f"{self.option} · {self.contact}"

    def project_ids(self) -> list[int]:
        return [self.project_id]


class DispositionDraft(models.Model):
    """What an agent has typed so far for a call's disposition, kept on the server so a reload,
    a lost connection or a closed tab loses nothing."""

    call = models.OneToOneField(
        "console.Call", on_delete=models.CASCADE, related_name="draft", verbose_name=_("call")
    )
    data = models.JSONField(_("data"), default=dict)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects: ScopedManager[Any] = ScopedManager("call")

    class Meta:
        verbose_name = _("disposition draft")
        verbose_name_plural = _("disposition drafts")

    def __str__(self) -> str:
        return f"draft of {self.call_id}"
