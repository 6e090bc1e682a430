"""Manual and inbound calls through the simulator: call records, agent states, recordings."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from cadencia.console.choices import AgentState, CallState, DispositionStatus
from cadencia.console.models import AgentStateChange, Call
from cadencia.console.services.agents import agent_state_request, open_session, session_start
from cadencia.console.services.calls import call_answer, call_dial, call_hang_up, inbound_inject
from cadencia.console.tests.world import ConsoleWorld
from cadencia.contacts.models import Contact
from cadencia.core.events import capture_events


def login(world: ConsoleWorld, committed: Any, *campaigns: Any) -> None:
    with committed():
        session_start(agent=world.agent, campaigns=list(campaigns or [world.manual]))


def test_manual_call_rings_is_answered_and_ends_with_a_recording(
    world: ConsoleWorld, committed: Any
) -> None:
    login(world, committed)
    with capture_events() as events, committed():
        call = call_dial(
            agent=world.agent, campaign=world.manual, number="0351 15 621 9387", contact=world.ana
        )
    assert call.number == "+5493516219387" and call.dialed == "+5493516219387"
    assert call.trunk and call.caller_id == "3515550000" and call.state == CallState.DIALING
    assert [e.event.TYPE for e in events] == ["agent.state_changed", "call.changed"]
    assert events[1].event.payload()["call_id"] == call.pk and events[1].user_ids == (
        world.agent.pk,
    )
    assert open_session(world.agent).state == AgentState.RINGING  # type: ignore[union-attr]

    with committed():
        world.advance(0)  # the far end rings
        world.advance(0)  # and answers
    call.refresh_from_db()
    assert call.state == CallState.ANSWERED and call.answered_at is not None
    assert open_session(world.agent).state == AgentState.ON_CALL  # type: ignore[union-attr]

    with committed():
        call_hang_up(agent=world.agent, call=call)
    call.refresh_from_db()
    assert call.state == CallState.ENDED and call.hangup_cause == "answered"
    assert call.disposition_status == DispositionStatus.PENDING
    session = open_session(world.agent)
    assert session is not None and session.state == AgentState.READY  # wrap-up 0 by default
    recording = call.recordings.get()
    name = str(recording.file.name)
    assert default_storage.exists(name)
    with default_storage.open(name) as wav:
        assert wav.read(4) == b"RIFF"
    states = list(
        AgentStateChange.objects.filter(agent=world.agent).values_list("state", flat=True)
    )
    assert states == ["ready", "ringing", "on_call", "ready"]


@pytest.mark.parametrize(
    ("rates", "cause"),
    [
        ({"answer_rate": 0, "busy_rate": 1}, "busy"),
        ({"answer_rate": 0, "busy_rate": 0, "failed_rate": 1}, "failed"),
        ({"answer_rate": 0, "busy_rate": 0, "failed_rate": 0}, "no_answer"),
    ],
)
def test_unanswered_calls_are_kept_with_their_cause(
    world: ConsoleWorld, committed: Any, settings: Any, rates: dict[str, float], cause: str
) -> None:
    settings.TELEPHONY_SIMULATOR = {**settings.TELEPHONY_SIMULATOR, **rates}
    login(world, committed)
    with committed():
        call = call_dial(
            agent=world.agent, campaign=world.manual, number="+5493516219390", contact=world.luis
        )
    with committed():
        world.advance(0)
        world.advance(120)
    call.refresh_from_db()
    assert call.state == CallState.ENDED and call.hangup_cause == cause and call.duration == 0
    assert not call.recordings.exists()
    assert open_session(world.agent).state == AgentState.READY  # type: ignore[union-attr]


def test_an_agent_is_in_one_call_at_a_time(world: ConsoleWorld, committed: Any) -> None:
    login(world, committed)
    with committed():
        call_dial(
            agent=world.agent, campaign=world.manual, number="+5493516219390", contact=world.luis
        )
    with pytest.raises(ValidationError, match="already on a call"):
        call_dial(
            agent=world.agent, campaign=world.manual, number="+5493516219387", contact=world.ana
        )
    with pytest.raises(ValidationError, match="cannot go from"):
        agent_state_request(agent=world.agent, state=AgentState.READY)
    assert Call.objects.count() == 1


def test_dialing_needs_a_session_a_known_number_and_a_contact_of_the_database(
    world: ConsoleWorld, committed: Any
) -> None:
    with pytest.raises(ValidationError, match="not logged in"):
        call_dial(
            agent=world.agent, campaign=world.manual, number="+5493516219390", contact=world.luis
        )
    login(world, committed)
    for bad in ("", "abc", "1" * 50):
        with pytest.raises(ValidationError, match="not a phone number"):
            call_dial(agent=world.agent, campaign=world.manual, number=bad, contact=world.luis)
    other = Call.objects.none()
    with pytest.raises(ValidationError, match="not logged in to this campaign"):
        call_dial(agent=world.agent, campaign=world.campaign_b, number="+5493516219390")
    foreign = Contact.objects.create(
        database=world.campaign_b.contact_database, phones=["+5493516219390"]
    )
    with pytest.raises(ValidationError, match="not in the campaign's database"):
        call_dial(
            agent=world.agent, campaign=world.manual, number="+5493516219390", contact=foreign
        )
    with pytest.raises(ValidationError, match="Choose the contact"):
        call_dial(agent=world.agent, campaign=world.manual, number="+5493516219390")
    assert not other.exists() and Call.objects.count() == 0


def test_a_number_no_route_pattern_matches_is_refused(world: ConsoleWorld, committed: Any) -> None:
    login(world, committed)
    with pytest.raises(ValidationError, match="No dial pattern"):
        call_dial(
            agent=world.agent, campaign=world.manual, number="+34911234567", contact=world.luis
        )


def test_a_campaign_without_a_database_creates_a_contact_per_call(
    world: ConsoleWorld, committed: Any
) -> None:
    world.manual.contact_database = None
    world.manual.save()
    login(world, committed)
    with committed():
        call = call_dial(agent=world.agent, campaign=world.manual, number="+5493515550101")
    assert call.contact is not None and call.contact.phones == ["+5493515550101"]
    world.manual.refresh_from_db()
    assert world.manual.contact_database == call.contact.database
    assert world.a.pk in call.contact.database.project_ids()


def test_inbound_call_waits_rings_a_ready_agent_and_is_answered(
    world: ConsoleWorld, committed: Any
) -> None:
    login(world, committed, world.inbound)
    with committed():
        ref = inbound_inject(campaign=world.inbound, caller="+54 9 351 621 9390")
    call = Call.objects.get(ref=ref)
    assert call.state == CallState.QUEUED and call.direction == "in"
    assert call.contact == world.luis  # one match: shown at once
    with capture_events() as events, committed():
        world.advance(0)
    call.refresh_from_db()
    assert call.state == CallState.OFFERED
    assert open_session(world.agent).state == AgentState.RINGING  # type: ignore[union-attr]
    assert {e.event.TYPE for e in events} == {"agent.state_changed", "call.changed"}
    with committed():
        call_answer(agent=world.agent, call=call)
    call.refresh_from_db()
    assert call.state == CallState.ANSWERED and call.agent == world.agent
    assert call.queue_wait is not None
    with committed():
        call_hang_up(agent=world.agent, call=call)
    session = open_session(world.agent)
    assert session is not None and session.state == AgentState.WRAP_UP
    from cadencia.console.services.agents import wrap_up_sweep

    assert wrap_up_sweep(now=session.wrap_up_until) == 1
    session.refresh_from_db()
    assert session.state == AgentState.READY


def test_a_paused_agent_gets_no_inbound_call_and_the_caller_may_give_up(
    world: ConsoleWorld, committed: Any, settings: Any
) -> None:
    login(world, committed, world.inbound)
    with committed():
        agent_state_request(agent=world.agent, state=AgentState.PAUSED, pause_reason=world.pause)
        ref = inbound_inject(campaign=world.inbound, caller="+5493516219390")
    with committed():
        world.advance(0)
    call = Call.objects.get(ref=ref)
    assert call.state == CallState.QUEUED
    with committed():
        world.advance(world.inbound.max_wait_seconds + 1)
    call.refresh_from_db()
    assert call.state == CallState.ENDED and call.hangup_cause == "no_answer"
    assert call.disposition_status == DispositionStatus.NOT_NEEDED
    assert call.queue_wait == pytest.approx(world.inbound.max_wait_seconds, abs=2)
    assert call.recordings.get().voicemail  # the campaign's default: leave a message
