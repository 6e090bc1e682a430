from django.db import models
from django.utils.translation import gettext_lazy as _


class AgentState(models.TextChoices):
    OFFLINE = "offline", _("Offline")
    READY = "ready", _("Ready")
    PAUSED = "paused", _("Paused")
    RINGING = "ringing", _("Ringing")
    ON_CALL = "on_call", _("On call")
    WRAP_UP = "wrap_up", _("Wrap-up")


# Where an agent may go from each state by their own request. Ringing, on call and wrap-up are
# entered by the call's events, not by asking.
REQUESTABLE: dict[str, set[str]] = {
    AgentState.READY: {AgentState.PAUSED, AgentState.OFFLINE},
    AgentState.PAUSED: {AgentState.READY, AgentState.OFFLINE},
    AgentState.WRAP_UP: {AgentState.READY, AgentState.PAUSED, AgentState.OFFLINE},
    AgentState.RINGING: set(),
    AgentState.ON_CALL: set(),
}
IN_CALL = {AgentState.RINGING, AgentState.ON_CALL}
# What an agent may ask for (the API's choices).
REQUESTED_STATES = [
    (state.value, state.label)
    for state in (AgentState.READY, AgentState.PAUSED, AgentState.OFFLINE)
]


class Direction(models.TextChoices):
    OUTBOUND = "out", _("Outbound")
    INBOUND = "in", _("Inbound")


class CallState(models.TextChoices):
    DIALING = "dialing", _("Dialing")
    RINGING = "ringing", _("Ringing")
    QUEUED = "queued", _("Waiting in queue")
    OFFERED = "offered", _("Ringing an agent")
    ANSWERED = "answered", _("Connected")
    ENDED = "ended", _("Ended")


class DispositionStatus(models.TextChoices):
    NOT_NEEDED = "not_needed", _("Not needed")  # no agent took part (abandoned in queue)
    PENDING = "pending", _("Waiting for a disposition")
    DONE = "done", _("Disposition recorded")
    EXPIRED = "expired", _("No disposition")
