"""Writes for SIP trunks and outbound routes (configuration; the connectors use them later)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cadencia.accounts.models import User
from cadencia.core.crypto import encrypt
from cadencia.projects.services import owned_object_delete, owned_object_save
from cadencia.telephony.dialplan import patterns_clean
from cadencia.telephony.models import OutboundRoute, RouteTrunk, SipTrunk


def sip_trunk_save(
    *, trunk: SipTrunk, project_ids: set[int], password: str | None, user: User | None
) -> SipTrunk:
    """``password`` None keeps the stored one; "" removes it."""
    if password is not None:
        if len(password) > 200:
            raise ValidationError({"password": _("At most 200 characters.")})
        trunk.password_encrypted = encrypt(password)
    owned_object_save(obj=trunk, project_ids=project_ids, user=user)
    return trunk


def sip_trunk_delete(*, trunk: SipTrunk) -> None:
    if trunk.routes.exists():
        raise ValidationError(_("Outbound routes use this trunk; remove it there first."))
    owned_object_delete(obj=trunk)


def outbound_route_save(
    *,
    route: OutboundRoute,
    project_ids: set[int],
    patterns: Any,
    trunks: list[SipTrunk],
    user: User | None,
) -> OutboundRoute:
    """Save a route with its dial patterns and its trunks in failover order (all visible in the
    route's project)."""
    try:
        route.patterns = patterns_clean(patterns)
    except ValidationError as exc:
        raise ValidationError({"patterns": exc.messages}) from exc
    if not trunks:
        raise ValidationError({"trunks": _("Choose at least one trunk.")})
    if len({t.pk for t in trunks}) != len(trunks):
        raise ValidationError({"trunks": _("A trunk is listed twice.")})
    with transaction.atomic():
        owned_object_save(obj=route, project_ids=project_ids, user=user)
        outside = [t for t in trunks if route.project_id not in t.project_ids()]
        if outside:
            raise ValidationError(
                {"trunks": _("“%(name)s” is not in the route's project.") % {"name": outside[0]}}
            )
        if [t.pk for t in route.ordered_trunks()] != [t.pk for t in trunks]:
            RouteTrunk.objects.filter(route=route).delete()
            for position, trunk in enumerate(trunks, 1):
                RouteTrunk.objects.create(route=route, trunk=trunk, position=position)
    return route


def outbound_route_delete(*, route: OutboundRoute) -> None:
    if route.has_dependants():
        raise ValidationError(
            _("Campaigns dial through this route; choose another one there first.")
        )
    owned_object_delete(obj=route)
