"""SMS conversations: sending (from the task worker, after commit), receiving from the
provider's webhook, delivery statuses, and opt-out words."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadencia.accounts.models import User
from cadencia.contacts.models import Contact
from cadencia.core.events import publish
from cadencia.core.scoping import ALL_PROJECTS, project_scope
from cadencia.crm.choices import SmsDirection, SmsStatus
from cadencia.crm.events import SmsChanged
from cadencia.crm.models import CrmSettings, SmsMessage, SmsOptOut
from cadencia.crm.sms.providers import Inbound, SmsError, StatusReport, sms_provider
from cadencia.projects.ownership import allowed_projects

MAX_BODY = 1600
# Words that stop (or restart) a project's messages to a number, in the seeds' languages.
STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "BAJA", "CANCELAR", "PARAR"}
START_WORDS = {"START", "UNSTOP", "ALTA"}
READ = "crm.view_smsmessage"


def _announce(message: SmsMessage) -> None:
    last = (
        SmsMessage.objects.filter(
            project_id=message.project_id,
            number=message.number,
            direction=SmsDirection.OUTBOUND,
            sent_by__isnull=False,
        )
        .order_by("-pk")
        .values_list("sent_by_id", flat=True)
        .first()
    )
    publish(
        SmsChanged(
            message_id=message.pk,
            number=message.number,
            contact_id=message.contact_id,
            direction=message.direction,
            status=message.status,
        ),
        projects=[message.project_id],
        users=[last] if last else [],
        permission=READ,
    )


NOTICE_MINUTES = 10


def latest_reply_for(user: User) -> SmsMessage | None:
    """The newest inbound message of the last minutes on a thread ``user`` wrote to last."""
    since = timezone.now() - timedelta(minutes=NOTICE_MINUTES)
    replies = SmsMessage.objects.filter(
        direction=SmsDirection.INBOUND, created_at__gte=since
    ).select_related("contact")
    for reply in replies.order_by("-pk")[:20]:
        last_writer = (
            SmsMessage.objects.filter(
                project_id=reply.project_id,
                number=reply.number,
                direction=SmsDirection.OUTBOUND,
                pk__lt=reply.pk,
            )
            .order_by("-pk")
            .values_list("sent_by_id", flat=True)
            .first()
        )
        if last_writer == user.pk:
            return reply
    return None


def opted_out(project_id: int, number: str) -> bool:
    return SmsOptOut.objects.filter(project_id=project_id, number=number).exists()


def sms_project(user: User, contact: Contact) -> int:
    """The project an agent's message to ``contact`` belongs to: the first of the contact's
    projects the agent works in."""
    allowed = set(allowed_projects(user).values_list("pk", flat=True))
    shared = [p for p in contact.project_ids() if p in allowed]
    if not shared:
        raise ValidationError(_("You do not work in any project of this contact."))
    return shared[0]


def sms_send(*, user: User, contact: Contact, number: str, body: str) -> SmsMessage:
    """Queue a message to one of the contact's numbers; the task worker hands it over."""
    body = body.strip()
    errors: dict[str, list[str]] = {}
    if not body:
        errors["body"] = [_("The message is empty.")]
    elif len(body) > MAX_BODY:
        errors["body"] = [_("At most %(count)s characters.") % {"count": MAX_BODY}]
    if number not in contact.phones:
        errors["number"] = [_("This is not one of the contact's numbers.")]
    project_id = sms_project(user, contact)
    if number in contact.phones and opted_out(project_id, number):
        errors["number"] = [_("This number asked not to receive messages (it answered STOP).")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        message = SmsMessage.objects.create(
            project_id=project_id,
            contact=contact,
            number=number,
            direction=SmsDirection.OUTBOUND,
            body=body,
            status=SmsStatus.QUEUED,
            provider=sms_provider().name,
            sent_by=user,
        )
        transaction.on_commit(lambda: _enqueue(message))
    return message


def _enqueue(message: SmsMessage) -> None:
    from cadencia.crm.tasks import sms_send_task

    sms_send_task.enqueue(message_id=message.pk, scope_projects=[message.project_id])


def sms_deliver(message_id: int) -> None:
    """Hand a queued message to the provider (in the task worker)."""
    message = SmsMessage.objects.filter(pk=message_id, status=SmsStatus.QUEUED).first()
    if message is None or message.provider_id:
        return
    crm = CrmSettings.objects.filter(project_id=message.project_id).first()
    sender = (crm.sms_number if crm else "") or settings.SMS_SENDER
    try:
        sent = sms_provider().send(
            to=message.number, sender=sender, body=message.body, status_url=settings.SMS_STATUS_URL
        )
    except SmsError as exc:
        message.status, message.error = SmsStatus.FAILED, str(exc)[:300]
    else:
        message.status, message.provider_id = sent.status, sent.provider_id
    with transaction.atomic():
        message.save(update_fields=["status", "error", "provider_id"])
        _announce(message)


def sms_status_update(report: StatusReport) -> None:
    """A delivery status from the provider's webhook, for whichever project sent it."""
    with project_scope(ALL_PROJECTS):
        message = SmsMessage.objects.filter(provider_id=report.provider_id).first()
    if message is None:
        return
    with project_scope([message.project_id]), transaction.atomic():
        message.status = report.status
        message.error = report.error[:300]
        message.save(update_fields=["status", "error"])
        _announce(message)


def _project_for(recipient: str) -> int | None:
    """The project whose SMS number received the message; with a single project set up for
    the CRM, that one. Unknown numbers are dropped (no project may read them)."""
    with project_scope(ALL_PROJECTS):
        crm = CrmSettings.objects.filter(sms_number=recipient).exclude(sms_number="").first()
        if crm is None:
            only = list(CrmSettings.objects.all()[:2])
            crm = only[0] if len(only) == 1 else None
    return crm.project_id if crm else None


def sms_receive(inbound: Inbound, project_id: int | None = None) -> SmsMessage | None:
    """A message from a contact to a project's number. Opt-out words are honoured at once."""
    project_id = project_id or _project_for(inbound.recipient)
    if project_id is None:
        return None
    with project_scope([project_id]), transaction.atomic():
        contact = Contact.objects.filter(phones__has_phone=inbound.sender).order_by("pk").first()
        word = inbound.body.strip().upper()
        if word in STOP_WORDS:
            SmsOptOut.objects.get_or_create(
                project_id=project_id, number=inbound.sender, defaults={"keyword": word}
            )
        elif word in START_WORDS:
            SmsOptOut.objects.filter(project_id=project_id, number=inbound.sender).delete()
        message = SmsMessage.objects.create(
            project_id=project_id,
            contact=contact,
            number=inbound.sender,
            direction=SmsDirection.INBOUND,
            body=inbound.body[:MAX_BODY],
            status=SmsStatus.RECEIVED,
            provider=sms_provider().name,
            provider_id=inbound.provider_id[:64],
        )
        _announce(message)
    return message


def sms_simulate_reply(*, project_id: int, number: str, body: str) -> Any:
    """The simulated provider's reply from the contact, as its webhook would bring it."""
    inbound = Inbound(sender=number, recipient="", body=body[:MAX_BODY], provider_id="")
    return sms_receive(inbound, project_id=project_id)
