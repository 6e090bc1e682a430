import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadencia.core.scoping import ScopedManager
from cadencia.projects.ownership import MultiProjectModel, SingleProjectModel
from cadencia.telephony.simulator_models import (
    SimulatedCall,
    SimulatedQueue,
    SimulatedQueueMember,
)

HOST = re.compile(r"^[A-Za-z0-9.-]{1,253}$|^\[?[0-9A-Fa-f:]{2,39}\]?$")


def validate_host(value: str) -> None:
    if not HOST.match(value):
        raise ValidationError(
            _("“%(value)s” is not a host name or IP address."), params={"value": value[:60]}
        )


class SipTrunk(MultiProjectModel):
    """A carrier's SIP trunk (the seed's "proveedor SIP"); configuration only until the SIP
    connector lands. Its password is stored encrypted and never shown back."""

    class Transport(models.TextChoices):
        UDP = "udp", "UDP"
        TCP = "tcp", "TCP"
        TLS = "tls", "TLS"

    name = models.CharField(_("name"), max_length=100)
    host = models.CharField(_("host"), max_length=255, validators=[validate_host])
    port = models.PositiveIntegerField(
        _("port"), default=5060, validators=[MinValueValidator(1), MaxValueValidator(65535)]
    )
    transport = models.CharField(
        _("transport"), max_length=3, choices=Transport.choices, default=Transport.UDP
    )
    username = models.CharField(_("user name"), max_length=100, blank=True)
    password_encrypted = models.TextField(_("password (encrypted)"), blank=True, editable=False)
    register = models.BooleanField(_("register"), default=False)
    max_channels = models.PositiveIntegerField(
        _("maximum channels"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("SIP trunk")
        verbose_name_plural = _("SIP trunks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def password_state(self) -> str:
        return str(_("set (hidden)")) if self.password_encrypted else "—"


class OutboundRoute(SingleProjectModel):
    """Which trunks a campaign dials through, in order of failover, and how numbers are rewritten
    for them (dial patterns with strip and prepend)."""

    name = models.CharField(_("name"), max_length=100)
    # [{"pattern": "0ZXXXXXXXX.", "strip": 1, "prepend": "+54"}]: see telephony/dialplan.py.
    patterns = models.JSONField(_("dial patterns"), default=list)
    trunks = models.ManyToManyField(
        SipTrunk, through="RouteTrunk", related_name="routes", verbose_name=_("trunks")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("outbound route")
        verbose_name_plural = _("outbound routes")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "name"], name="telephony_outboundroute_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def ordered_trunks(self) -> list[SipTrunk]:
        if "route_trunks" in getattr(self, "_prefetched_objects_cache", {}):
            links = sorted(self.route_trunks.all(), key=lambda rt: rt.position)
        else:
            links = list(self.route_trunks.select_related("trunk").order_by("position"))
        return [rt.trunk for rt in links]

    def has_dependants(self) -> bool:
        return any(
            rel.related_model._base_manager.filter(**{rel.field.name: self}).exists()
            for rel in self._meta.related_objects
            if rel.one_to_many and rel.related_model is not RouteTrunk
        )


class RouteTrunk(models.Model):
    route = models.ForeignKey(OutboundRoute, on_delete=models.CASCADE, related_name="route_trunks")
    trunk = models.ForeignKey(SipTrunk, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(_("order"))

    objects: ScopedManager[Any] = ScopedManager("route")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["route", "trunk"], name="telephony_routetrunk_unique"),
            models.UniqueConstraint(
                fields=["route", "position"], name="telephony_routetrunk_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.route} #{self.position}: {self.trunk}"

    def project_ids(self) -> list[int]:
        return self.route.project_ids()


__all__ = [
    "OutboundRoute",
    "RouteTrunk",
    "SimulatedCall",
    "SimulatedQueue",
    "SimulatedQueueMember",
    "SipTrunk",
]
