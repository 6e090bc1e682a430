"""Agents at work: one open session per agent, its current state, and every state it was in."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadencia.console.choices import AgentState


class AgentSession(models.Model):
    """From an agent's log-in to the console to their log-out, with the campaigns they work.

    Not project-owned: it is the agent's own. Supervisors reach sessions through the campaigns
    they may see (``selectors.sessions_in_scope``)."""

    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="agent_sessions",
        verbose_name=_("agent"),
    )
    campaigns = models.ManyToManyField(
        "campaigns.Campaign", related_name="agent_sessions", verbose_name=_("campaigns")
    )
    state = models.CharField(
        _("state"), max_length=10, choices=AgentState.choices, default=AgentState.READY
    )
    state_since = models.DateTimeField(_("in this state since"))
    pause_reason = models.ForeignKey(
        "campaigns.PauseReason",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pause reason"),
    )
    # The state a call interrupted (ready, or paused with its reason): where wrap-up returns.
    resume_state = models.CharField(max_length=10, choices=AgentState.choices, blank=True)
    resume_pause_reason = models.ForeignKey(
        "campaigns.PauseReason", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    call = models.ForeignKey(
        "console.Call",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current call"),
    )
    wrap_up_until = models.DateTimeField(_("wrap-up until"), null=True, blank=True)
    started_at = models.DateTimeField(_("logged in at"))
    ended_at = models.DateTimeField(_("logged out at"), null=True, blank=True)

    class Meta:
        verbose_name = _("agent session")
        verbose_name_plural = _("agent sessions")
        ordering = ["-started_at"]
        permissions = [
            ("use_console", _("Can work in the agent console")),
            ("supervise_agents", _("Can watch agents live")),
            ("inject_call", _("Can inject simulated inbound calls")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agent"],
                condition=models.Q(ended_at__isnull=True),
                name="console_one_open_session",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agent} ({self.started_at:%Y-%m-%d %H:%M})"


class AgentStateChange(models.Model):
    """One stretch of time an agent spent in a state: what agent reports are built from."""

    session = models.ForeignKey(AgentSession, on_delete=models.CASCADE, related_name="changes")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("state"), max_length=10, choices=AgentState.choices)
    pause_reason = models.ForeignKey(
        "campaigns.PauseReason", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    call = models.ForeignKey(
        "console.Call", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(_("from"))
    ended_at = models.DateTimeField(_("to"), null=True, blank=True)

    class Meta:
        verbose_name = _("agent state change")
        verbose_name_plural = _("agent state changes")
        ordering = ["started_at", "pk"]
        indexes = [models.Index(fields=["agent", "started_at"], name="console_state_agent")]

    def __str__(self) -> str:
        return f"{self.agent} {self.state} {self.started_at:%H:%M:%S}"

    def seconds(self) -> Any:
        return (self.ended_at - self.started_at).total_seconds() if self.ended_at else None
