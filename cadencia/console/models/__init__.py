from cadencia.console.models.agents import AgentSession, AgentStateChange
from cadencia.console.models.calls import Call, Recording
from cadencia.console.models.dispositions import Disposition, DispositionDraft

__all__ = [
    "AgentSession",
    "AgentStateChange",
    "Call",
    "Disposition",
    "DispositionDraft",
    "Recording",
]
