"""Writes of the audit: an item opens with each management, auditors decide on it (with the
scorecard), the agent redoes an observed one, auditors claim items to work on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cadencia.accounts.models import User
from cadencia.audits.choices import (
    DECIDABLE,
    DECISION_TARGET,
    NOTE_REQUIRED,
    AuditStatus,
    Decision,
    EntryKind,
)
from cadencia.audits.events import AuditItemChanged
from cadencia.audits.models import AuditEntry, AuditItem, ScorecardCriterion
from cadencia.campaigns.choices import DispositionKind
from cadencia.console.models import Call, Disposition
from cadencia.console.services.dispositions import DispositionData, disposition_revise
from cadencia.core.events import publish
from cadencia.core.history import log_action

MAX_NOTE = 5000


class AuditConflict(ValidationError):
    """Someone changed the item since it was read: nothing was written."""


def _announce(item: AuditItem) -> None:
    publish(
        AuditItemChanged(
            item_id=item.pk,
            status=item.status,
            version=item.version,
            campaign_id=item.campaign_id,
            agent_id=item.agent_id,
        ),
        projects=[item.project_id],
        users=[item.agent_id],
        permission="audits.audit_dispositions",
    )


def item_open(disposition: Disposition) -> AuditItem | None:
    """Put a management disposition in the audit queue as pending (other kinds stay out)."""
    if disposition.option.kind != DispositionKind.MANAGEMENT:
        return None
    item = AuditItem.objects.create(
        project_id=disposition.project_id,
        disposition=disposition,
        campaign_id=disposition.campaign_id,
        agent_id=disposition.agent_id,
        contact_id=disposition.contact_id,
        managed_at=disposition.created_at,
        updated_at=disposition.created_at,
    )
    AuditEntry.objects.create(
        item=item,
        kind=EntryKind.OPENED,
        actor_id=disposition.agent_id,
        to_status=AuditStatus.PENDING,
        disposition=disposition,
    )
    _announce(item)
    return item


@dataclass
class DecisionData:
    decision: str
    version: int
    note: str = ""
    # criterion id → passed; empty when the campaign has no scorecard
    scorecard: dict[int, bool] = field(default_factory=dict)


@dataclass
class Score:
    value: Decimal | None
    rows: list[dict[str, Any]]
    critical_failed: bool


def score_of(campaign_id: int, answers: dict[int, bool], *, required: bool) -> Score:
    """The weighted score (0-100) of a filled scorecard; a failed critical criterion scores 0."""
    criteria = list(ScorecardCriterion.objects.filter(campaign_id=campaign_id))
    if not criteria:
        if answers:
            raise ValidationError({"scorecard": _("This campaign has no scorecard.")})
        return Score(None, [], False)
    if not answers and not required:
        return Score(None, [], False)
    known = {c.pk for c in criteria}
    if set(answers) - known:
        raise ValidationError({"scorecard": _("These are not the campaign's criteria.")})
    missing = [c.label for c in criteria if c.pk not in answers]
    if missing:
        raise ValidationError(
            {"scorecard": _("Check every criterion: %(names)s.") % {"names": ", ".join(missing)}}
        )
    rows = [
        {"criterion": c.label, "weight": c.weight, "critical": c.critical, "passed": answers[c.pk]}
        for c in criteria
    ]
    critical_failed = any(r["critical"] and not r["passed"] for r in rows)
    total = sum(c.weight for c in criteria)
    passed = sum(c.weight for c in criteria if answers[c.pk])
    value = Decimal(0) if critical_failed else Decimal(100 * passed) / Decimal(total)
    return Score(value.quantize(Decimal("0.01")), rows, critical_failed)


def _conflict(item_id: int) -> AuditConflict:
    item = AuditItem.objects.select_related("auditor", "agent").get(pk=item_id)
    last = item.entries.select_related("actor").order_by("-created_at", "-pk").first()
    who = last.actor if last is not None else item.agent
    when = formats.date_format(timezone.localtime(item.updated_at), "SHORT_DATETIME_FORMAT")
    return AuditConflict(
        _(
            "%(who)s changed this item at %(when)s (now %(status)s); nothing was overwritten. "
            "Look at it again before deciding."
        )
        % {"who": who, "when": when, "status": item.get_status_display().lower()},
        code="conflict",
    )


def _check_decision(item: AuditItem, auditor: User, data: DecisionData, now: datetime) -> Score:
    if item.version != data.version:
        raise _conflict(item.pk)
    if data.decision not in DECISION_TARGET:
        raise ValidationError({"decision": _("Choose approve, reject or observe.")})
    if item.status not in DECIDABLE:
        raise ValidationError(
            _("This item is %(status)s: there is nothing to decide.")
            % {"status": item.get_status_display().lower()}
        )
    claimed = item.claimed_by_id not in (None, auditor.pk)
    if claimed and item.claimed_until is not None and item.claimed_until > now:
        raise ValidationError(
            _("%(who)s is working on this item until %(when)s.")
            % {
                "who": item.claimed_by,
                "when": formats.time_format(timezone.localtime(item.claimed_until)),
            }
        )
    note = data.note.strip()
    if data.decision in NOTE_REQUIRED and not note:
        raise ValidationError({"note": _("Write a note: the agent reads it.")})
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": _("At most %(n)d characters.") % {"n": MAX_NOTE}})
    score = score_of(item.campaign_id, data.scorecard, required=data.decision != Decision.OBSERVE)
    if score.critical_failed and data.decision == Decision.APPROVE:
        raise ValidationError(
            {"scorecard": _("A critical criterion failed: reject or observe the item.")}
        )
    return score


def item_decide(*, auditor: User, item: AuditItem, data: DecisionData) -> AuditItem:
    """Approve, reject or observe ``item`` as it was at ``data.version``. A decision made on
    an older version (another auditor decided, or the agent redid it) changes nothing and says
    who did."""
    now = timezone.now()
    with transaction.atomic():
        item = AuditItem.objects.select_related("claimed_by").get(pk=item.pk)
        score = _check_decision(item, auditor, data, now)
        before = item.status
        target = DECISION_TARGET[Decision(data.decision)]
        note = data.note.strip()
        changed = AuditItem.objects.filter(pk=item.pk, version=data.version).update(
            status=target,
            version=data.version + 1,
            auditor=auditor,
            decided_at=now,
            updated_at=now,
            note=note,
            score=score.value,
            claimed_by=None,
            claimed_until=None,
        )
        if not changed:
            raise _conflict(item.pk)
        item.refresh_from_db()
        AuditEntry.objects.create(
            item=item,
            kind=EntryKind.DECIDED,
            actor=auditor,
            from_status=before,
            to_status=target,
            note=note,
            disposition_id=item.disposition_id,
            score=score.value,
            scorecard=score.rows,
        )
        log_action(item, "audits.decided", status=target, note=note)
        _announce(item)
    return item


def item_redo(
    *,
    agent: User,
    item: AuditItem,
    version: int,
    data: DispositionData,
    calls: Sequence[Call] = (),
) -> AuditItem:
    """The agent's redo of an observed management: a new version of the disposition (edited
    answers, maybe later calls to the contact), back in the queue as resubmitted."""
    now = timezone.now()
    with transaction.atomic():
        item = AuditItem.objects.select_related("disposition").get(pk=item.pk)
        if item.agent_id != agent.pk:
            raise ValidationError(_("This is not your management."))
        if item.version != version:
            raise _conflict(item.pk)
        if item.status != AuditStatus.OBSERVED:
            raise ValidationError(
                _("Only an observed management can be redone; this one is %(status)s.")
                % {"status": item.get_status_display().lower()}
            )
        if data.option.kind != DispositionKind.MANAGEMENT:
            raise ValidationError(
                {"option": _("Choose a management disposition: the redo goes back to audit.")}
            )
        revised = disposition_revise(
            agent=agent, disposition=item.disposition, data=data, calls=calls
        )
        changed = AuditItem.objects.filter(pk=item.pk, version=version).update(
            disposition=revised,
            status=AuditStatus.RESUBMITTED,
            version=version + 1,
            updated_at=now,
        )
        if not changed:
            raise _conflict(item.pk)
        item.refresh_from_db()
        AuditEntry.objects.create(
            item=item,
            kind=EntryKind.REDONE,
            actor=agent,
            from_status=AuditStatus.OBSERVED,
            to_status=AuditStatus.RESUBMITTED,
            note=data.notes.strip(),
            disposition=revised,
        )
        log_action(item, "audits.redone", disposition=revised.pk)
        _announce(item)
    return item


def item_claim(*, auditor: User, item: AuditItem) -> AuditItem:
    """Hold ``item`` for ``AUDIT_CLAIM_MINUTES`` so other auditors skip it; renews one's own."""
    now = timezone.now()
    if item.status not in DECIDABLE:
        raise ValidationError(_("Only items waiting for a decision can be claimed."))
    free = Q(claimed_by__isnull=True) | Q(claimed_until__lte=now) | Q(claimed_by=auditor)
    until = now + timedelta(minutes=settings.AUDIT_CLAIM_MINUTES)
    if not AuditItem.objects.filter(free, pk=item.pk).update(
        claimed_by=auditor, claimed_until=until
    ):
        item.refresh_from_db()
        raise ValidationError(
            _("%(who)s is working on this item until %(when)s.")
            % {
                "who": item.claimed_by,
                "when": formats.time_format(timezone.localtime(item.claimed_until)),
            }
        )
    item.refresh_from_db()
    return item


