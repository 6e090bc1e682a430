from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadencia.campaigns.choices import (
    CampaignState,
    CampaignType,
    DispositionKind,
    DuplicatePolicy,
    Interaction,
    PacingMode,
    QueueStrategy,
    TimeoutAction,
)
from cadencia.campaigns.models.form import Form, _referenced
from cadencia.core.scoping import ScopedManager
from cadencia.projects.ownership import SingleProjectModel

WIZARD_STEPS = 3


def default_retries() -> dict[str, dict[str, int]]:
    return {
        "busy": {"attempts": 3, "interval_minutes": 15},
        "no_answer": {"attempts": 3, "interval_minutes": 60},
        "failed": {"attempts": 1, "interval_minutes": 120},
    }


class Campaign(SingleProjectModel):
    """A unit of contact-center work: its contacts, agents, disposition options and settings.

    Created through a three-step wizard that can be left and resumed: ``wizard_step`` is the
    last step completed (a draft with 1 resumes at the options).
    """

    name = models.CharField(_("name"), max_length=100)
    type = models.CharField(_("type"), max_length=20, choices=CampaignType.choices)
    state = models.CharField(
        _("state"), max_length=20, choices=CampaignState.choices, default=CampaignState.DRAFT
    )
    wizard_step = models.PositiveSmallIntegerField(_("wizard step completed"), default=0)
    is_template = models.BooleanField(_("template"), default=False)

    # Step 1: parameters
    contact_database = models.ForeignKey(
        "contacts.ContactDatabase",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaigns",
        verbose_name=_("contact database"),
    )
    duplicate_policy = models.CharField(
        _("duplicate control"),
        max_length=10,
        choices=DuplicatePolicy.choices,
        default=DuplicatePolicy.ALLOW,
        help_text=_("Whether agents may create a new contact with a phone that already exists."),
    )
    interaction = models.CharField(
        _("interaction type"), max_length=10, choices=Interaction.choices, default=Interaction.FORM
    )
    external_site = models.ForeignKey(
        "campaigns.ExternalSite",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaigns",
        verbose_name=_("external site"),
        help_text=_("Opened on each connected call when the interaction uses an external URL."),
    )
    address_column = models.CharField(
        _("address column"),
        max_length=100,
        blank=True,
        help_text=_("The console links this column to OpenStreetMap."),
    )
    record_calls = models.BooleanField(_("record calls"), default=True)
    objective = models.PositiveIntegerField(
        _("objective"),
        null=True,
        blank=True,
        help_text=_("Target number of positive managements."),
    )
    external_system = models.ForeignKey(
        "campaigns.ExternalSystem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaigns",
        verbose_name=_("external system"),
        help_text=_("The system that may ask for click-to-call and dispositions."),
    )
    external_id = models.CharField(_("ID in the external system"), max_length=100, blank=True)
    outbound_route = models.ForeignKey(
        "telephony.OutboundRoute",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaigns",
        verbose_name=_("outbound route"),
    )
    caller_id = models.CharField(_("caller ID"), max_length=40, blank=True)
    schedule = models.ForeignKey(
        "resources.Schedule",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaigns",
        verbose_name=_("schedule"),
    )
    script = models.TextField(
        _("script"),
        blank=True,
        help_text=_(
            "Shown to the agent during calls; {column} is replaced by the contact's value."
        ),
    )
    hidden_columns = models.JSONField(_("columns agents may not see"), default=list, blank=True)
    readonly_columns = models.JSONField(_("columns agents may not edit"), default=list, blank=True)

    # Preview
    preview_hold_seconds = models.PositiveIntegerField(
        _("preview hold (seconds)"),
        default=300,
        validators=[MinValueValidator(10), MaxValueValidator(86400)],
        help_text=_("How long an agent may hold a previewed contact before it returns."),
    )
    # Dialer
    pacing = models.CharField(
        _("pacing"), max_length=20, choices=PacingMode.choices, default=PacingMode.PROGRESSIVE
    )
    max_lines_per_agent = models.PositiveSmallIntegerField(
        _("maximum lines per agent"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    target_abandon_rate = models.DecimalField(
        _("target abandon rate (%)"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("3.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("30"))],
    )
    ring_timeout_seconds = models.PositiveSmallIntegerField(
        _("ring timeout (seconds)"),
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(120)],
    )
    retries = models.JSONField(_("retries per outcome"), default=default_retries, blank=True)
    time_zone_column = models.CharField(
        _("time zone column"),
        max_length=100,
        blank=True,
        help_text=_("A contact column with the contact's time zone: calls follow its hours."),
    )
    # Inbound
    queue_strategy = models.CharField(
        _("queue strategy"),
        max_length=20,
        choices=QueueStrategy.choices,
        default=QueueStrategy.LONGEST_IDLE,
    )
    max_wait_seconds = models.PositiveIntegerField(
        _("maximum wait (seconds)"),
        default=120,
        validators=[MinValueValidator(5), MaxValueValidator(3600)],
    )
    on_timeout = models.CharField(
        _("when the wait is over"),
        max_length=20,
        choices=TimeoutAction.choices,
        default=TimeoutAction.VOICEMAIL,
    )
    timeout_campaign = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("campaign that takes the call"),
    )
    wrap_up_seconds = models.PositiveSmallIntegerField(
        _("wrap-up time (seconds)"), default=10, validators=[MaxValueValidator(600)]
    )
    service_level_seconds = models.PositiveSmallIntegerField(
        _("service-level threshold (seconds)"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
    )

    # Step 3: people
    agents = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="agent_campaigns",
        blank=True,
        verbose_name=_("agents"),
    )
    supervisors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="supervised_campaigns",
        blank=True,
        verbose_name=_("supervisors"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "name"], name="campaigns_campaign_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def has_dependants(self) -> bool:
        # A started campaign has calls and dispositions in its project.
        return self.state != CampaignState.DRAFT

    @property
    def wizard_done(self) -> bool:
        return self.wizard_step >= WIZARD_STEPS

    def next_wizard_step(self) -> int:
        return min(self.wizard_step + 1, WIZARD_STEPS)


class DispositionOption(models.Model):
    """One outcome a campaign offers its agents (the seed's "opción de calificación")."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="options", verbose_name=_("campaign")
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=DispositionKind.choices)
    form = models.ForeignKey(
        Form,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="options",
        verbose_name=_("management form"),
    )
    positive = models.BooleanField(
        _("positive"), default=False, help_text=_("Counts toward the objective.")
    )
    hidden = models.BooleanField(
        _("hidden"), default=False, help_text=_("Agents no longer see it; its history stays.")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects: ScopedManager[Any] = ScopedManager("campaign")

    class Meta:
        verbose_name = _("disposition option")
        verbose_name_plural = _("disposition options")
        ordering = ["campaign", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "name"], name="campaigns_option_unique_name"
            ),
            # A management option opens a form; the others never do.
            models.CheckConstraint(
                condition=(models.Q(kind="management") & models.Q(form__isnull=False))
                | (~models.Q(kind="management") & models.Q(form__isnull=True)),
                name="campaigns_option_form_iff_management",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def project_ids(self) -> list[int]:
        return self.campaign.project_ids()

    def is_used(self) -> bool:
        """Dispositions were recorded with it (rows elsewhere point at it)."""
        return _referenced(self)
