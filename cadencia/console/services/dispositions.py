"""Dispositions: what the agent records for a contact after (or during) calls, and drafts."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadencia.accounts.models import User
from cadencia.campaigns.answers import answers_clean
from cadencia.campaigns.choices import DispositionKind
from cadencia.campaigns.models import DispositionOption
from cadencia.console.choices import DispositionStatus
from cadencia.console.events import DispositionSaved
from cadencia.console.models import Call, Disposition, DispositionDraft
from cadencia.console.signals import disposition_saved
from cadencia.contacts.activity import contact_activity
from cadencia.contacts.models import Contact
from cadencia.core.events import publish
from cadencia.core.history import log_action

MAX_NOTES = 5000
MAX_DRAFT_BYTES = 64 * 1024


@dataclass
class DispositionData:
    option: DispositionOption
    answers: dict[str, Any] = field(default_factory=dict)
    notes: str = ""
    callback_at: datetime | None = None
    callback_same_agent: bool = False


def _check_calls(agent: User, calls: list[Call], contact: Contact | None) -> Contact:
    if not calls:
        raise ValidationError({"calls": _("Choose the call(s) this disposition is for.")})
    campaigns = {c.campaign_id for c in calls}
    if len(campaigns) > 1:
        raise ValidationError({"calls": _("These calls belong to different campaigns.")})
    for call in calls:
        if call.agent_id != agent.pk:
            raise ValidationError({"calls": _("This is not your call.")})
        if call.disposition_status != DispositionStatus.PENDING:
            raise ValidationError(
                {"calls": _("This call is not waiting for a disposition any more.")}
            )
    contacts = {c.contact_id for c in calls if c.contact_id} | (
        {contact.pk} if contact is not None else set()
    )
    if not contacts:
        raise ValidationError({"contact": _("Choose or create the caller's contact first.")})
    if len(contacts) > 1:
        raise ValidationError({"contact": _("These calls are with different contacts.")})
    chosen = contact or next(c.contact for c in calls if c.contact_id)
    database_id = calls[0].campaign.contact_database_id
    if chosen is None or chosen.database_id != database_id:
        raise ValidationError({"contact": _("This contact is not in the campaign's database.")})
    return chosen


def _check_data(data: DispositionData, campaign_id: int) -> tuple[Any, dict[str, Any]]:
    option = data.option
    if option.campaign_id != campaign_id or option.hidden:
        raise ValidationError({"option": _("Choose one of the campaign's dispositions.")})
    if len(data.notes) > MAX_NOTES:
        raise ValidationError({"notes": _("At most %(n)d characters.") % {"n": MAX_NOTES}})
    version, answers = None, {}
    if option.kind == DispositionKind.MANAGEMENT:
        if option.form is None:  # a database constraint holds it; this tells mypy
            raise ValidationError({"option": _("This disposition has no form.")})
        version = option.form.current_version()
        answers = answers_clean(version.fields if version else [], data.answers)
    elif data.answers:
        raise ValidationError({"answers": _("This disposition has no form.")})
    if option.kind == DispositionKind.CALLBACK:
        now = timezone.now()
        if data.callback_at is None:
            raise ValidationError({"callback_at": _("Say when to call back.")})
        if data.callback_at <= now or data.callback_at > now + timedelta(days=366):
            raise ValidationError({"callback_at": _("Choose a time in the future, within a year.")})
    return version, answers


def disposition_submit(
    *, agent: User, calls: list[Call], data: DispositionData, contact: Contact | None = None
) -> Disposition:
    """Record the disposition of ``calls`` (of one contact and campaign): checked, saved with
    its links, made the contact's current one in the campaign, published on commit."""
    with transaction.atomic():
        calls = list(
            Call.objects.select_for_update(of=("self",))
            .filter(pk__in=[c.pk for c in calls])
            .select_related("campaign", "contact")
        )
        chosen = _check_calls(agent, calls, contact)
        campaign = calls[0].campaign
        version, answers = _check_data(data, campaign.pk)
        is_callback = data.option.kind == DispositionKind.CALLBACK
        Disposition.objects.select_for_update().filter(
            campaign=campaign, contact=chosen, is_current=True
        ).update(is_current=False)
        disposition = Disposition.objects.create(
            project_id=campaign.project_id,
            campaign=campaign,
            contact=chosen,
            agent=agent,
            option=data.option,
            form_version=version,
            answers=answers,
            notes=data.notes.strip(),
            callback_at=data.callback_at if is_callback else None,
            callback_same_agent=data.callback_same_agent if is_callback else False,
        )
        disposition.calls.set(calls)
        _name_calls(calls, data.option.name)
        for call in calls:
            if call.contact_id is None:
                call.contact = chosen
            call.disposition_status = DispositionStatus.DONE
            call.save(update_fields=["contact", "disposition_status"])
        DispositionDraft.objects.filter(call__in=calls).delete()
        contact_activity(
            contact_id=chosen.pk, at=disposition.created_at, disposition=data.option.name
        )
        log_action(
            disposition,
            "console.disposition_saved",
            option=data.option.name,
            calls=[c.pk for c in calls],
        )
        _announce(disposition)
        disposition_saved.send(sender=Disposition, disposition=disposition)
    return disposition


