"""SMS chat: the provider contract (simulated, and Twilio against a local fake), webhooks and
their signatures, opt-out words, the conversation page and isolation."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from cadencia.core.events import capture_events
from cadencia.core.scoping import project_scope
from cadencia.crm.choices import SmsStatus
from cadencia.crm.models import CrmSettings, SmsMessage, SmsOptOut
from cadencia.crm.sms import services
from cadencia.crm.sms.providers import SignatureError, SmsError, sms_provider
from cadencia.crm.tests.fake_twilio import ACCOUNT, INVALID_TO, TOKEN, FakeTwilio, fake_twilio
from cadencia.crm.tests.world import CrmWorld
from cadencia.projects.testing import TwoProjects

OUR_NUMBER = "+5493510000000"
INBOUND = "http://testserver/crm/sms/webhook/inbound/"
STATUS = "http://testserver/crm/sms/webhook/status/"


@pytest.fixture(params=["simulated", "twilio"])
def provider(request: pytest.FixtureRequest, settings: Any) -> Iterator[str]:
    settings.SMS_PROVIDER = request.param
    if request.param == "simulated":
        yield request.param
        return
    with fake_twilio() as url:
        settings.TWILIO_API_URL = url
        settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN = ACCOUNT, TOKEN
        yield request.param


@pytest.fixture
def numbered(world: CrmWorld) -> CrmWorld:
    CrmSettings.objects.filter(project=world.a).update(sms_number=OUR_NUMBER)
    return world


def test_the_provider_contract(provider: str) -> None:
    sms = sms_provider()
    sent = sms.send(to="+5493516219387", sender=OUR_NUMBER, body="Hola", status_url="")
    assert sent.provider_id and sent.status in SmsStatus.values
    assert sms.status(sent.provider_id).status == SmsStatus.DELIVERED
    params = {"From": "+5493516219387", "To": OUR_NUMBER, "Body": "Gracias", "MessageSid": "SM1"}
    inbound = sms.inbound(url=INBOUND, params=params, signature=sms.sign(INBOUND, params))
    assert (inbound.sender, inbound.recipient, inbound.body) == (
        "+5493516219387",
        OUR_NUMBER,
        "Gracias",
    )
    for forged in ("", "x", sms.sign(INBOUND, {**params, "Body": "changed"})):
        with pytest.raises(SignatureError):
            sms.inbound(url=INBOUND, params=params, signature=forged)
    report = {"MessageSid": "SM1", "MessageStatus": "undelivered", "ErrorCode": "30003"}
    status = sms.status_report(url=STATUS, params=report, signature=sms.sign(STATUS, report))
    assert (status.status, status.error) == (SmsStatus.FAILED, "error 30003")
    if provider == "twilio":
        assert FakeTwilio.sent[0]["From"] == OUR_NUMBER and FakeTwilio.sent[0]["Body"] == "Hola"
        with pytest.raises(SmsError, match="not a valid phone number"):
            sms.send(to=INVALID_TO, sender=OUR_NUMBER, body="x", status_url="")


def test_a_message_is_queued_then_handed_to_the_provider(
    numbered: CrmWorld, provider: str, committed: Any
) -> None:
    world = numbered
    with project_scope([world.a.pk]), committed():
        message = services.sms_send(
            user=world.agent, contact=world.ana, number=world.ana.phones[0], body="Hola Ana"
        )
    assert message.status == SmsStatus.QUEUED
    with project_scope([world.a.pk]), capture_events() as events, committed():
        services.sms_deliver(message.pk)
    message.refresh_from_db()
    assert message.provider_id and message.status in (SmsStatus.QUEUED, SmsStatus.DELIVERED)
    assert [e.event.TYPE for e in events] == ["sms.changed"]


def test_a_refused_message_is_marked_failed_with_the_reason(
    numbered: CrmWorld, settings: Any
) -> None:
    world = numbered
    world.ana.phones = [*world.ana.phones, INVALID_TO]
    world.ana.save()
    settings.SMS_PROVIDER = "twilio"
    with fake_twilio() as url, project_scope([world.a.pk]):
        settings.TWILIO_API_URL = url
        settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN = ACCOUNT, TOKEN
        message = services.sms_send(
            user=world.agent, contact=world.ana, number=INVALID_TO, body="x"
        )
        services.sms_deliver(message.pk)
    message.refresh_from_db()
    assert message.status == SmsStatus.FAILED and "not a valid phone number" in message.error


@pytest.mark.covers("crm:sms_webhook_inbound", "crm:sms_webhook_status")
def test_webhooks_need_the_providers_signature(
    numbered: CrmWorld, provider: str, committed: Any
) -> None:
    world = numbered
    sms = sms_provider()
    params = {
        "From": world.ana.phones[0],
        "To": OUR_NUMBER,
        "Body": "¿Cuándo?",
        "MessageSid": "SM9",
    }
    client = Client()
    assert client.post(INBOUND, params, HTTP_X_TWILIO_SIGNATURE="forged").status_code == 403
    assert client.get(INBOUND).status_code == 405
    with project_scope([world.a.pk, world.b.pk]):
        assert not SmsMessage.objects.exists()
    with capture_events() as events, committed():
        answer = client.post(INBOUND, params, HTTP_X_TWILIO_SIGNATURE=sms.sign(INBOUND, params))
    assert answer.status_code == 200
    with project_scope([world.a.pk]):
        received = SmsMessage.objects.get()
    assert (received.project, received.contact, received.body) == (world.a, world.ana, "¿Cuándo?")
    assert events[0].project_ids == (world.a.pk,) and events[0].permission == "crm.view_smsmessage"
    report = {"MessageSid": "SM9", "MessageStatus": "delivered"}
    assert client.post(STATUS, report, HTTP_X_TWILIO_SIGNATURE="x").status_code == 403
    client.post(STATUS, report, HTTP_X_TWILIO_SIGNATURE=sms.sign(STATUS, report))
    received.refresh_from_db()
    assert received.status == SmsStatus.DELIVERED


def test_opt_out_words_are_honoured(numbered: CrmWorld) -> None:
    world = numbered
    number = world.ana.phones[0]
    with project_scope([world.a.pk]):
        services.sms_simulate_reply(project_id=world.a.pk, number=number, body=" baja ")
        assert SmsOptOut.objects.filter(project=world.a, number=number).exists()
        with pytest.raises(ValidationError, match="STOP"):
            services.sms_send(user=world.agent, contact=world.ana, number=number, body="Hola")
        services.sms_simulate_reply(project_id=world.a.pk, number=number, body="ALTA")
        services.sms_send(user=world.agent, contact=world.ana, number=number, body="Hola")


def test_bad_messages_are_refused(numbered: CrmWorld) -> None:
    world = numbered
    with project_scope([world.a.pk]):
        for number, body, field in (
            (world.ana.phones[0], "  ", "body"),
            (world.ana.phones[0], "x" * 1601, "body"),
            ("+5491100000000", "Hola", "number"),
        ):
            with pytest.raises(ValidationError) as caught:
                services.sms_send(user=world.agent, contact=world.ana, number=number, body=body)
            assert field in caught.value.message_dict
        assert not SmsMessage.objects.exists()


@pytest.mark.covers("crm:sms", "crm:sms_part", "crm:sms_send", "crm:sms_simulate")
def test_the_conversation_page_sends_and_simulates_replies_in_its_project_only(
    numbered: CrmWorld, committed: Any
) -> None:
    world = numbered
    client = TwoProjects.web_client(world.agent)
    url = f"/crm/sms/{world.ana.pk}/"
    assert client.get(url).status_code == 200
    with committed():
        client.post(f"{url}send/", {"number": world.ana.phones[0], "body": "Hola Ana"})
    client.post(f"{url}simulate/", {"number": world.ana.phones[0], "body": "Gracias"})
    thread = client.get(f"{url}messages/?number={world.ana.phones[0]}").content.decode()
    assert "Hola Ana" in thread and "Gracias" in thread
    other = TwoProjects.web_client(world.agent_b)
    for path in ("", "messages/"):
        assert other.get(url + path).status_code == 404
    assert other.post(f"{url}send/", {"body": "x"}).status_code == 404
    assert other.post(f"{url}simulate/", {"body": "x"}).status_code == 404
    with project_scope([world.a.pk]):
        assert SmsMessage.objects.count() == 2


@pytest.mark.covers("crm:sms_notice")
def test_a_reply_pops_up_for_the_agent_who_wrote_last(numbered: CrmWorld) -> None:
    world = numbered
    number = world.ana.phones[0]
    with project_scope([world.a.pk]):
        services.sms_send(user=world.agent, contact=world.ana, number=number, body="Hola")
        services.sms_simulate_reply(project_id=world.a.pk, number=number, body="¿Quién es?")
    notice = TwoProjects.web_client(world.agent).get("/crm/sms/notice/").content.decode()
    assert "¿Quién es?" in notice and f"/crm/sms/{world.ana.pk}/" in notice
    supervisor = TwoProjects.web_client(world.supervisor).get("/crm/sms/notice/")
    assert "¿Quién es?" not in supervisor.content.decode()  # they did not write to her
    other = TwoProjects.web_client(world.agent_b).get("/crm/sms/notice/")
    assert other.status_code == 200 and "¿Quién es?" not in other.content.decode()
