"""Benchmark: the audit queue's page on a million management dispositions (PostgreSQL).

    createdb -h 127.0.0.1 -U postgres cadencia_bench_audit
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadencia_bench_audit \
        .venv/bin/python bench/audit_queue.py --items 1000000 --runs 30

The database named is emptied first (``flush``). Two projects in enhanced security, each with
10 campaigns, 50 agents and 100,000 contacts; ``--items`` dispositions with their audit items
spread over a year, the projects and the statuses (10 % pending, 2 % resubmitted, 13 %
observed, 15 % rejected, 60 % approved), written with INSERT ... SELECT, then VACUUM ANALYZE.

Timed: the whole queue page at the server — Django's test client in this process, so
middleware, scope, form, the counts per status, the page's query and the template, without
a network — as an auditor of project A (half the items), for the common filters; the first
page and a deep page (its cursor taken 200,000 rows into the order, or as deep as the filter
reaches). Reported: p50 and p95 per case, and the page's query count at 25 and at 200 rows.
Target: p95 under 100 ms; the baseline is the target (the first measurement of this page).
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadencia.settings")

import django

django.setup()

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cadencia.accounts.models import Role, User
from cadencia.audits.models import AuditItem
from cadencia.audits.selectors import encode_cursor
from cadencia.campaigns.models import Campaign, DispositionOption, Form, FormVersion
from cadencia.contacts.models import ContactDatabase
from cadencia.core.scoping import scopes_disabled
from cadencia.projects.models import Project
from cadencia.projects.services import membership_add, project_create, security_mode_set
from cadencia.projects.testing import permissions_named

TARGET_P95_MS = 100.0
CAMPAIGNS, AGENTS, CONTACTS = 10, 50, 100_000
FIELDS = [{"key": "plan", "label": "Plan", "type": "text", "required": True}]


def _project(name: str, auditor_role: Role, agent_role: Role) -> dict[str, Any]:
    project = project_create(name=name)
    database = ContactDatabase.objects.create(name=f"Contacts {name}", columns=[])
    database.projects.add(project)
    form = Form.objects.create(project=project, name=f"Sale {name}")
    version = FormVersion.objects.create(form=form, number=1, fields=FIELDS)
    campaigns, options = [], []
    for n in range(CAMPAIGNS):
        campaign = Campaign.objects.create(
            project=project, name=f"{name} campaign {n}", contact_database=database
        )
        campaigns.append(campaign)
        options.append(
            DispositionOption.objects.create(
                campaign=campaign, name="Sale", kind="management", form=form, positive=True
            )
        )
    agents = User.objects.bulk_create(
        User(username=f"{name.lower()}-agent-{n}", role=agent_role) for n in range(AGENTS)
    )
    for agent in agents:
        membership_add(project=project, user=agent)
    auditor = User.objects.create(username=f"{name.lower()}-auditor", role=auditor_role)
    membership_add(project=project, user=auditor)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO contacts_contact (database_id, external_id, phones, fields, created_at,
                                          updated_at)
            SELECT %s, %s || g, jsonb_build_array('+549351' || lpad((%s + g)::text, 7, '0')),
                   '{"nombre": "Bench"}'::jsonb, now(), now()
            FROM generate_series(1, %s) g
            """,
            [database.pk, f"{name}-", 1_000_000 * (ord(name[0]) - 60), CONTACTS],
        )
        cursor.execute(
            "SELECT min(id), max(id) FROM contacts_contact WHERE database_id = %s", [database.pk]
        )
        low, high = cursor.fetchone()
    return {
        "project": project,
        "campaigns": [c.pk for c in campaigns],
        "options": [o.pk for o in options],
        "version": version.pk,
        "agents": [a.pk for a in agents],
        "auditor": auditor,
        "contacts": (low, high),
    }


