"""The simulator connector: a phone system with simulated customers, the embedded default.

Customers answer, are busy, do not answer or the call fails, at the rates of
``settings.TELEPHONY_SIMULATOR``; they ring for a while, talk for a while and may hang up
first. Inbound calls are injected into a queue (``inject``) and wait there for an available
agent with the queue's strategy, until the caller gives up or the maximum wait sends them on.
Recorded calls leave a real WAV file in storage.

Requests (``originate``, ``hang_up``...) change the simulated calls at once; what the simulated
world does later is run by ``run_due(now)``: the ``telephony_simulator`` command calls it in a
loop (``make run`` starts it), tests call it with the time they want.
"""

from __future__ import annotations

import random
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cadencia.telephony.audio import voice_like_wav
from cadencia.telephony.connectors import sink
from cadencia.telephony.connectors.base import (
    Answered,
    Connector,
    HangupCause,
    HungUp,
    Offered,
    OfferWithdrawn,
    Originate,
    QueueConfig,
    Queued,
    QueueStrategy,
    RecordingReady,
    Report,
    Ringing,
    TelephonyError,
)
from cadencia.telephony.simulator_models import (
    SimulatedCall,
    SimulatedQueue,
    SimulatedQueueMember,
)

State = SimulatedCall.State
DTMF = re.compile(r"^[0-9*#A-D]{1,20}$")
VOICEMAIL_SECONDS = 8.0


@dataclass(frozen=True)
class Behaviour:
    """How simulated customers behave (``settings.TELEPHONY_SIMULATOR`` overrides any)."""

    answer_rate: float = 0.7
    busy_rate: float = 0.1
    failed_rate: float = 0.05  # the rest do not answer
    ring_seconds: tuple[float, float] = (2.0, 8.0)
    talk_seconds: tuple[float, float] = (20.0, 180.0)
    customer_hangs_up_rate: float = 0.5  # else the call lasts until the agent ends it
    max_talk_seconds: float = 3600.0
    # Inbound callers: how many give up before the queue's maximum wait, and when.
    abandon_rate: float = 0.2
    patience_seconds: tuple[float, float] = (10.0, 90.0)
    seed: int | None = None

    @classmethod
    def from_settings(cls) -> Behaviour:
        values: dict[str, Any] = dict(getattr(settings, "TELEPHONY_SIMULATOR", {}))
        for key in ("ring_seconds", "talk_seconds", "patience_seconds"):
            if key in values:
                values[key] = tuple(values[key])
        return cls(**values)


def _rng(behaviour: Behaviour, ref: str) -> random.Random:
    # Seeded per call when a seed is set: each call's fate is reproducible in tests.
    if behaviour.seed is None:
        return random.Random()  # noqa: S311 - simulated customers, not secrets
    return random.Random(f"{behaviour.seed}:{ref}")  # noqa: S311


def _between(rng: random.Random, bounds: tuple[float, float]) -> float:
    low, high = bounds
    return rng.uniform(low, high) if high > low else low


def _emit(*reports: Report) -> None:
    target = sink()
    for report in reports:
        target.report(report)


