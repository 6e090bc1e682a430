"""Fuzz the REST API from its own OpenAPI schema with schemathesis (run by .ci/run).

A throw-away SQLite database gets two projects in enhanced security, an administrator and a
manager who belongs to project A only; the ASGI server runs on it, and schemathesis runs every
operation with a bounded number of generated examples as each of the two users, checking
"not a server error", "status code conformance" and "response schema conformance".

    .venv/bin/python scripts/fuzz_api.py [--max-examples N] [--seed N]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKS = "not_a_server_error,status_code_conformance,response_schema_conformance"


def _listening_socket() -> socket.socket:
    """A socket bound and listening here, handed to the server: a port picked by binding and
    closing a probe could be taken by another process before the server binds it (the test
    suite's own servers run beside the fuzzing in CI), and the fuzzing would talk to them."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def _seed(env: dict[str, str]) -> dict[str, str]:
    """Migrate and create the users; returns their API tokens."""
    py = sys.executable
    subprocess.run(
        [py, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    script = """
from rest_framework.authtoken.models import Token
from cadencia.accounts.choices import BuiltinRole
from cadencia.accounts.models import Role
from cadencia.accounts.services import user_create
from cadencia.contacts.models import ContactDatabase
from cadencia.contacts.services import contact_database_save
from cadencia.core.scoping import scopes_disabled
from cadencia.projects.services import membership_add, project_create, security_mode_set
with scopes_disabled():
    security_mode_set(mode="enhanced")
    a, b = project_create(name="A"), project_create(name="B")
    admin = user_create(username="fuzz-admin", password="Fuzz-admin-1",
                        role=Role.objects.get(builtin=BuiltinRole.ADMINISTRATOR))
    manager = user_create(username="fuzz-manager", password="Fuzz-manager-1",
                          role=Role.objects.get(builtin=BuiltinRole.MANAGER))
    membership_add(project=a, user=manager)
    for project in (a, b):
        contact_database_save(database=ContactDatabase(name=f"Contacts {project.name}"),
                              project_ids={project.pk}, user=admin)
    for user in (admin, manager):
        print(user.username, Token.objects.get_or_create(user=user)[0].key)
"""
    out = subprocess.run(
        [py, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return dict(line.split() for line in out.splitlines() if line.startswith("fuzz-"))


def _wait(url: str, server: subprocess.Popen[bytes]) -> None:
    for _ in range(150):
        if server.poll() is not None:
            raise SystemExit("the server stopped before answering")
        try:
            urllib.request.urlopen(url, timeout=1)  # noqa: S310 - our own local server
            return
        except urllib.error.HTTPError:
            return  # it answers (503 without a task worker is fine here)
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"no answer from {url}")


def _schemathesis(base: str, token: str, args: argparse.Namespace) -> list[str]:
    return [
        str(Path(sys.executable).parent / "schemathesis"),
        "run",
        f"{base}/api/schema/?format=json",
        "--checks",
        CHECKS,
        "--max-examples",
        str(args.max_examples),
        "--seed",
        str(args.seed),
        "--header",
        f"Authorization: Token {token}",
        "--workers",
        "1",
        "--generation-deterministic",
        "--phases",
        "examples,coverage,fuzzing",
        "--continue-on-failure",
        "--no-color",
        *(["--include-path-regex", args.paths] if args.paths else []),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--max-examples", type=int, default=25)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument(
        "--paths", default="", help="only the operations whose path matches this regex (by hand)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cadencia-fuzz-") as tmp:
        env = {
            **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")},
            "DATABASE_URL": f"sqlite:///{tmp}/fuzz.sqlite3",
            "CONTACT_IMPORT_DIR": f"{tmp}/imports",
            "MEDIA_ROOT": f"{tmp}/media",
            "DJANGO_SETTINGS_MODULE": "cadencia.settings",
        }
        tokens = _seed(env)
        listening = _listening_socket()
        base = f"http://127.0.0.1:{listening.getsockname()[1]}"
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "cadencia.asgi:application",
                "--fd",
                str(listening.fileno()),
                "--lifespan",
                "off",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            pass_fds=(listening.fileno(),),
        )
        failed = False
        try:
            _wait(f"{base}/healthz", server)
            # Both users at once: the run is bound by waiting on the server, not by CPU.
            runs = {
                user: subprocess.Popen(
                    _schemathesis(base, tokens[user], args),
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                )
                for user in ("fuzz-admin", "fuzz-manager")
            }
            for user, run in runs.items():
                output, _ = run.communicate()
                print(f"\n=== schemathesis as {user} ===\n{output}", flush=True)
                failed |= run.returncode != 0
        finally:
            server.terminate()
            server.wait(timeout=20)
            listening.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
