"""Tickets, actions, the journal, comments e-mailed with charges, attachments, isolation."""

from smtplib import SMTPException
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client

from cadencia.console.models import Call
from cadencia.core.scoping import project_scope
from cadencia.crm import comments, services
from cadencia.crm.choices import ActionStatus, EmailStatus
from cadencia.crm.comments import CommentData
from cadencia.crm.models import Attachment, Comment, CrmSettings, JournalEntry, Ticket
from cadencia.crm.services import ActionData
from cadencia.crm.tests.world import CrmWorld
from cadencia.projects.testing import TwoProjects, permissions_named


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Any) -> int:
        raise SMTPException("421 try later")


def _client(user: Any) -> Client:
    return TwoProjects.web_client(user)


def _open(world: CrmWorld, call: Any = None, **extra: Any) -> Ticket:
    with project_scope([world.a.pk]):
        return services.ticket_open(
            project_id=world.a.pk,
            subject="Line down",
            description="",
            user=world.agent,
            contact=world.ana,
            call=call,
            actions=[
                ActionData(world.report, "Report", answers={"reason": "Line"}, **extra),
                ActionData(world.tutorial, "Show the app"),
            ],
        )


def _call(world: CrmWorld, committed: Any, seconds: int = 60) -> Call:
    call = world.ended_call(committed, world.ana)
    Call.objects.filter(pk=call.pk).update(duration=seconds)
    call.refresh_from_db()
    return call


def test_a_ticket_is_open_while_any_action_is_pending_and_each_edit_is_journaled(
    world: CrmWorld,
) -> None:
    ticket = _open(world)
    assert ticket.is_open and ticket.actions.count() == 2
    report, tutorial = ticket.actions.order_by("pk")
    with project_scope([world.a.pk]):
        services.action_set_status(action=report, status=ActionStatus.DONE, user=world.agent)
        ticket.refresh_from_db()
        assert ticket.is_open
        services.action_set_status(action=tutorial, status=ActionStatus.CANCELLED, user=world.agent)
        ticket.refresh_from_db()
        assert not ticket.is_open  # nothing pending: done and cancelled close it
        services.action_set_status(action=tutorial, status=ActionStatus.PENDING, user=world.agent)
        ticket.refresh_from_db()
        assert ticket.is_open
        entries = list(JournalEntry.objects.filter(action=report).order_by("pk"))
    assert entries[0].created
    assert {"label": "Reason", "old": "", "new": "Line"} in entries[0].changes
    assert entries[1].changes == [{"label": "status", "old": "Pending", "new": "Done"}]
    with pytest.raises(ValidationError):
        entries[1].save()  # the journal is never rewritten


def test_an_action_form_is_checked_by_the_shared_validator_and_nothing_is_half_written(
    world: CrmWorld,
) -> None:
    with project_scope([world.a.pk]), pytest.raises(ValidationError) as caught:
        services.ticket_open(
            project_id=world.a.pk,
            subject="Line down",
            description="",
            user=world.agent,
            actions=[
                ActionData(world.tutorial, "Fine"),
                ActionData(world.report, "Report", answers={"reason": "Gas"}, cc="not-an-address"),
            ],
        )
    errors = caught.value.message_dict
    assert "action2_answer_reason" in errors and "action2_cc" in errors
    assert not Ticket.objects.exists()
    with project_scope([world.a.pk]), pytest.raises(ValidationError) as caught:
        services.ticket_open(
            project_id=world.a.pk,
            subject="x",
            description="",
            user=world.agent,
            actions=[ActionData(world.tutorial_b, "Another project's type")],
        )
    assert "action1_action_type" in caught.value.message_dict


def test_a_comment_is_sanitised(world: CrmWorld, committed: Any) -> None:
    call = _call(world, committed)
    with project_scope([world.a.pk]):
        comment = comments.comment_add(
            user=world.agent,
            data=CommentData(
                body='<p onclick="x()">Hi <b>there</b></p><script>alert(1)</script>'
                '<img src=x onerror="alert(2)"><a href="javascript:alert(3)">link</a>'
            ),
            call=call,
        )
    assert "<b>there</b>" in comment.body
    for bad in ("<script", "onerror", "onclick", "javascript:", "<img"):
        assert bad not in comment.body
    with project_scope([world.a.pk]), pytest.raises(ValidationError) as caught:
        comments.comment_add(
            user=world.agent, data=CommentData(body="<script>x</script>"), call=call
        )
    assert "body" in caught.value.message_dict


