"""Data for the CRM's search and download tests: tickets, actions and calls across two
projects, with a day boundary in the users' time zone."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from cadencia.campaigns.models import DispositionOption
from cadencia.console.models import Call, Disposition, Recording
from cadencia.contacts.models import Company, Contact
from cadencia.core.scoping import project_scope
from cadencia.crm import services
from cadencia.crm.choices import ActionStatus, Priority
from cadencia.crm.models import Comment, Ticket
from cadencia.crm.services import ActionData
from cadencia.crm.tests.world import CrmWorld

UTC = datetime.UTC
# 2026-03-10 02:00 UTC is still the 9th in Córdoba (UTC-3).
LATE_ON_THE_9TH = datetime.datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
MORNING_OF_THE_10TH = datetime.datetime(2026, 3, 10, 13, 0, tzinfo=UTC)


def company_for(world: CrmWorld, name: str) -> Company:
    company = Company.objects.create(name=name)
    company.projects.set([world.a])
    return company


def ticket_for(
    world: CrmWorld, contact: Contact, *actions: ActionData, subject: str = "T"
) -> Ticket:
    with project_scope([world.a.pk]):
        return services.ticket_open(
            project_id=world.a.pk,
            subject=subject,
            description="",
            user=world.agent,
            contact=contact,
            call=None,
            actions=list(actions),
        )


def action_for(world: CrmWorld, subject: str, **extra: Any) -> ActionData:
    return ActionData(world.tutorial, subject, **extra)


@pytest.fixture
def crm(world: CrmWorld) -> CrmWorld:
    """Ana (company Acme) has a ticket with a pending action for the agent late on the 9th
    (local) and a done one for the supervisor on the 10th; Luis has one urgent action; a
    ticket in project B stays invisible."""
    world.acme = company_for(world, "Acme")  # type: ignore[attr-defined]
    Contact.objects.filter(pk=world.ana.pk).update(company=world.acme)  # type: ignore[attr-defined]
    world.ana.refresh_from_db()
    for user in (world.agent, world.supervisor):
        user.time_zone = "America/Argentina/Cordoba"
        user.save()
    world.t_ana = ticket_for(  # type: ignore[attr-defined]
        world,
        world.ana,
        action_for(world, "Visit", assignee=world.agent, starts_at=LATE_ON_THE_9TH),
        action_for(
            world,
            "Call the bank",
            assignee=world.supervisor,
            starts_at=MORNING_OF_THE_10TH,
            status=ActionStatus.DONE,
        ),
        subject="Line down",
    )
    world.t_luis = ticket_for(  # type: ignore[attr-defined]
        world,
        world.luis,
        action_for(world, "Urgent", assignee=world.agent, priority=Priority.URGENT),
        subject="Bill",
    )
    with project_scope([world.b.pk]):
        services.ticket_open(
            project_id=world.b.pk,
            subject="Secret B",
            description="",
            user=world.agent_b,
            contact=None,
            call=None,
            actions=[ActionData(world.tutorial_b, "Hidden action")],
        )
    return world


def call_for(world: CrmWorld, **fields: Any) -> Call:
    values = {
        "ref": f"c{Call.objects.count()}",
        "project": world.a,
        "campaign": world.manual,
        "direction": "out",
        "state": "ended",
        "number": "+5493516219387",
        "created_at": timezone.now(),
        "agent": world.agent,
        "contact": world.ana,
        "duration": 30,
    }
    values.update(fields)
    return Call.objects.create(**values)


@pytest.fixture
def history(crm: CrmWorld) -> dict[str, Call]:
    sale = DispositionOption.objects.get(campaign=crm.manual, name="Sale")
    calls = {
        "out_ana": call_for(crm, created_at=LATE_ON_THE_9TH),
        "in_luis": call_for(
            crm,
            direction="in",
            number="+5493516219390",
            contact=crm.luis,
            campaign=crm.inbound,
            agent=crm.supervisor,
            created_at=MORNING_OF_THE_10TH,
        ),
        "unknown": call_for(crm, contact=None, number="+5491140001111", duration=None),
    }
    disposition = Disposition.objects.create(
        project=crm.a,
        campaign=crm.manual,
        contact=crm.ana,
        agent=crm.agent,
        option=sale,
        notes="Sold the plan",
    )
    disposition.calls.add(calls["out_ana"])
    # As the dispositions' service does: the history filters by the name kept on the call.
    Call.objects.filter(pk=calls["out_ana"].pk).update(disposition_name="Sale")
    Recording.objects.create(call=calls["out_ana"], file="x.wav", seconds=3)
    Comment.objects.create(
        project=crm.a, call=calls["in_luis"], author=crm.supervisor, body="<b>Asked</b> for a bill"
    )
    Call.objects.create(
        ref="b1", project=crm.b, campaign=crm.campaign_b, direction="out", state="ended",
        number="+5493516219387", created_at=timezone.now(), agent=crm.agent_b,
    )  # fmt: skip
    return calls
