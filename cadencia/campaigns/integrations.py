"""Writes for external sites and external systems."""

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cadencia.accounts.models import User
from cadencia.campaigns.models import ExternalSite, ExternalSystem
from cadencia.projects.models import Membership
from cadencia.projects.services import (
    owned_object_delete,
    owned_object_save,
    project_default_for,
)

TOKEN_BYTES = 32


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def external_site_save(
    *, site: ExternalSite, project_ids: set[int], user: User | None
) -> ExternalSite:
    owned_object_save(obj=site, project_ids=project_ids, user=user)
    return site


def external_site_delete(*, site: ExternalSite) -> None:
    if site.has_dependants():
        raise ValidationError(_("Campaigns open this site; choose another one there first."))
    owned_object_delete(obj=site)


def _agent_map_clean(project_id: int, agent_map: object) -> dict[str, int]:
    if not isinstance(agent_map, dict):
        raise ValidationError(
            {"agent_map": _("Expected an object: the system's agent id → user id.")}
        )
    members = set(
        Membership.objects.filter(project_id=project_id).values_list("user_id", flat=True)
    )
    cleaned: dict[str, int] = {}
    for key, user_id in agent_map.items():
        name = str(key).strip()
        if not name or len(name) > 100:
            raise ValidationError(
                {"agent_map": _("An agent id of 1 to 100 characters is required.")}
            )
        if isinstance(user_id, bool) or not isinstance(user_id, int) or user_id not in members:
            label = str(user_id)[:40]
            if isinstance(user_id, int):
                found = User.objects.filter(pk=user_id).values_list("username", flat=True)
                label = found.first() or label
            raise ValidationError(
                {
                    "agent_map": _("“%(key)s”: user %(user)s is not in the system's project.")
                    % {"key": name, "user": label}
                }
            )
        cleaned[name] = user_id
    if len(set(cleaned.values())) != len(cleaned):
        raise ValidationError({"agent_map": _("A user is mapped twice.")})
    return cleaned


def external_system_save(
    *, system: ExternalSystem, project_ids: set[int], agent_map: object, user: User | None
) -> str:
    """Save the system; a new one gets its token, returned once (only its hash is kept)."""
    # Checked before anything is saved, against the project the system is going to.
    target = sorted(project_ids)[0] if len(project_ids) == 1 else system.project_id
    if target is None:
        target = project_default_for(user, field="project")
    system.agent_map = _agent_map_clean(target, agent_map)
    token = ""
    if not system.pk:
        token = secrets.token_urlsafe(TOKEN_BYTES)
        system.token_hash = token_hash(token)
        system.token_prefix = token[:8]
    owned_object_save(obj=system, project_ids=project_ids, user=user)
    return token


def external_system_token_reset(*, system: ExternalSystem) -> str:
    """A new token for the system; the old one stops working at once."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with transaction.atomic():
        system.token_hash = token_hash(token)
        system.token_prefix = token[:8]
        system.save(update_fields=["token_hash", "token_prefix"])
    return token


def external_system_delete(*, system: ExternalSystem) -> None:
    if system.has_dependants():
        raise ValidationError(_("Campaigns use this system; choose another one there first."))
    owned_object_delete(obj=system)


def external_system_for_token(token: str) -> ExternalSystem | None:
    """The system a token belongs to, whatever its project: the token is the credential, and
    finding its owner searches every project the way a sign-in searches every user."""
    from cadencia.core.scoping import ALL_PROJECTS, project_scope

    if not token or len(token) > 200:
        return None
    with project_scope(ALL_PROJECTS):
        return ExternalSystem.objects.filter(token_hash=token_hash(token)).first()