def test_a_comment_is_emailed_with_cc_bcc_attachments_and_the_calls_charges(
    world: CrmWorld, committed: Any
) -> None:
    call = _call(world, committed, seconds=61)
    ticket = _open(world, call=call, cc="boss@example.com")
    action = ticket.actions.order_by("pk").first()
    assert action is not None
    with project_scope([world.a.pk]), committed():
        comment = comments.comment_add(
            user=world.agent,
            data=CommentData(
                body="Your line is fixed.",
                bcc="audit@example.com",
                email_contact=True,
                add_charges=True,
            ),
            uploads=[SimpleUploadedFile("report.pdf", b"%PDF-1.4 x", "application/pdf")],
            action=action,
        )
    assert comment.email_status == EmailStatus.QUEUED
    with project_scope([world.a.pk]):
        comments.comment_email_send(comment.pk)
    comment.refresh_from_db()
    assert comment.email_status == EmailStatus.SENT
    [message] = mail.outbox
    assert message.to == ["ana@example.com"]
    assert message.cc == ["boss@example.com"]  # the action's CC
    assert message.bcc == ["audit@example.com"]
    assert message.subject == f"Ticket #{ticket.pk}: Line down"
    assert "61 s x 10 col/s = 610.00 col" in message.body
    assert message.attachments[0][0] == "report.pdf"
    assert comment.charges == 610


def test_a_failed_email_is_retried_then_marked_failed(
    world: CrmWorld, committed: Any, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "cadencia.crm.tests.test_crm.FailingBackend"
    call = _call(world, committed)
    with project_scope([world.a.pk]):
        comment = comments.comment_add(
            user=world.agent, data=CommentData(body="Hi", email_contact=True), call=call
        )
        for attempt in range(1, comments.EMAIL_MAX_ATTEMPTS + 1):
            comments.comment_email_send(comment.pk)
            comment.refresh_from_db()
            assert comment.email_attempts == attempt
    assert comment.email_status == EmailStatus.FAILED
    assert "421 try later" in comment.email_error


def test_charges_need_someone_to_email_and_the_contact_needs_an_address(
    world: CrmWorld, committed: Any
) -> None:
    call = _call(world, committed)
    with project_scope([world.a.pk]), pytest.raises(ValidationError) as caught:
        comments.comment_add(
            user=world.agent, data=CommentData(body="x", add_charges=True), call=call
        )
    assert "add_charges" in caught.value.message_dict
    luis_call = world.ended_call(committed, world.luis)
    with project_scope([world.a.pk]), pytest.raises(ValidationError) as caught:
        comments.comment_add(
            user=world.agent, data=CommentData(body="x", email_contact=True), call=luis_call
        )
    assert "email_contact" in caught.value.message_dict
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("virus.exe", b"MZ", "cannot be attached"),
        ("empty.pdf", b"", "is empty"),
        ("big.pdf", b"x" * 2048, "larger than"),
    ],
)
def test_attachment_limits(
    world: CrmWorld, committed: Any, settings: Any, name: str, content: bytes, reason: str
) -> None:
    settings.CRM_ATTACHMENT_MAX_BYTES = 1024
    call = _call(world, committed)
    upload = SimpleUploadedFile(name, content)
    with project_scope([world.a.pk]), pytest.raises(ValidationError) as caught:
        comments.call_attach(call=call, uploads=[upload], user=world.agent)
    assert reason in " ".join(caught.value.messages)
    assert not Attachment.objects.exists()