def _fill(world: dict[str, Any], items: int, auditor_id: int) -> None:
    """``items`` dispositions of the project and their audit items, in SQL."""
    low, high = world["contacts"]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO console_disposition (project_id, campaign_id, contact_id, agent_id,
                option_id, form_version_id, answers, notes, callback_same_agent, is_current,
                created_at)
            SELECT %(project)s, (%(campaigns)s::bigint[])[1 + g %% 10], %(low)s + g %% %(span)s,
                   (%(agents)s::bigint[])[1 + (g * 7) %% 50], (%(options)s::bigint[])[1 + g %% 10],
                   %(version)s, '{"plan": "Premium"}'::jsonb, '', false, false,
                   now() - (g %% 525600) * interval '1 minute' - (g %% 60) * interval '1 second'
            FROM generate_series(1, %(items)s) g
            """,
            {
                "project": world["project"].pk,
                "campaigns": world["campaigns"],
                "agents": world["agents"],
                "options": world["options"],
                "version": world["version"],
                "low": low,
                "span": high - low + 1,
                "items": items,
            },
        )
        cursor.execute(
            """
            INSERT INTO audits_audititem (project_id, disposition_id, campaign_id, agent_id,
                contact_id, status, managed_at, updated_at, decided_at, auditor_id, note, score,
                version)
            SELECT d.project_id, d.id, d.campaign_id, d.agent_id, d.contact_id, s.status,
                   d.created_at, d.created_at + interval '2 hours',
                   CASE WHEN s.decided THEN d.created_at + interval '2 hours' END,
                   CASE WHEN s.decided THEN %(auditor)s END,
                   CASE WHEN s.status IN ('observed', 'rejected') THEN 'Check the plan' ELSE '' END,
                   CASE WHEN s.decided THEN 50 + d.id %% 50 END, 1 + (s.decided)::int
            FROM console_disposition d
            CROSS JOIN LATERAL (
                SELECT CASE WHEN d.id %% 100 < 10 THEN 'pending'
                            WHEN d.id %% 100 < 12 THEN 'resubmitted'
                            WHEN d.id %% 100 < 25 THEN 'observed'
                            WHEN d.id %% 100 < 40 THEN 'rejected'
                            ELSE 'approved' END AS status,
                       d.id %% 100 >= 12 AS decided
            ) s
            WHERE d.project_id = %(project)s
            """,
            {"project": world["project"].pk, "auditor": auditor_id},
        )


def prepare(items: int) -> tuple[dict[str, Any], dict[str, Any]]:
    call_command("flush", interactive=False, verbosity=0)
    started = time.perf_counter()
    with scopes_disabled():
        security_mode_set(mode="enhanced")
        auditor_role = Role.objects.create(name="Bench auditor")
        auditor_role.permissions.set(
            permissions_named("audits.audit_dispositions", "campaigns.view_campaign")
        )
        agent_role = Role.objects.create(name="Bench agent")
        agent_role.permissions.set(permissions_named("console.use_console"))
        a = _project("A", auditor_role, agent_role)
        b = _project("B", auditor_role, agent_role)
        _fill(a, items // 2, a["auditor"].pk)
        _fill(b, items - items // 2, b["auditor"].pk)
    with connection.cursor() as cursor:
        for table in ("contacts_contact", "console_disposition", "audits_audititem"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    print(f"filled {items:,} items in {time.perf_counter() - started:.0f} s", flush=True)
    return a, b


def reused() -> dict[str, Any]:
    with scopes_disabled():
        project = Project.objects.get(name="A")
        return {
            "project": project,
            "campaigns": list(
                Campaign.objects.filter(project=project).order_by("pk").values_list("pk", flat=True)
            ),
            "agents": list(
                User.objects.filter(username__startswith="a-agent-")
                .order_by("pk")
                .values_list("pk", flat=True)
            ),
            "auditor": User.objects.get(username="a-auditor"),
        }


def _cursor_at(depth: int, **filters: Any) -> str:
    with scopes_disabled():
        rows = AuditItem.objects.filter(**filters).order_by("-managed_at", "-pk")
        count = rows.count()
        item = rows[min(depth, max(count - 30, 0))]
        return encode_cursor(item, "managed_at")


def cases(a: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    project = a["project"]
    campaign, agent = a["campaigns"][3], a["agents"][5]
    today = timezone.localdate()
    month = {"since": today - timedelta(days=30), "until": today, "status": ""}
    return [
        ("waiting (home), first page", {}),
        ("all statuses, first page", {"status": ""}),
        ("approved, first page", {"status": "approved"}),
        ("one campaign, first page", {"campaign": campaign, "status": ""}),
        ("one agent, first page", {"agent": agent, "status": ""}),
        ("last 30 days, first page", month),
        ("external ID", {"external_id": "A-4242", "status": ""}),
        ("contact phone", {"phone": "0351 15 500 4242", "status": ""}),
        (
            "all statuses, deep page",
            {"status": "", "after": _cursor_at(200_000, project=project)},
        ),
        (
            "approved, deep page",
            {
                "status": "approved",
                "after": _cursor_at(200_000, project=project, status="approved"),
            },
        ),
        (
            "one campaign, deep page",
            {"campaign": campaign, "status": "", "after": _cursor_at(40_000, campaign=campaign)},
        ),
    ]


def measure(client: Client, params: dict[str, Any], runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get("/audits/", params)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return timings


def queries(client: Client, size: int) -> int:
    with CaptureQueriesContext(connection) as captured:
        client.get("/audits/", {"status": "", "size": str(size)})
    return len(captured)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument(
        "--reuse", action="store_true", help="time the database a previous run filled"
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("Run it on PostgreSQL: set DATABASE_URL (see the docstring).")
    a = reused() if args.reuse else prepare(args.items)[0]
    client = Client(HTTP_HOST="localhost")
    client.force_login(a["auditor"])
    with scopes_disabled():
        mine = AuditItem.objects.filter(project=a["project"]).count()
    print(f"as {a['auditor'].username}: {mine:,} items in the auditor's project")
    print(f"{'case':<32} {'p50 ms':>8} {'p95 ms':>8} {'rows':>5}  vs target {TARGET_P95_MS:.0f} ms")
    worst = 0.0
    for name, params in cases(a):
        measure(client, params, 3)  # warm
        timings = sorted(measure(client, params, args.runs))
        p50 = statistics.median(timings)
        p95 = timings[int(len(timings) * 0.95) - 1]
        rows = client.get("/audits/", params).content.count(b"data-item=")
        worst = max(worst, p95)
        print(f"{name:<32} {p50:8.1f} {p95:8.1f} {rows:5d}  {p95 / TARGET_P95_MS:.2f}x")
    q25, q200 = queries(client, 25), queries(client, 200)
    print(f"queries per page: {q25} at 25 rows, {q200} at 200 rows")
    print(
        f"worst p95 {worst:.1f} ms = {worst / TARGET_P95_MS:.2f}x the {TARGET_P95_MS:.0f} ms target"
    )


if __name__ == "__main__":
    main()
