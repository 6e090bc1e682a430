"""Benchmark: N agents connected by real WebSockets to a running server, each taking calls.

    createdb -h 127.0.0.1 -U postgres cadencia_bench_console
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadencia_bench_console \
    REDIS_URL=redis://127.0.0.1:6379/5 \
        .venv/bin/python bench/console_events.py --agents 500 --seconds 60

The database named is emptied first (``flush``). The bench starts one uvicorn web process (the
whole ASGI application, Redis channel layer and event wake-up, PostgreSQL) and connects one
WebSocket per agent with a signed-in session, as browsers do. In this process the agents work
through the console's services, as the console's pages and API call them: log in, dial their
contact, the simulated customer answers (the simulator's clock runs here too), talk for
``--talk`` seconds (10-30 by default: a real floor talks for minutes, so this is several times
a real floor's call rate), hang up, record a disposition, wrap up for 0.5-1 s, and again.

Reported: the latency from a service's commit to its event arriving at the agent's socket
(``call.changed`` when the agent dials and when they hang up, ``disposition.saved``): p50,
p95, p99 and max; and calls handled per second. Target at 500 agents on this machine: p99
under 200 ms. The baseline it is compared with is the target itself (the first measurement of
this path; there is no earlier implementation to compare with).
"""

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadencia.settings")

import django

django.setup()

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.db import close_old_connections, transaction

from cadencia.accounts.models import Role, User
from cadencia.campaigns.models import Campaign, DispositionOption
from cadencia.console.services.agents import session_start
from cadencia.console.services.calls import call_dial, call_hang_up
from cadencia.console.services.dispositions import DispositionData, disposition_submit
from cadencia.contacts.models import Contact, ContactDatabase
from cadencia.core.scoping import ALL_PROJECTS, project_scope
from cadencia.projects.services import project_default
from cadencia.projects.testing import permissions_named
from cadencia.telephony.connectors import reset
from cadencia.telephony.connectors.simulator import SimulatorConnector

TARGET_P99_MS = 200.0
CUSTOMERS = {
    "answer_rate": 1.0,
    "ring_seconds": (0.3, 0.8),
    "customer_hangs_up_rate": 0.0,
    "abandon_rate": 0.0,
}


def prepare(agents: int) -> tuple[list[User], Campaign]:
    call_command("flush", interactive=False, verbosity=0)
    project = project_default()
    role = Role.objects.create(name="Bench agent")
    role.permissions.set(permissions_named("console.use_console"))
    users = User.objects.bulk_create(
        [User(username=f"bench-agent-{i}", role=role) for i in range(agents)]
    )
    database = ContactDatabase.objects.create(name="bench-console", default_region="AR")
    database.projects.add(project)
    Contact.objects.bulk_create(
        [
            Contact(database=database, phones=[f"+549351{6000000 + i}"], fields={"n": str(i)})
            for i in range(agents)
        ]
    )
    campaign = Campaign.objects.create(
        project=project, name="bench", type="manual", state="active", wizard_step=3,
        contact_database=database, wrap_up_seconds=0, record_calls=False,
    )  # fmt: skip
    DispositionOption.objects.create(campaign=campaign, name="Done", kind="no_action")
    campaign.agents.set(users)
    return users, campaign


def session_cookie(user: User) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]  # the role backend
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def start_server(port: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "uvicorn", "cadencia.asgi:application", "--port", str(port),
               "--lifespan", "off", "--log-level", "warning", "--ws-max-queue", "1024"]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, env=os.environ.copy())  # noqa: S603
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return server
        time.sleep(0.2)
    raise SystemExit("the server did not start")


class Clock(threading.Thread):
    """The simulated phone system's clock, as ``manage.py telephony_simulator`` runs it."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.stop = threading.Event()

    def run(self) -> None:
        simulator = SimulatorConnector()
        with project_scope(ALL_PROJECTS):
            while not self.stop.is_set():
                simulator.run_due()
                self.stop.wait(0.05)


class Agent:
    def __init__(self, user: User, contact: Contact, campaign: Campaign) -> None:
        self.user, self.contact, self.campaign = user, contact, campaign
        self.option = DispositionOption.objects.get(campaign=campaign)
        self.waiting: dict[tuple[Any, ...], asyncio.Future[float]] = {}
        self.arrived: dict[tuple[Any, ...], float] = {}
        self.calls = 0

    async def arrival(self, key: tuple[Any, ...]) -> float:
        """When the event ``key`` reached the socket (it may have come in already)."""
        if key in self.arrived:
            return self.arrived.pop(key)
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.waiting[key] = future
        return await asyncio.wait_for(future, 120)

    def received(self, kind: str, value: Any, at: float) -> None:
        if kind == "call.changed":
            key: tuple[Any, ...] = ("call", value[0], value[1])
        else:
            key = ("disposition", value)
        future = self.waiting.pop(key, None)
        if future is None:
            self.arrived[key] = at
        elif not future.done():
            future.set_result(at)


def committed(action: Any) -> tuple[Any, float]:
    """Run a service in a transaction; the time just before its commit."""
    close_old_connections()
    with project_scope(ALL_PROJECTS), transaction.atomic():
        result = action()
        before_commit = time.time()  # wall clock: the sockets' process reads the same one
    return result, before_commit


async def work(
    agent: Agent,
    pool: ThreadPoolExecutor,
    until: float,
    latencies: list[float],
    args_talk: list[float],
) -> None:
    loop = asyncio.get_running_loop()
    rng = random.Random(agent.user.pk)
    low, high = args_talk
    await asyncio.sleep(rng.uniform(0, high))  # agents do not all start at once

    async def timed(action: Any, key_of: Any) -> Any:
        result, before_commit = await loop.run_in_executor(pool, committed, action)
        arrived = await agent.arrival(key_of(result))
        latencies.append((arrived - before_commit) * 1000)
        return result

    while time.perf_counter() < until:
        dial = partial(call_dial, agent=agent.user, campaign=agent.campaign,
                       number=agent.contact.phones[0], contact=agent.contact)  # fmt: skip
        call = await timed(dial, lambda placed: ("call", placed.pk, "dialing"))
        ended = ("call", call.pk, "ended")
        await agent.arrival(("call", call.pk, "answered"))
        await asyncio.sleep(rng.uniform(low, high))
        await timed(
            partial(call_hang_up, agent=agent.user, call=call), lambda _none, key=ended: key
        )
        record = partial(disposition_submit, agent=agent.user, calls=[call],
                         data=DispositionData(option=agent.option))  # fmt: skip
        await timed(record, lambda saved: ("disposition", saved.pk))
        agent.calls += 1
        await asyncio.sleep(rng.uniform(0.5, 1))


def agents_ready(users: list[User], campaign: Campaign) -> tuple[list[Agent], list[str]]:
    """The agents (logged in to the console) and their browsers' session cookies."""
    contacts = list(Contact.objects.filter(database=campaign.contact_database).order_by("pk"))
    agents = [Agent(u, c, campaign) for u, c in zip(users, contacts, strict=True)]
    for user in users:
        session_start(agent=user, campaigns=[campaign])
    return agents, [session_cookie(u) for u in users]