@pytest.mark.covers("crm:ticket_new", "crm:ticket_detail", "crm:ticket_list", "crm:action_status")
def test_an_agent_opens_a_ticket_from_a_call_with_two_actions_and_closes_it(
    world: CrmWorld, committed: Any
) -> None:
    call = _call(world, committed)
    client = _client(world.agent)
    page = client.get(f"/crm/tickets/new/?call={call.pk}")
    assert page.status_code == 200 and "Reporte CC" in page.content.decode()
    r, t = f"t{world.report.pk}", f"t{world.tutorial.pk}"
    data = {
        "subject": "Line down",
        f"{r}-include": "on", f"{r}-subject": "Report", f"{r}-status": "pending",
        f"{r}-priority": "3", f"{r}-a-reason": "Line",
        f"{t}-include": "on", f"{t}-subject": "Teach", f"{t}-status": "pending",
        f"{t}-priority": "2",
    }  # fmt: skip
    bad = client.post(f"/crm/tickets/new/?call={call.pk}", {**data, f"{r}-a-reason": ""})
    assert bad.status_code == 400 and not Ticket.objects.exists()
    response = client.post(f"/crm/tickets/new/?call={call.pk}", data)
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.call == call and ticket.contact == world.ana and ticket.is_open
    listing = client.get("/crm/tickets/").content.decode()
    assert f'data-ticket="{ticket.pk}" data-state="pending"' in listing
    for action in ticket.actions.all():
        client.post(f"/crm/actions/{action.pk}/status/", {"status": "done"})
    listing = client.get("/crm/tickets/").content.decode()
    assert f'data-ticket="{ticket.pk}" data-state="done"' in listing
    for search in ("Ana", "line", f"#{ticket.pk}", "351 621 9387"):
        found = client.get("/crm/tickets/", {"status": "all", "q": search}).content.decode()
        assert f'data-ticket="{ticket.pk}"' in found, search
    assert f'data-ticket="{ticket.pk}"' not in client.get("/crm/tickets/?q=Zoe").content.decode()
    assert "Reason" in client.get(f"/crm/tickets/{ticket.pk}/").content.decode()


@pytest.mark.covers("crm:action_add", "crm:action_edit", "crm:ticket_edit", "crm:action_comment")
def test_actions_are_added_edited_and_commented_on_the_ticket_page(
    world: CrmWorld, committed: Any
) -> None:
    ticket = _open(world)
    client = _client(world.agent)
    url = f"/crm/tickets/{ticket.pk}/actions/{world.tutorial.pk}/add/"
    assert client.get(url).status_code == 200
    assert (
        client.post(url, {"subject": "", "status": "pending", "priority": "2"}).status_code == 400
    )
    response = client.post(url, {"subject": "Again", "status": "pending", "priority": "4"})
    assert response.status_code == 302 and ticket.actions.count() == 3
    action = ticket.actions.get(subject="Again")
    edit = f"/crm/actions/{action.pk}/edit/"
    assert client.get(edit).status_code == 200
    client.post(edit, {"subject": "Again, later", "status": "pending", "priority": "1"})
    with project_scope([world.a.pk]):
        last = JournalEntry.objects.filter(action=action).latest("pk")
    assert {"label": "subject", "old": "Again", "new": "Again, later"} in last.changes
    client.post(f"/crm/tickets/{ticket.pk}/edit/", {"subject": "Renamed", "description": "d"})
    ticket.refresh_from_db()
    assert ticket.subject == "Renamed"
    response = client.post(
        f"/crm/actions/{action.pk}/comments/", {f"a{action.pk}-body": "Called back"}
    )
    assert response.status_code == 302
    assert "Called back" in client.get(f"/crm/tickets/{ticket.pk}/").content.decode()
    assert (
        client.post(f"/crm/actions/{action.pk}/comments/", {f"a{action.pk}-body": ""}).status_code
        == 400
    )


