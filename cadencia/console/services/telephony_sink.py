"""Where the phone system's reports enter: each one updates the call record and the agent's
state in one transaction, and publishes events on commit.

The sink is the telephony entry point (like the HTTP middleware for requests): it opens the
scope once, over every project, because the phone system carries every project's calls.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db import transaction

from cadencia.accounts.models import User
from cadencia.campaigns.choices import CampaignType
from cadencia.campaigns.models import Campaign
from cadencia.console.choices import CallState, Direction, DispositionStatus
from cadencia.console.models import AgentSession, Call, Recording
from cadencia.console.services import agents
from cadencia.console.services.calls import publish_call
from cadencia.contacts.activity import contact_activity
from cadencia.contacts.selectors import contacts_by_phone
from cadencia.core.scoping import ALL_PROJECTS, project_scope
from cadencia.telephony.connectors.base import (
    Answered,
    HungUp,
    Offered,
    OfferWithdrawn,
    Queued,
    RecordingReady,
    Report,
    Ringing,
)

log = logging.getLogger(__name__)


def _call(ref: str) -> Call | None:
    call = (
        Call.objects.select_for_update(of=("self",))
        .filter(ref=ref)
        .select_related("campaign")
        .first()
    )
    if call is None:
        log.warning("telephony report for an unknown call %s", ref)
    return call


def _session_of(agent_id: Any, call: Call | None = None) -> AgentSession | None:
    sessions = AgentSession.objects.select_for_update().filter(
        agent_id=agent_id, ended_at__isnull=True
    )
    session = sessions.first()
    if session is not None and call is not None and session.call_id != call.pk:
        return None
    return session


def _seconds(start: datetime | None, end: datetime) -> int | None:
    return max(round((end - start).total_seconds()), 0) if start else None


def on_queued(report: Queued) -> None:
    campaign = Campaign.objects.filter(pk=int(report.queue), type=CampaignType.INBOUND).first()
    if campaign is None:
        log.warning("inbound call %s for unknown queue %s", report.ref, report.queue)
        return
    call = _call(report.ref) if Call.objects.filter(ref=report.ref).exists() else None
    if call is None:
        call = Call(
            ref=report.ref,
            direction=Direction.INBOUND,
            number=report.caller,
            created_at=report.at,
            contact=_single_match(campaign, report.caller),
        )
    call.campaign, call.project_id = campaign, campaign.project_id
    call.state, call.record = CallState.QUEUED, campaign.record_calls
    call.save()


def _single_match(campaign: Campaign, number: str) -> Any:
    if campaign.contact_database is None:
        return None
    region = campaign.contact_database.default_region
    matches = list(contacts_by_phone(number, region).filter(database=campaign.contact_database)[:2])
    return matches[0] if len(matches) == 1 else None


def on_offered(report: Offered) -> None:
    call = _call(report.ref)
    session = _session_of(report.agent)
    if call is None or session is None:
        return
    call.state = CallState.OFFERED
    call.save(update_fields=["state"])
    agents.call_begins(session, call, at=report.at)
    publish_call(call, users=[session.agent_id])


def on_offer_withdrawn(report: OfferWithdrawn) -> None:
    call = _call(report.ref)
    session = _session_of(report.agent, call)
    if call is None or session is None:
        return
    agents.resume(session, at=report.at)
    publish_call(call, users=[session.agent_id])


def on_ringing(report: Ringing) -> None:
    call = _call(report.ref)
    if call is not None and call.state == CallState.DIALING:
        call.state = CallState.RINGING
        call.save(update_fields=["state"])
        publish_call(call)


def on_answered(report: Answered) -> None:
    call = _call(report.ref)
    if call is None or call.state == CallState.ENDED:
        return
    call.state, call.answered_at = CallState.ANSWERED, report.at
    if call.direction == Direction.INBOUND:
        call.agent = User.objects.filter(pk=report.agent).first()
        call.queue_wait = _seconds(call.created_at, report.at)
        call.disposition_status = DispositionStatus.PENDING
    call.save()
    session = _session_of(call.agent_id, call)
    if session is not None:
        agents.call_connected(session, call, at=report.at)
    publish_call(call)


def on_hung_up(report: HungUp) -> None:
    call = _call(report.ref)
    if call is None or call.state == CallState.ENDED:
        return
    call.state, call.ended_at, call.hangup_cause = CallState.ENDED, report.at, report.cause
    call.duration = _seconds(call.answered_at, report.at) if call.answered_at else 0
    if call.direction == Direction.INBOUND and call.answered_at is None:
        call.queue_wait = _seconds(call.created_at, report.at)
    if call.agent_id is None:
        call.disposition_status = DispositionStatus.NOT_NEEDED
    call.save()
    if call.contact_id is not None:
        contact_activity(contact_id=call.contact_id, at=report.at)
    session = _session_of(call.agent_id, call) if call.agent_id else None
    if session is not None:
        agents.call_over(session, call, at=report.at)
    publish_call(call)


def on_recording(report: RecordingReady) -> None:
    call = _call(report.ref)
    if call is not None:
        Recording.objects.create(
            call=call, file=report.name, seconds=report.seconds, voicemail=report.voicemail
        )


HANDLERS: dict[str, Callable[[Any], None]] = {
    Queued.KIND: on_queued,
    Offered.KIND: on_offered,
    OfferWithdrawn.KIND: on_offer_withdrawn,
    Ringing.KIND: on_ringing,
    Answered.KIND: on_answered,
    HungUp.KIND: on_hung_up,
    RecordingReady.KIND: on_recording,
}


class ConsoleSink:
    """``settings.TELEPHONY_EVENT_SINK``: the console's side of the telephony interface."""

    def report(self, report: Report) -> None:
        with project_scope(ALL_PROJECTS), transaction.atomic():
            HANDLERS[report.KIND](report)
