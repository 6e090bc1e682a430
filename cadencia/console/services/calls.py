"""Calls the agent makes and handles: manual dial, hang up, hold, transfer, tones, recording,
answering an inbound call, and inbound calls injected into the simulator.

Requests reach the phone system after the transaction commits; what it reports back comes in
through ``telephony_sink``.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadencia.accounts.models import User
from cadencia.campaigns.choices import CampaignState, CampaignType
from cadencia.campaigns.models import Campaign
from cadencia.console.choices import AgentState, CallState, Direction, DispositionStatus
from cadencia.console.events import CallChanged
from cadencia.console.models import Call
from cadencia.console.services import agents
from cadencia.console.services.contacts import contact_for_call
from cadencia.contacts.importing.phones import dialed_digits
from cadencia.contacts.models import Contact
from cadencia.contacts.selectors import phone_to_e164
from cadencia.core.events import publish
from cadencia.telephony.connectors import connector, sink
from cadencia.telephony.connectors.base import (
    HangupCause,
    HungUp,
    Originate,
    TelephonyError,
)
from cadencia.telephony.dialplan import dial_for


def publish_call(call: Call, *, users: list[int] | None = None) -> None:
    publish(
        CallChanged(
            call_id=call.pk,
            state=call.state,
            direction=call.direction,
            campaign_id=call.campaign_id,
            agent_id=call.agent_id,
            cause=call.hangup_cause,
        ),
        users=users if users is not None else [call.agent_id] if call.agent_id else [],
    )


def number_clean(campaign: Campaign, number: str) -> str:
    """E.164 when the number can be read in the campaign's region; else its digits as dialed
    (local numbers and extensions kept by imports); else a clear error."""
    number = (number or "").strip()
    database = campaign.contact_database
    region = database.default_region if database is not None else None
    if number and len(number) <= 40:
        e164 = phone_to_e164(number, region)
        if e164 is not None:
            return e164
        digits = dialed_digits(number)
        if digits and 3 <= len(digits) <= 15:
            return digits
    raise ValidationError(
        {"number": _("“%(value)s” is not a phone number.") % {"value": number[:40]}}
    )


def _route(campaign: Campaign, number: str) -> tuple[str, str]:
    """(number to dial, trunk) through the campaign's outbound route (prefix rules applied)."""
    route = campaign.outbound_route
    if route is None:
        return number, ""
    dial = dial_for(route.patterns, number)
    if dial is None:
        raise ValidationError(
            {
                "number": _("No dial pattern of the route “%(route)s” matches %(number)s.")
                % {"route": route.name, "number": number}
            }
        )
    trunks = route.ordered_trunks()
    return dial.number, trunks[0].name if trunks else ""


def call_dial(
    *, agent: User, campaign: Campaign, number: str, contact: Contact | None = None
) -> Call:
    """A manual call: the agent dials ``number`` for ``contact`` of the campaign's database (a
    campaign without a database gets a new contact for each call)."""
    number = number_clean(campaign, number)
    if campaign.state != CampaignState.ACTIVE:
        raise ValidationError({"campaign": _("This campaign is not active.")})
    with transaction.atomic():
        session = agents.require_session(agent)
        if not session.campaigns.filter(pk=campaign.pk).exists():
            raise ValidationError({"campaign": _("You are not logged in to this campaign.")})
        contact = contact_for_call(campaign=campaign, contact=contact, number=number)
        dialed, trunk = _route(campaign, number)
        now = timezone.now()
        call = Call.objects.create(
            ref=uuid.uuid4().hex,
            project_id=campaign.project_id,
            campaign=campaign,
            direction=Direction.OUTBOUND,
            state=CallState.DIALING,
            agent=agent,
            contact=contact,
            number=number,
            dialed=dialed,
            trunk=trunk,
            caller_id=campaign.caller_id,
            record=campaign.record_calls,
            created_at=now,
            disposition_status=DispositionStatus.PENDING,
        )
        agents.call_begins(session, call, at=now)
        request = Originate(
            ref=call.ref,
            number=dialed,
            caller_id=campaign.caller_id,
            agent=str(agent.pk),
            trunk=trunk,
            record=campaign.record_calls,
            ring_timeout=campaign.ring_timeout_seconds,
        )
        transaction.on_commit(lambda: _originate(request))
        publish_call(call)
    return call


def _originate(request: Originate) -> None:
    try:
        connector().originate(request)
    except TelephonyError:
        # The phone system refused it: the call ends as failed, the agent is free again.
        sink().report(HungUp(ref=request.ref, at=timezone.now(), cause=HangupCause.FAILED))


def _own_call(agent: User, call: Call) -> None:
    if call.agent_id != agent.pk:
        raise ValidationError(_("This is not your call."))


def _ask(action: Any, *args: Any, **kwargs: Any) -> None:
    try:
        action(*args, **kwargs)
    except TelephonyError as exc:
        raise ValidationError(str(exc)) from exc


def call_hang_up(*, agent: User, call: Call) -> None:
    _own_call(agent, call)
    _ask(connector().hang_up, call.ref)


def call_hold(*, agent: User, call: Call, on: bool) -> None:
    _own_call(agent, call)
    _ask(connector().hold, call.ref, on=on)


def call_transfer(*, agent: User, call: Call, to: str, attended: bool) -> None:
    _own_call(agent, call)
    _ask(connector().transfer, call.ref, to=to.strip(), attended=attended)


def call_send_dtmf(*, agent: User, call: Call, digits: str) -> None:
    _own_call(agent, call)
    _ask(connector().send_dtmf, call.ref, digits=digits.strip())


def call_record(*, agent: User, call: Call, on: bool) -> None:
    _own_call(agent, call)
    _ask(connector().recording, call.ref, on=on)


def call_answer(*, agent: User, call: Call) -> None:
    """The agent takes the inbound call ringing on their console."""
    session = agents.open_session(agent)
    if session is None or session.call_id != call.pk or session.state != AgentState.RINGING:
        raise ValidationError(_("This call is no longer ringing for you."))
    _ask(connector().answer, call.ref, agent=str(agent.pk))


def inbound_inject(*, campaign: Campaign, caller: str) -> str:
    """A simulated customer calls the inbound campaign from ``caller``; returns the call's ref."""
    if campaign.type != CampaignType.INBOUND:
        raise ValidationError({"campaign": _("Calls can only be injected into inbound campaigns.")})
    if campaign.state != CampaignState.ACTIVE:
        raise ValidationError({"campaign": _("This campaign is not active.")})
    number = number_clean(campaign, caller)
    phone_system = connector()
    inject = getattr(phone_system, "inject", None)
    if inject is None:
        raise ValidationError(_("The phone system in use takes real calls: nothing to simulate."))
    phone_system.queue_configure(agents.queue_config(campaign))
    ref: str = inject(queue=str(campaign.pk), caller=number)
    return ref
