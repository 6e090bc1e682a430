"""The CRM's work API: the same services as the pages, the same isolation."""

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from rest_framework.authtoken.models import Token

from cadencia.console.models import Call
from cadencia.core.scoping import project_scope
from cadencia.crm.comments import comment_email_send
from cadencia.crm.models import Comment, SmsMessage, Ticket
from cadencia.crm.tests.world import CrmWorld

API = "/api/v1/crm"


def _api(user: Any) -> Client:
    from cadencia.accounts.models import User

    assert isinstance(user, User)
    token = Token.objects.create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


def _ticket_body(world: CrmWorld, **extra: Any) -> dict[str, Any]:
    return {
        "subject": "Line down",
        "contact": world.ana.pk,
        "actions": [
            {"action_type": world.report.pk, "subject": "Report", "answers": {"reason": "Line"},
             "cc": "boss@example.com", "priority": 3},
            {"action_type": world.tutorial.pk, "subject": "Teach"},
        ],
        **extra,
    }  # fmt: skip


@pytest.mark.covers("crm-tickets", "crm-ticket", "crm-ticket-actions", "crm-action")
def test_tickets_are_opened_listed_and_their_actions_edited(world: CrmWorld) -> None:
    api = _api(world.agent)
    bad = _ticket_body(world)
    bad["actions"][0]["answers"] = {"reason": "Gas"}
    answer = api.post(f"{API}/tickets/", bad, content_type="application/json")
    assert answer.status_code == 400 and "action1_answer_reason" in answer.json()
    assert not Ticket.objects.exists()
    created = api.post(f"{API}/tickets/", _ticket_body(world), content_type="application/json")
    assert created.status_code == 201, created.json()
    ticket = created.json()
    assert ticket["is_open"] and ticket["pending"] == 2 and len(ticket["actions"]) == 2
    listed = api.get(f"{API}/tickets/?status=open").json()["results"]
    assert [t["id"] for t in listed] == [ticket["id"]]
    more = api.post(
        f"{API}/tickets/{ticket['id']}/actions/",
        {"action_type": world.tutorial.pk, "subject": "Again"},
        content_type="application/json",
    )
    assert more.status_code == 201
    for action in [*ticket["actions"], more.json()]:
        done = api.patch(
            f"{API}/actions/{action['id']}/", {"status": "done"}, content_type="application/json"
        )
        assert done.status_code == 200 and done.json()["journal"][-1]["changes"] == [
            {"label": "status", "old": "Pending", "new": "Done"}
        ]
    assert api.get(f"{API}/tickets/{ticket['id']}/").json()["is_open"] is False
    renamed = api.patch(
        f"{API}/tickets/{ticket['id']}/", {"subject": "Fixed"}, content_type="application/json"
    )
    assert renamed.json()["subject"] == "Fixed"
    wrong = api.patch(
        f"{API}/actions/{more.json()['id']}/", {"status": "lost"}, content_type="application/json"
    )
    assert wrong.status_code == 400


@pytest.mark.covers("crm-action-comments", "crm-call-comments")
def test_comments_by_api_are_emailed_with_charges(world: CrmWorld, committed: Any) -> None:
    call = world.ended_call(committed, world.ana)
    Call.objects.filter(pk=call.pk).update(duration=30)
    api = _api(world.agent)
    ticket = api.post(
        f"{API}/tickets/", _ticket_body(world, call=call.pk), content_type="application/json"
    ).json()
    action_id = ticket["actions"][0]["id"]
    with committed():
        answer = api.post(
            f"{API}/actions/{action_id}/comments/",
            {"body": "<p>Done<script>x()</script></p>", "email_contact": True, "add_charges": True},
            content_type="application/json",
        )
    assert answer.status_code == 201 and answer.json()["body"] == "<p>Done</p>"
    with project_scope([world.a.pk]):
        comment_email_send(answer.json()["id"])
    assert "30 s x 10 col/s = 300.00 col" in mail.outbox[0].body
    assert mail.outbox[0].cc == ["boss@example.com"]
    on_call = api.post(
        f"{API}/calls/{call.pk}/comments/", {"body": "Noted"}, content_type="application/json"
    )
    assert on_call.status_code == 201
    assert [c["body"] for c in api.get(f"{API}/calls/{call.pk}/comments/").json()] == [
        "<p>Noted</p>"
    ]


@pytest.mark.covers("crm-sms")
def test_sms_by_api(world: CrmWorld, committed: Any) -> None:
    api = _api(world.agent)
    with committed():
        sent = api.post(
            f"{API}/sms/",
            {"contact": world.ana.pk, "number": world.ana.phones[0], "body": "Hola"},
            content_type="application/json",
        )
    assert sent.status_code == 201 and sent.json()["status"] == "queued"
    thread = api.get(f"{API}/sms/?contact={world.ana.pk}").json()["results"]
    assert [m["body"] for m in thread] == ["Hola"]
    refused = api.post(
        f"{API}/sms/",
        {"contact": world.ana.pk, "number": "+1", "body": "x"},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "number" in refused.json()


def test_project_b_cannot_read_or_write_project_as_crm_by_api(
    world: CrmWorld, committed: Any
) -> None:
    call = world.ended_call(committed, world.ana)
    ticket = (
        _api(world.agent)
        .post(f"{API}/tickets/", _ticket_body(world, call=call.pk), content_type="application/json")
        .json()
    )
    action_id = ticket["actions"][0]["id"]
    other = _api(world.agent_b)
    assert other.get(f"{API}/tickets/").json()["results"] == []
    for url in (
        f"/tickets/{ticket['id']}/",
        f"/actions/{action_id}/",
        f"/calls/{call.pk}/comments/",
    ):
        assert other.get(API + url).status_code == 404, url
    json = "application/json"
    for url, body in (
        (f"/tickets/{ticket['id']}/", {"subject": "x"}),
        (f"/actions/{action_id}/", {"status": "done"}),
    ):
        assert other.patch(API + url, body, content_type=json).status_code == 404, url
    posts: tuple[tuple[str, dict[str, Any]], ...] = (
        (f"/tickets/{ticket['id']}/actions/", {"action_type": world.tutorial_b.pk, "subject": "x"}),
        (f"/actions/{action_id}/comments/", {"body": "x"}),
        (f"/calls/{call.pk}/comments/", {"body": "x"}),
    )
    for url, body in posts:
        assert other.post(API + url, body, content_type=json).status_code == 404, url
    # Another project's contact, call or action type is unknown, not usable.
    bodies: tuple[dict[str, Any], ...] = (
        _ticket_body(world) | {"actions": [{"action_type": world.tutorial_b.pk, "subject": "x"}]},
        {"subject": "x", "contact": world.ana.pk,
         "actions": [{"action_type": world.tutorial_b.pk, "subject": "x"}]},
        {"subject": "x", "call": call.pk,
         "actions": [{"action_type": world.tutorial_b.pk, "subject": "x"}]},
    )  # fmt: skip
    for body in bodies:
        assert other.post(f"{API}/tickets/", body, content_type=json).status_code == 400
    sms = {"contact": world.ana.pk, "number": world.ana.phones[0], "body": "x"}
    assert other.post(f"{API}/sms/", sms, content_type=json).status_code == 400
    assert other.get(f"{API}/sms/?contact={world.ana.pk}").status_code == 404
    with project_scope([world.a.pk]):
        assert Ticket.objects.count() == 1 and not Comment.objects.exists()
        assert not SmsMessage.objects.exists()
