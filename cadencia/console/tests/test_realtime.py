"""Call events reach their agent only; agents' states reach their projects' supervisors."""

import asyncio
import json
from typing import Any

import pytest
from channels.testing.websocket import WebsocketCommunicator

from cadencia.console.services.agents import session_start
from cadencia.console.services.calls import call_dial
from cadencia.console.tests.world import ConsoleWorld
from cadencia.core.consumers import EventConsumer
from cadencia.core.websocket import ProjectScopeMiddleware
from cadencia.projects.testing import permissions_named


async def _connect(user: Any) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(
        ProjectScopeMiddleware(EventConsumer.as_asgi()), "/ws/events/"
    )
    communicator.scope["user"] = user
    connected, _code = await communicator.connect()
    assert connected
    return communicator


async def _received(communicator: WebsocketCommunicator) -> list[str]:
    got = []
    while not await communicator.receive_nothing(timeout=0.8):
        got.append(json.loads(await communicator.receive_from())["type"])
    await communicator.disconnect()
    return got


@pytest.mark.django_db(transaction=True)
def test_call_events_reach_the_agent_and_states_reach_supervisors_of_the_project(
    settings: Any, tmp_path: Any
) -> None:
    from cadencia.console.tests.world import ALWAYS_ANSWERS

    settings.TELEPHONY_SIMULATOR = ALWAYS_ANSWERS
    settings.MEDIA_ROOT = tmp_path
    world = ConsoleWorld()

    def work() -> None:
        session_start(agent=world.agent, campaigns=[world.manual])
        call_dial(agent=world.agent, campaign=world.manual, number="+5493516219390",
                  contact=world.luis)  # fmt: skip

    colleague = world.add_user("colleague", world.a, permissions_named("console.use_console"))

    async def scenario() -> list[list[str]]:
        sockets = [
            await _connect(user)
            for user in (world.agent, world.supervisor, world.agent_b, colleague)
        ]
        await asyncio.to_thread(work)
        return [await _received(socket) for socket in sockets]

    agent, supervisor, other, same_project = asyncio.run(scenario())
    assert "call.changed" in agent and "agent.state_changed" in agent
    assert "agent.state_changed" in supervisor and "call.changed" not in supervisor
    assert other == []  # another project's agent
    assert same_project == []  # an agent of the project: states are for supervisors