@pytest.mark.covers("crm:call_part", "crm:call_comment", "crm:call_attach", "crm:attachment")
def test_the_call_part_comments_and_attachments(world: CrmWorld, committed: Any) -> None:
    call = _call(world, committed)
    client = _client(world.agent)
    assert client.get(f"/crm/calls/{call.pk}/").status_code == 200
    client.post(f"/crm/calls/{call.pk}/comments/", {"call-body": "Wants a visit"})
    upload = SimpleUploadedFile("note.txt", b"hello", "text/plain")
    client.post(f"/crm/calls/{call.pk}/attachments/", {"attachments": [upload]})
    part = client.get(f"/crm/calls/{call.pk}/").content.decode()
    assert "Wants a visit" in part and "note.txt" in part
    attachment = Attachment.objects.get()
    download = client.get(f"/crm/attachments/{attachment.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"hello"  # type: ignore[attr-defined]


@pytest.mark.covers("crm:contact_part")
def test_project_b_cannot_read_attach_to_or_comment_on_project_as_ticket(
    world: CrmWorld, committed: Any
) -> None:
    call = _call(world, committed)
    ticket = _open(world, call=call)
    action = ticket.actions.first()
    assert action is not None
    with project_scope([world.a.pk]):
        comments.call_attach(
            call=call, uploads=[SimpleUploadedFile("a.txt", b"a")], user=world.agent
        )
    attachment = Attachment.objects.get()
    own = _client(world.agent)
    assert f"#{ticket.pk}" in own.get(f"/crm/contacts/{world.ana.pk}/").content.decode()
    other = _client(world.agent_b)
    for url in (
        f"/crm/tickets/{ticket.pk}/",
        f"/crm/actions/{action.pk}/edit/",
        f"/crm/calls/{call.pk}/",
        f"/crm/attachments/{attachment.pk}/",
        f"/crm/contacts/{world.ana.pk}/",
        f"/crm/tickets/new/?call={call.pk}",
    ):
        assert other.get(url).status_code == 404, url
    for url, data in (
        (f"/crm/actions/{action.pk}/comments/", {f"a{action.pk}-body": "x"}),
        (f"/crm/calls/{call.pk}/comments/", {"call-body": "x"}),
        (f"/crm/calls/{call.pk}/attachments/", {}),
        (f"/crm/actions/{action.pk}/status/", {"status": "done"}),
        (f"/crm/tickets/{ticket.pk}/edit/", {"subject": "x"}),
    ):
        assert other.post(url, data).status_code == 404, url
    assert f"#{ticket.pk}" not in other.get("/crm/tickets/").content.decode()
    assert Comment.objects.count() == 0 and Attachment.objects.count() == 1


@pytest.mark.covers(
    "crm:settings_list", "crm:settings_add", "crm:settings_detail", "crm:settings_edit",
    "crm:settings_delete", "crm:settings_changelog", "crmsettings-list", "crmsettings-detail",
)  # fmt: skip
def test_call_charge_settings_one_per_project_and_isolated(world: CrmWorld) -> None:
    labels = [f"crm.{a}_crmsettings" for a in ("view", "add", "change", "delete")]
    labels.append("core.view_changelogentry")
    manager = world.add_user("crm_manager", world.a, permissions_named(*labels))
    manager_b = world.add_user("crm_manager_b", world.b, permissions_named(*labels))
    client = _client(manager)
    assert client.get("/crm/settings/").status_code == 200
    own = CrmSettings.objects.get(project=world.a)
    for page in ("", "edit/", "changelog/"):
        assert client.get(f"/crm/settings/{own.pk}/{page}").status_code == 200
    second = client.post(
        "/crm/settings/add/", {"project": world.a.pk, "charge_per_second": "1", "currency": "x"}
    )
    assert second.status_code == 400 and CrmSettings.objects.count() == 1
    other = _client(manager_b)
    assert other.get(f"/crm/settings/{own.pk}/").status_code == 404
    assert other.get(f"/api/v1/crm-settings/{own.pk}/").status_code == 404
    assert other.get("/api/v1/crm-settings/").json()["results"] == []
    assert client.get(f"/api/v1/crm-settings/{own.pk}/").json()["currency"] == "col"
    assert client.post(f"/crm/settings/{own.pk}/delete/").status_code == 302
    assert not CrmSettings.objects.exists()


@pytest.mark.covers("console:click_to_call")
def test_contact_rows_offer_the_actions_the_user_may_use_and_click_to_call_dials(
    world: CrmWorld, committed: Any
) -> None:
    from cadencia.console.services.agents import session_start

    _open(world)
    client = _client(world.agent)
    listing = client.get("/crm/tickets/").content.decode()
    for key in ("call", "ticket", "sms"):
        assert f'data-row-action="{key}"' in listing
    assert 'data-row-action="info"' not in listing  # agents have no contacts.view_contact
    response = client.post(f"/console/contacts/{world.ana.pk}/call/", follow=True)
    assert "Log in to the console to call." in response.content.decode()
    with committed():
        session_start(agent=world.agent, campaigns=[world.manual])
    with committed():
        assert client.post(f"/console/contacts/{world.ana.pk}/call/").status_code == 302
    call = Call.objects.filter(agent=world.agent).latest("pk")
    assert (call.contact, call.number, call.campaign) == (
        world.ana,
        world.ana.phones[0],
        world.manual,
    )
    other = _client(world.agent_b)
    assert other.post(f"/console/contacts/{world.ana.pk}/call/").status_code == 404


def test_object_pages_show_only_the_buttons_the_user_may_use(world: CrmWorld) -> None:
    from cadencia.contacts.tests.factories import CompanyFactory

    company = CompanyFactory.create(projects=[world.a])
    page = _client(world.agent).get(f"/contacts/companies/{company.pk}/").content.decode()
    for link in ("edit/", "delete/", "changelog/"):
        assert f"/contacts/companies/{company.pk}/{link}" not in page
    listing = _client(world.agent).get("/contacts/companies/").content.decode()
    assert 'data-testid="add"' not in listing


def test_a_contacts_company_is_shared_with_its_projects_kept_by_other_edits_and_filtered(
    world: CrmWorld,
) -> None:
    from cadencia.console.services.agents import session_start
    from cadencia.console.services.contacts import contact_fields_update
    from cadencia.contacts.services import contact_save
    from cadencia.contacts.tests.factories import CompanyFactory

    only_b = CompanyFactory.create(projects=[world.b])
    acme = CompanyFactory.create(projects=[world.a], name="Acme")
    with project_scope([world.a.pk, world.b.pk]), pytest.raises(ValidationError) as caught:
        contact_save(
            contact=world.ana, phones=world.ana.phones, fields=world.ana.fields,
            external_id="C-1", company=only_b,
        )  # fmt: skip
    assert "company" in caught.value.message_dict
    with project_scope([world.a.pk]):
        contact_save(
            contact=world.ana, phones=world.ana.phones, fields=world.ana.fields,
            external_id="C-1", company=acme,
        )  # fmt: skip
        # An edit that does not name the company keeps it (the console's card, the API).
        session_start(agent=world.agent, campaigns=[world.manual])
        contact_fields_update(
            agent=world.agent, campaign=world.manual, contact=world.ana, fields={"nombre": "Ana B"}
        )
    world.ana.refresh_from_db()
    assert world.ana.company == acme and world.ana.fields["nombre"] == "Ana B"
    labels = ["contacts.view_contact", "contacts.view_contactdatabase", "contacts.view_company"]
    viewer = world.add_user("viewer", world.a, permissions_named(*labels))
    page = _client(viewer).get(f"/contacts/contacts/?company={acme.pk}").content.decode()
    assert "Ana B" in page and "Luis" not in page
    api = _client(viewer).get(f"/api/v1/contacts/{world.ana.pk}/").json()
    assert api["company"] == acme.pk


def test_an_action_that_sends_updates_emails_the_contact_its_new_status(
    world: CrmWorld, committed: Any
) -> None:
    ticket = _open(world, notify_contact=True)
    report = ticket.actions.order_by("pk").first()
    assert report is not None
    with project_scope([world.a.pk]), committed():
        data = services.action_data_of(report)
        data.priority = 4  # who works it and how urgently is not the contact's business
        services.action_update(action=report, data=data, user=world.agent)
        assert not Comment.objects.exists()
        services.action_set_status(action=report, status=ActionStatus.DONE, user=world.agent)
        [update] = Comment.objects.all()
    assert update.email_to == "ana@example.com" and "Pending → Done" in update.body
    with project_scope([world.a.pk]):
        comments.comment_email_send(update.pk)
    assert mail.outbox[-1].to == ["ana@example.com"]
    assert mail.outbox[-1].cc == []