def item_release(*, auditor: User, item: AuditItem) -> None:
    AuditItem.objects.filter(pk=item.pk, claimed_by=auditor).update(
        claimed_by=None, claimed_until=None
    )


@dataclass
class CriterionData:
    label: str
    weight: int = 1
    critical: bool = False


def scorecard_save(*, campaign: Any, criteria: list[CriterionData]) -> list[ScorecardCriterion]:
    """Replace the campaign's checklist. Decisions already made keep the checklist they were
    filled with (each history row holds its own copy)."""
    errors: dict[str, list[str]] = {}
    for index, criterion in enumerate(criteria, start=1):
        label = criterion.label.strip()
        if not label or len(label) > 200:
            errors[f"criteria.{index}"] = [
                _("Row %(n)d: name the criterion (at most 200 characters).") % {"n": index}
            ]
        elif not 1 <= criterion.weight <= 100:
            errors[f"criteria.{index}"] = [
                _("Row %(n)d: the weight goes from 1 to 100.") % {"n": index}
            ]
    if len(criteria) > 50:
        errors["criteria"] = [_("At most 50 criteria.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        ScorecardCriterion.objects.filter(campaign=campaign).delete()
        saved = [
            ScorecardCriterion.objects.create(
                campaign=campaign,
                label=c.label.strip(),
                weight=c.weight,
                critical=c.critical,
                position=index,
            )
            for index, c in enumerate(criteria)
        ]
        log_action(campaign, "audits.scorecard_saved", criteria=[c.label for c in saved])
    return saved