class SimulatorConnector(Connector):
    def behaviour(self) -> Behaviour:
        return Behaviour.from_settings()

    # ---- requests ------------------------------------------------------------------------

    def originate(self, request: Originate) -> None:
        now = timezone.now()
        SimulatedCall.objects.create(
            ref=request.ref,
            direction="out",
            number=request.number,
            caller_id=request.caller_id,
            agent=request.agent,
            state=State.DIALING,
            next_action="ring",
            next_at=now,
            ring_timeout=request.ring_timeout,
            record=request.record,
            created_at=now,
        )

    def inject(self, *, queue: str, caller: str, ref: str = "") -> str:
        """An inbound call from ``caller`` arrives at ``queue`` (configured first)."""
        config = SimulatedQueue.objects.filter(queue=queue).first()
        if config is None:
            raise TelephonyError(_("This inbound queue is not configured."))
        ref = ref or uuid.uuid4().hex
        now = timezone.now()
        with transaction.atomic():
            call = SimulatedCall.objects.create(
                ref=ref,
                direction="in",
                number=caller,
                state=State.QUEUED,
                record=config.record,
                created_at=now,
            )
            self._enqueue(call, config, now)
        return ref

    def answer(self, ref: str, *, agent: str) -> None:
        with transaction.atomic():
            call = self._locked(ref)
            if call.state != State.OFFERED or agent not in call.offered_to:
                raise TelephonyError(_("This call is no longer ringing for you."))
            now = timezone.now()
            others = [a for a in call.offered_to if a != agent]
            call.agent, call.offered_to = agent, []
            self._answer(call, now)
            SimulatedQueueMember.objects.filter(queue=call.queue, agent=agent).update(
                calls_taken=F("calls_taken") + 1
            )
            _emit(*(OfferWithdrawn(ref=ref, at=now, agent=a) for a in others))

    def hang_up(self, ref: str) -> None:
        with transaction.atomic():
            call = self._locked(ref)
            if call.state == State.ENDED:
                raise TelephonyError(_("This call has already ended."))
            now = timezone.now()
            if call.state == State.UP:
                self._end(call, now, HangupCause.ANSWERED)
            elif call.direction == "in":
                self._end(call, now, HangupCause.ABANDONED)
            else:
                self._end(call, now, HangupCause.CANCELLED)

    def hold(self, ref: str, *, on: bool) -> None:
        with transaction.atomic():
            call = self._live(ref)
            if call.on_hold == on:
                raise TelephonyError(
                    _("The call is already on hold.") if on else _("The call is not on hold.")
                )
            call.on_hold = on
            call.save(update_fields=["on_hold"])

    def transfer(self, ref: str, *, to: str, attended: bool) -> None:
        if not DTMF.match(to.replace("+", "")):
            raise TelephonyError(_("Transfer to a number or an extension."))
        with transaction.atomic():
            call = self._live(ref)
            if attended and call.transfer_to != to:
                # The agent consults the target first; transferring again completes it.
                call.transfer_to = to
                call.save(update_fields=["transfer_to"])
                return
            call.transfer_to = to
            self._end(call, timezone.now(), HangupCause.ANSWERED)

    def send_dtmf(self, ref: str, *, digits: str) -> None:
        if not DTMF.match(digits):
            raise TelephonyError(_("Tones are digits 0-9, *, # and A-D (at most 20)."))
        with transaction.atomic():
            call = self._live(ref)
            call.digits = (call.digits + digits)[-200:]
            call.save(update_fields=["digits"])

    def recording(self, ref: str, *, on: bool) -> None:
        with transaction.atomic():
            call = self._live(ref)
            now = timezone.now()
            if on == (call.recording_since is not None):
                raise TelephonyError(
                    _("The call is already being recorded.") if on else _("Nothing is recorded.")
                )
            if on:
                call.recording_since, call.record = now, True
            elif call.recording_since is not None:
                call.recorded_seconds += (now - call.recording_since).total_seconds()
                call.recording_since = None
            call.save(update_fields=["recording_since", "recorded_seconds", "record"])

    def queue_configure(self, config: QueueConfig) -> None:
        SimulatedQueue.objects.update_or_create(
            queue=config.queue,
            defaults={
                "strategy": config.strategy,
                "max_wait": config.max_wait,
                "on_timeout": config.on_timeout,
                "overflow_queue": config.overflow_queue,
                "record": config.record,
            },
        )

    def queue_member(self, queue: str, agent: str, *, available: bool) -> None:
        member, created = SimulatedQueueMember.objects.get_or_create(
            queue=queue,
            agent=agent,
            defaults={"available": available, "idle_since": timezone.now()},
        )
        if not created and member.available != available:
            member.available = available
            if available:
                member.idle_since = timezone.now()
            member.save(update_fields=["available", "idle_since"])

    # ---- the simulated world's clock ------------------------------------------------------

    def run_due(self, now: datetime | None = None) -> int:
        """Play what is due by ``now``: customers answering, hanging up, giving up; queues
        offering waiting calls to available agents. Returns how many things happened."""
        now = now or timezone.now()
        done = 0
        due = SimulatedCall.objects.filter(next_at__lte=now).exclude(state=State.ENDED)
        for ref in due.order_by("next_at").values_list("ref", flat=True)[:500]:
            with transaction.atomic():
                call = self._locked(ref)
                if call.next_at is not None and call.next_at <= now:
                    self._play(call, call.next_at)
                    done += 1
        for config in SimulatedQueue.objects.all():
            done += self._distribute(config, now)
        return done

    def _play(self, call: SimulatedCall, at: datetime) -> None:
        action = call.next_action
        behaviour = self.behaviour()
        if action == "ring":
            self._ring(call, at, behaviour)
        elif action == "answer":
            self._answer(call, at)
        elif action in (HangupCause.BUSY, HangupCause.NO_ANSWER, HangupCause.FAILED):
            self._end(call, at, action)
        elif action == "customer_hangup":
            self._end(call, at, HangupCause.ANSWERED)
        elif action == "abandon":
            self._end(call, at, HangupCause.ABANDONED)
        elif action == "timeout":
            self._timeout(call, at)

    def _ring(self, call: SimulatedCall, at: datetime, behaviour: Behaviour) -> None:
        rng = _rng(behaviour, call.ref)
        roll = rng.random()
        ring = _between(rng, behaviour.ring_seconds)
        if roll < behaviour.answer_rate and ring < call.ring_timeout:
            action = "answer"
        elif roll < behaviour.answer_rate + behaviour.busy_rate:
            action, ring = HangupCause.BUSY, min(ring, 3.0)
        elif roll < behaviour.answer_rate + behaviour.busy_rate + behaviour.failed_rate:
            action, ring = HangupCause.FAILED, 0.5
        else:
            action, ring = HangupCause.NO_ANSWER, float(call.ring_timeout)
        call.state, call.next_action = State.RINGING, action
        call.next_at = at + timedelta(seconds=ring)
        call.save()
        _emit(Ringing(ref=call.ref, at=at))

    def _answer(self, call: SimulatedCall, at: datetime) -> None:
        behaviour = self.behaviour()
        rng = _rng(behaviour, call.ref + ":talk")
        hangs_up = rng.random() < behaviour.customer_hangs_up_rate
        talk = _between(rng, behaviour.talk_seconds) if hangs_up else behaviour.max_talk_seconds
        call.state, call.answered_at = State.UP, at
        call.next_action, call.next_at = "customer_hangup", at + timedelta(seconds=talk)
        call.talk_seconds = talk
        if call.record:
            call.recording_since = at
        call.save()
        _emit(Answered(ref=call.ref, at=at, agent=call.agent))

    def _end(self, call: SimulatedCall, at: datetime, cause: str) -> None:
        withdrawn = [OfferWithdrawn(ref=call.ref, at=at, agent=a) for a in call.offered_to]
        if call.recording_since is not None:
            call.recorded_seconds += max((at - call.recording_since).total_seconds(), 0)
            call.recording_since = None
        call.state, call.next_action, call.next_at, call.offered_to = State.ENDED, "", None, []
        call.save()
        if call.agent and call.direction == "in":
            SimulatedQueueMember.objects.filter(queue=call.queue, agent=call.agent).update(
                idle_since=at
            )
        reports: list[Report] = [*withdrawn]
        if call.recorded_seconds > 0:
            reports.append(self._store_recording(call, at, call.recorded_seconds))
        reports.append(HungUp(ref=call.ref, at=at, cause=cause))
        _emit(*reports)

    @staticmethod
    def _store_recording(
        call: SimulatedCall, at: datetime, seconds: float, *, voicemail: bool = False
    ) -> RecordingReady:
        suffix = "-voicemail" if voicemail else ""
        name = default_storage.save(
            f"recordings/{at:%Y/%m/%d}/{call.ref}{suffix}.wav",
            ContentFile(voice_like_wav(seconds, seed=hash(call.ref) & 0xFFFF)),
        )
        return RecordingReady(
            ref=call.ref, at=at, name=name, seconds=round(seconds, 2), voicemail=voicemail
        )

    # ---- queues --------------------------------------------------------------------------

    def _enqueue(self, call: SimulatedCall, config: SimulatedQueue, at: datetime) -> None:
        behaviour = self.behaviour()
        rng = _rng(behaviour, f"{call.ref}:{config.queue}")
        patience = _between(rng, behaviour.patience_seconds)
        gives_up = rng.random() < behaviour.abandon_rate and patience < config.max_wait
        call.queue, call.state, call.queued_at = config.queue, State.QUEUED, at
        call.next_action = "abandon" if gives_up else "timeout"
        call.next_at = at + timedelta(seconds=patience if gives_up else config.max_wait)
        call.save()
        _emit(Queued(ref=call.ref, at=at, queue=config.queue, caller=call.number))

    def _timeout(self, call: SimulatedCall, at: datetime) -> None:
        if call.state != State.QUEUED:
            return
        config = SimulatedQueue.objects.get(queue=call.queue)
        overflow = SimulatedQueue.objects.filter(queue=config.overflow_queue).first()
        if config.on_timeout == "queue" and overflow is not None:
            self._enqueue(call, overflow, at)
            return
        if config.on_timeout == "voicemail":
            message = self._store_recording(call, at, VOICEMAIL_SECONDS, voicemail=True)
            call.state, call.next_action, call.next_at = State.ENDED, "", None
            call.save()
            _emit(message, HungUp(ref=call.ref, at=at, cause=HangupCause.NO_ANSWER))
            return
        self._end(call, at, HangupCause.NO_ANSWER)

    def _distribute(self, config: SimulatedQueue, now: datetime) -> int:
        waiting = list(
            SimulatedCall.objects.filter(queue=config.queue, state=State.QUEUED).order_by(
                "queued_at", "pk"
            )[:50]
        )
        offered = 0
        for call in waiting:
            agents = self._free_agents(config)
            if not agents:
                break
            with transaction.atomic():
                call = self._locked(call.ref)
                if call.state != State.QUEUED:
                    continue
                chosen = agents if config.strategy == QueueStrategy.RING_ALL else agents[:1]
                call.state, call.offered_to = State.OFFERED, chosen
                call.save(update_fields=["state", "offered_to"])
                _emit(*(Offered(ref=call.ref, at=now, agent=a) for a in chosen))
                offered += 1
        return offered

    def _free_agents(self, config: SimulatedQueue) -> list[str]:
        busy = set(_busy_agents())
        members = [
            m
            for m in SimulatedQueueMember.objects.filter(queue=config.queue, available=True)
            if m.agent not in busy
        ]
        if config.strategy == QueueStrategy.FEWEST_CALLS:
            members.sort(key=lambda m: (m.calls_taken, m.idle_since))
        elif config.strategy == QueueStrategy.RANDOM:
            random.shuffle(members)
        else:  # longest idle first (ring all rings them in that order too)
            members.sort(key=lambda m: m.idle_since)
        return [m.agent for m in members]

    # ---- helpers -------------------------------------------------------------------------

    @staticmethod
    def _locked(ref: str) -> SimulatedCall:
        call = SimulatedCall.objects.select_for_update().filter(ref=ref).first()
        if call is None:
            raise TelephonyError(_("The phone system does not know this call."))
        return call

    def _live(self, ref: str) -> SimulatedCall:
        call = self._locked(ref)
        if call.state != State.UP:
            raise TelephonyError(_("The call is not connected."))
        return call


def _busy_agents() -> Iterable[str]:
    """Agents on a simulated call (dialing, ringing for them or connected)."""
    live = SimulatedCall.objects.exclude(state__in=(State.QUEUED, State.ENDED))
    for agent, offered_to in live.values_list("agent", "offered_to"):
        if agent:
            yield agent
        yield from offered_to
