"""Agent sessions and states: log in to chosen campaigns, ready, pause, calls, wrap-up, log out.

Every change closes the agent's current ``AgentStateChange`` and opens the next one (agent
reports are built from them), publishes ``agent.state_changed`` on commit, and tells the phone
system whether the agent may take inbound calls (only a ready agent is an available member of
their inbound campaigns' queues).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadencia.accounts.models import User
from cadencia.campaigns.choices import CampaignState, CampaignType, TimeoutAction
from cadencia.campaigns.models import Campaign, PauseReason
from cadencia.console.choices import REQUESTABLE, AgentState
from cadencia.console.events import AgentStateChanged
from cadencia.console.models import AgentSession, AgentStateChange, Call
from cadencia.core.events import publish
from cadencia.telephony.connectors import connector
from cadencia.telephony.connectors.base import QueueConfig

ON_TIMEOUT: dict[str, str] = {
    TimeoutAction.CAMPAIGN: "queue",
    TimeoutAction.VOICEMAIL: "voicemail",
    TimeoutAction.HANG_UP: "hang_up",
}


def open_session(agent: User, *, lock: bool = False) -> AgentSession | None:
    sessions = AgentSession.objects.filter(agent=agent, ended_at__isnull=True)
    if lock:
        sessions = sessions.select_for_update()
    return sessions.first()


def require_session(agent: User) -> AgentSession:
    session = open_session(agent, lock=True)
    if session is None:
        raise ValidationError(_("You are not logged in to the console."))
    return session


def queue_config(campaign: Campaign) -> QueueConfig:
    overflow = campaign.timeout_campaign
    return QueueConfig(
        queue=str(campaign.pk),
        strategy=campaign.queue_strategy,
        max_wait=campaign.max_wait_seconds,
        on_timeout=ON_TIMEOUT.get(campaign.on_timeout, "hang_up"),
        overflow_queue=str(overflow.pk) if overflow is not None else "",
        record=campaign.record_calls,
    )


def session_start(*, agent: User, campaigns: list[Campaign]) -> AgentSession:
    """Log ``agent`` in to the console to work ``campaigns`` (active, assigned to them)."""
    if not campaigns:
        raise ValidationError({"campaigns": _("Choose at least one campaign.")})
    for campaign in campaigns:
        if campaign.state != CampaignState.ACTIVE:
            raise ValidationError(
                {"campaigns": _("“%(name)s” is not active.") % {"name": campaign.name}}
            )
        if not campaign.agents.filter(pk=agent.pk).exists():
            raise ValidationError(
                {"campaigns": _("You are not an agent of “%(name)s”.") % {"name": campaign.name}}
            )
    now = timezone.now()
    with transaction.atomic():
        if open_session(agent, lock=True) is not None:
            raise ValidationError(_("You are already logged in to the console."))
        session = AgentSession.objects.create(
            agent=agent, state=AgentState.READY, state_since=now, started_at=now
        )
        session.campaigns.set(campaigns)
        AgentStateChange.objects.create(
            session=session, agent=agent, state=AgentState.READY, started_at=now
        )
        inbound = [queue_config(c) for c in campaigns if c.type == CampaignType.INBOUND]

        def join_queues() -> None:
            for config in inbound:
                connector().queue_configure(config)
                connector().queue_member(config.queue, str(agent.pk), available=True)

        transaction.on_commit(join_queues)
        _publish(session)
    return session


def agent_state_request(
    *, agent: User, state: str, pause_reason: PauseReason | None = None
) -> AgentSession:
    """The agent asks to be ready, paused (with a reason) or offline (log out)."""
    with transaction.atomic():
        session = require_session(agent)
        current = session.state
        if state == current and state in (AgentState.READY, AgentState.PAUSED):
            if state == AgentState.READY:
                raise ValidationError(_("You are already ready."))
            raise ValidationError(_("You are already paused."))
        if state not in REQUESTABLE.get(current, set()):
            raise ValidationError(
                _("You cannot go from “%(current)s” to “%(target)s”.")
                % {
                    "current": AgentState(current).label,
                    "target": AgentState(state).label if state in AgentState.values else state,
                }
            )
        now = timezone.now()
        if state == AgentState.OFFLINE:
            _end(session, now)
            return session
        if state == AgentState.PAUSED:
            projects = set(session.campaigns.values_list("project_id", flat=True))
            if pause_reason is None or pause_reason.project_id not in projects:
                raise ValidationError({"pause_reason": _("Choose a pause reason.")})
        set_state(session, state, at=now, pause_reason=pause_reason)
    return session


def set_state(
    session: AgentSession,
    state: str,
    *,
    at: datetime,
    pause_reason: PauseReason | None = None,
    call: Call | None = None,
) -> None:
    """Move a (locked) session to ``state``: history row, queue membership, event."""
    AgentStateChange.objects.filter(session=session, ended_at__isnull=True).update(ended_at=at)
    AgentStateChange.objects.create(
        session=session,
        agent=session.agent,
        state=state,
        pause_reason=pause_reason,
        call=call,
        started_at=at,
    )
    was_ready = session.state == AgentState.READY
    session.state, session.state_since = state, at
    session.pause_reason = pause_reason if state == AgentState.PAUSED else None
    session.call = call if state in (AgentState.RINGING, AgentState.ON_CALL) else session.call
    if state not in (AgentState.RINGING, AgentState.ON_CALL, AgentState.WRAP_UP):
        session.call = None
    if state != AgentState.WRAP_UP:
        session.wrap_up_until = None
    session.save()
    if was_ready != (state == AgentState.READY):
        _sync_queues(session, available=state == AgentState.READY)
    _publish(session)


def _end(session: AgentSession, at: datetime) -> None:
    AgentStateChange.objects.filter(session=session, ended_at__isnull=True).update(ended_at=at)
    was_ready = session.state == AgentState.READY
    session.state, session.state_since, session.ended_at = AgentState.OFFLINE, at, at
    session.pause_reason = session.call = None
    session.save()
    if was_ready:
        _sync_queues(session, available=False)
    _publish(session)


def _sync_queues(session: AgentSession, *, available: bool) -> None:
    queues = [
        str(pk)
        for pk in session.campaigns.filter(type=CampaignType.INBOUND).values_list("pk", flat=True)
    ]
    agent = str(session.agent_id)

    def tell() -> None:
        for queue in queues:
            connector().queue_member(queue, agent, available=available)

    if queues:
        transaction.on_commit(tell)


def _publish(session: AgentSession) -> None:
    campaigns = list(session.campaigns.values_list("pk", "project_id"))
    publish(
        AgentStateChanged(
            agent_id=session.agent_id,
            state=session.state,
            pause_reason=session.pause_reason.name if session.pause_reason else "",
            since=session.state_since.isoformat(),
            campaign_ids=sorted(pk for pk, _project in campaigns),
        ),
        projects=[project for _pk, project in campaigns],
        users=[session.agent_id],
        permission="console.supervise_agents",
    )


# ---- driven by calls ------------------------------------------------------------------------


def call_begins(session: AgentSession, call: Call, *, at: datetime) -> None:
    """A call rings for the agent (they dialed, or a queue offers one). At most one at a time."""
    if session.state in (AgentState.RINGING, AgentState.ON_CALL):
        raise ValidationError(_("You are already on a call."))
    if session.state != AgentState.WRAP_UP:
        session.resume_state = session.state
        session.resume_pause_reason = session.pause_reason
    set_state(session, AgentState.RINGING, at=at, call=call)


def call_connected(session: AgentSession, call: Call, *, at: datetime) -> None:
    set_state(session, AgentState.ON_CALL, at=at, call=call)


def call_over(session: AgentSession, call: Call, *, at: datetime) -> None:
    """The agent's call ended: wrap-up for the campaign's time after a conversation, else back
    to where the call found them."""
    wrap_up = call.campaign.wrap_up_seconds if call.answered_at else 0
    if wrap_up:
        set_state(session, AgentState.WRAP_UP, at=at, call=call)
        session.wrap_up_until = at + timedelta(seconds=wrap_up)
        session.save(update_fields=["wrap_up_until"])
    else:
        resume(session, at=at)


def resume(session: AgentSession, *, at: datetime) -> None:
    state = session.resume_state or AgentState.READY
    reason = session.resume_pause_reason if state == AgentState.PAUSED else None
    set_state(session, state, at=at, pause_reason=reason)


def wrap_up_sweep(*, now: datetime | None = None) -> int:
    """Agents whose wrap-up time is over go back to where their call found them."""
    now = now or timezone.now()
    done = 0
    due = AgentSession.objects.filter(
        ended_at__isnull=True, state=AgentState.WRAP_UP, wrap_up_until__lte=now
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            session = AgentSession.objects.select_for_update().get(pk=pk)
            if session.state == AgentState.WRAP_UP and session.wrap_up_until is not None:
                resume(session, at=session.wrap_up_until)
                done += 1
    return done