def _announce(disposition: Disposition) -> None:
    publish(
        DispositionSaved(
            disposition_id=disposition.pk,
            campaign_id=disposition.campaign_id,
            option_id=disposition.option_id,
            positive=disposition.option.positive,
            agent_id=disposition.agent_id,
        ),
        projects=[disposition.project_id],
        users=[disposition.agent_id],
        permission="campaigns.view_campaign",
    )


def _check_new_calls(agent: User, old: Disposition, calls: list[Call]) -> None:
    for call in calls:
        if call.agent_id != agent.pk or call.campaign_id != old.campaign_id:
            raise ValidationError({"calls": _("This is not your call in this campaign.")})
        if call.disposition_status != DispositionStatus.PENDING:
            raise ValidationError(
                {"calls": _("This call is not waiting for a disposition any more.")}
            )
        if call.contact_id not in (None, old.contact_id):
            raise ValidationError({"calls": _("This call is with another contact.")})


def disposition_revise(
    *, agent: User, disposition: Disposition, data: DispositionData, calls: Sequence[Call] = ()
) -> Disposition:
    """A new version of the agent's own ``disposition`` (the audit sent it back): the same
    contact and campaign, checked like the first, linked to its calls and to ``calls`` (the
    agent's later calls to the contact, waiting for a disposition). The earlier version stays
    as history; the new one takes its place as current if it held it. The caller (the audit's
    redo) holds the transaction and says what the revision means."""
    if disposition.agent_id != agent.pk:
        raise ValidationError(_("This is not your disposition."))
    with transaction.atomic():
        new_calls = list(
            Call.objects.select_for_update(of=("self",)).filter(pk__in=[c.pk for c in calls])
        )
        _check_new_calls(agent, disposition, new_calls)
        version, answers = _check_data(data, disposition.campaign_id)
        was_current = Disposition.objects.filter(pk=disposition.pk, is_current=True).update(
            is_current=False
        )
        revised = Disposition.objects.create(
            project_id=disposition.project_id,
            campaign_id=disposition.campaign_id,
            contact_id=disposition.contact_id,
            agent=agent,
            option=data.option,
            form_version=version,
            answers=answers,
            notes=data.notes.strip(),
            is_current=bool(was_current),
            revises=disposition,
        )
        revised_calls = [*disposition.calls.all(), *new_calls]
        revised.calls.set(revised_calls)
        _name_calls(revised_calls, data.option.name)
        for call in new_calls:
            call.contact_id = disposition.contact_id
            call.disposition_status = DispositionStatus.DONE
            call.save(update_fields=["contact", "disposition_status"])
        DispositionDraft.objects.filter(call__in=new_calls).delete()
        if was_current:
            contact_activity(
                contact_id=disposition.contact_id,
                at=revised.created_at,
                disposition=data.option.name,
            )
        log_action(
            revised,
            "console.disposition_revised",
            option=data.option.name,
            revises=disposition.pk,
            calls=[c.pk for c in new_calls],
        )
        _announce(revised)
    return revised


def draft_save(*, agent: User, call: Call, data: Any) -> DispositionDraft:
    """Keep what the agent has typed for ``call`` so far (any shape; checked when submitted)."""
    if call.agent_id != agent.pk:
        raise ValidationError(_("This is not your call."))
    if call.disposition_status != DispositionStatus.PENDING:
        raise ValidationError(_("This call is not waiting for a disposition any more."))
    if not isinstance(data, dict) or len(json.dumps(data)) > MAX_DRAFT_BYTES:
        raise ValidationError(_("The draft is too large."))
    draft, _created = DispositionDraft.objects.update_or_create(call=call, defaults={"data": data})
    return draft


def pending_expire(*, now: datetime | None = None) -> int:
    """Calls that waited longer than ``DISPOSITION_PENDING_HOURS`` get "no disposition"."""
    now = now or timezone.now()
    limit = now - timedelta(hours=settings.DISPOSITION_PENDING_HOURS)
    expired = Call.objects.filter(disposition_status=DispositionStatus.PENDING, ended_at__lt=limit)
    with transaction.atomic():
        ids = list(expired.select_for_update().values_list("pk", flat=True))
        Call.objects.filter(pk__in=ids).update(disposition_status=DispositionStatus.EXPIRED)
        DispositionDraft.objects.filter(call_id__in=ids).delete()
    return len(ids)


def _name_calls(calls: list[Call], name: str) -> None:
    """The history shows and filters a call by its newest disposition: kept on the call."""
    Call.objects.filter(pk__in=[c.pk for c in calls]).update(disposition_name=name)
    for call in calls:
        call.disposition_name = name