def start_sockets(port: int, cookies: list[str]) -> subprocess.Popen[str]:
    """The agents' browsers, in their own process (bench/console_sockets.py)."""
    path = Path(tempfile.mkdtemp()) / "cookies.json"
    path.write_text(json.dumps(cookies))
    url, origin = f"ws://127.0.0.1:{port}/ws/events/", f"http://127.0.0.1:{port}"
    command = [sys.executable, str(ROOT / "bench" / "console_sockets.py"), url, origin, str(path)]
    sockets = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)  # noqa: S603
    assert sockets.stdout is not None
    if sockets.stdout.readline().strip() != "ready":
        raise SystemExit("the sockets did not open")
    return sockets


async def run(
    args: argparse.Namespace, agents: list[Agent], sockets: subprocess.Popen[str]
) -> dict[str, Any]:
    loop = asyncio.get_running_loop()

    def relay() -> None:
        assert sockets.stdout is not None
        for line in sockets.stdout:
            index, kind, value, at = json.loads(line)
            loop.call_soon_threadsafe(agents[index].received, kind, value, at)

    threading.Thread(target=relay, daemon=True).start()
    latencies: list[float] = []
    pool = ThreadPoolExecutor(max_workers=args.threads)
    started = time.perf_counter()
    until = started + args.seconds
    await asyncio.gather(*(work(a, pool, until, latencies, args.talk) for a in agents))
    elapsed = time.perf_counter() - started
    return {"latencies": latencies, "calls": sum(a.calls for a in agents), "elapsed": elapsed}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--agents", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--threads", type=int, default=8, help="threads running services here")
    parser.add_argument(
        "--talk", type=float, nargs=2, default=[10.0, 30.0], metavar=("MIN", "MAX"),
        help="seconds each conversation lasts (a real floor: minutes)",
    )  # fmt: skip
    args = parser.parse_args()
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"] or not os.environ.get(
        "REDIS_URL"
    ):
        raise SystemExit("set DATABASE_URL to a PostgreSQL bench database and REDIS_URL")
    settings.TELEPHONY_SIMULATOR = CUSTOMERS
    reset()
    with project_scope(ALL_PROJECTS):  # the bench is the operator: every project
        users, campaign = prepare(args.agents)
        agents, cookies = agents_ready(users, campaign)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = start_server(port)
    sockets = start_sockets(port, cookies)
    time.sleep(1)  # every socket subscribed to its process's tail
    clock = Clock()
    clock.start()
    try:
        with project_scope(ALL_PROJECTS):
            result = asyncio.run(run(args, agents, sockets))
    finally:
        clock.stop.set()
        sockets.terminate()
        server.terminate()
        server.wait(timeout=10)
    lat = sorted(result["latencies"])
    if not lat:
        raise SystemExit("no events measured")

    def pct(p: float) -> float:
        return lat[min(len(lat) - 1, int(p * len(lat)))]

    p99 = pct(0.99)
    print(f"agents {args.agents}, talk {args.talk[0]:g}-{args.talk[1]:g} s, "
          f"{result['elapsed']:.1f} s, {len(lat)} events measured")  # fmt: skip
    print(f"commit → socket: p50 {statistics.median(lat):.1f} ms, p95 {pct(0.95):.1f} ms, "
          f"p99 {p99:.1f} ms, max {lat[-1]:.1f} ms")  # fmt: skip
    print(
        f"calls handled: {result['calls']} ({result['calls'] / result['elapsed']:.1f} per second)"
    )
    print(f"p99 against the target {TARGET_P99_MS:.0f} ms: {p99 / TARGET_P99_MS:.2f}x "
          f"({'met' if p99 < TARGET_P99_MS else 'NOT met'})")  # fmt: skip


if __name__ == "__main__":
    main()
