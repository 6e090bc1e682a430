"""Comments on calls and ticket actions, their attachments, and their e-mail to the contact.

The body is rich text sanitised on the server (nh3: an allow-list, so a ``<script>`` or an
``onerror=`` never reaches another agent's page or the contact's mail). E-mail leaves from a
background task after the commit, is retried with a growing wait, and its state is kept on the
comment for the agent to see."""

import secrets
from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from cadencia.accounts.models import User
from cadencia.crm.addresses import addresses_clean
from cadencia.crm.choices import EmailStatus
from cadencia.crm.models import Attachment, Comment, CrmSettings, TicketAction

# What the editor (Trix) writes, and a little more for comments sent by the API.
ALLOWED_TAGS = {"p", "div", "br", "b", "strong", "i", "em", "u", "s", "del", "ul", "ol", "li",
                "a", "span", "blockquote", "code", "pre", "h1", "h2", "h3"}  # fmt: skip
MAX_BODY = 20_000
EMAIL_MAX_ATTEMPTS = 4
# Types an agent attaches in practice: documents, images, audio, archives. Anything else
# (executables, HTML that would run in the browser) is refused.
ALLOWED_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".txt": "text/plain",
    ".csv": "text/csv",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".wav": "audio/wav",
    ".mp3": "audio/mpeg",
    ".zip": "application/zip",
}


def body_clean(raw: str) -> str:
    if len(raw) > MAX_BODY:
        raise ValidationError(
            {
                "body": _("The comment is too long (at most %(count)s characters).")
                % {"count": MAX_BODY}
            }
        )
    if not nh3.is_html(raw):
        # Plain text typed in the box: its lines become paragraphs.
        raw = "".join(f"<p>{escape(line)}</p>" for line in raw.splitlines() if line.strip())
    body = nh3.clean(raw, tags=ALLOWED_TAGS, link_rel="noopener noreferrer").strip()
    if not nh3.clean(body, tags=set()).strip():
        raise ValidationError({"body": _("The comment is empty.")})
    return body


def attachment_check(upload: UploadedFile) -> str:
    """The stored content type of an acceptable upload; else a ValidationError naming it."""
    name = upload.name or ""
    limit = settings.CRM_ATTACHMENT_MAX_BYTES
    suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if suffix not in ALLOWED_TYPES:
        raise ValidationError(
            _("“%(name)s”: files of this type cannot be attached (allowed: %(types)s).")
            % {"name": name[:80], "types": ", ".join(sorted(ALLOWED_TYPES))}
        )
    if not upload.size:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name[:80]})
    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is larger than %(size)s MB.")
            % {"name": name[:80], "size": limit // (1024 * 1024)}
        )
    return ALLOWED_TYPES[suffix]


def attachments_check(uploads: list[UploadedFile]) -> list[str]:
    if len(uploads) > settings.CRM_ATTACHMENTS_PER_UPLOAD:
        raise ValidationError(
            {
                "files": _("At most %(count)s files at once.")
                % {"count": settings.CRM_ATTACHMENTS_PER_UPLOAD}
            }
        )
    types: list[str] = []
    errors: list[str] = []
    for upload in uploads:
        try:
            types.append(attachment_check(upload))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({"attachments": errors})
    return types


def _attach(
    uploads: list[UploadedFile], types: list[str], *, project_id: int, user: User, **target: Any
) -> None:
    for upload, content_type in zip(uploads, types, strict=True):
        attachment = Attachment(
            project_id=project_id,
            token=secrets.token_hex(16),
            name=(upload.name or "file")[:200],
            content_type=content_type,
            size=upload.size or 0,
            uploaded_by=user,
            **target,
        )
        attachment.file.save(attachment.token, upload, save=False)
        attachment.save()


def call_attach(*, call: Any, uploads: list[UploadedFile], user: User) -> None:
    """Files attached to a call for later follow-up."""
    if not uploads:
        raise ValidationError({"attachments": _("Choose at least one file.")})
    types = attachments_check(uploads)
    with transaction.atomic():
        _attach(uploads, types, project_id=call.project_id, user=user, call=call)


def contact_email(contact: Any) -> str:
    """The contact's e-mail address: a field named like one ("email", "correo") first, then
    any field holding an address."""
    if contact is None:
        return ""
    fields = contact.fields or {}
    named = [v for k, v in fields.items() if any(w in k.lower() for w in ("mail", "correo"))]
    for value in [*named, *fields.values()]:
        if isinstance(value, str) and "@" in value:
            try:
                validate_email(value.strip())
            except ValidationError:
                continue
            return value.strip()
    return ""


def call_charges(call: Any, project_id: int) -> tuple[Decimal, str]:
    """The call's charges at the project's rate: billed seconds times rate, and the line shown."""
    crm = CrmSettings.objects.filter(project_id=project_id).first()
    rate = crm.charge_per_second if crm else Decimal("0")
    currency = crm.currency if crm else ""
    seconds = call.duration or 0
    total = (rate * seconds).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = _("Call charges: %(seconds)s s x %(rate)s %(currency)s/s = %(total)s %(currency)s") % {
        "seconds": seconds,
        "rate": format(rate.normalize(), "f"),
        "currency": currency,
        "total": total,
    }
    return total, text


@dataclass
class CommentData:
    body: str
    cc: str = ""
    bcc: str = ""
    email_contact: bool = False
    add_charges: bool = False


def comment_add(
    *,
    user: User,
    data: CommentData,
    uploads: list[UploadedFile] | None = None,
    call: Any = None,
    action: TicketAction | None = None,
) -> Comment:
    """A comment on a call or on an action; e-mailed after commit when asked to."""
    uploads = uploads or []
    errors: dict[str, Any] = {}
    body = ""
    try:
        body = body_clean(data.body)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    cc, bcc = data.cc, data.bcc
    for name, label in (("cc", _("CC")), ("bcc", _("BCC"))):
        try:
            value = addresses_clean(getattr(data, name), label)
        except ValidationError as exc:
            errors[name] = exc.messages
        else:
            cc, bcc = (value, bcc) if name == "cc" else (cc, value)
    if action is not None:
        project_id, contact, the_call = action.project_id, action.ticket.contact, action.ticket.call
        email_contact = data.email_contact or action.notify_contact
        cc = "\n".join(filter(None, [cc, action.cc]))
        bcc = "\n".join(filter(None, [bcc, action.bcc]))
    else:
        project_id, contact, the_call, email_contact = (
            call.project_id,
            call.contact,
            call,
            data.email_contact,
        )
    email_to = contact_email(contact) if email_contact else ""
    if email_contact and not email_to:
        errors["email_contact"] = [_("The contact has no e-mail address to send it to.")]
    if data.add_charges and the_call is None:
        errors["add_charges"] = [_("This ticket has no call to charge.")]
    if data.add_charges and not (email_to or cc or bcc):
        errors["add_charges"] = [_("The charges go in the e-mail: choose whom to e-mail.")]
    types: list[str] = []
    try:
        types = attachments_check(uploads)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    charges, charge_text = call_charges(the_call, project_id) if data.add_charges else (None, "")
    mailed = bool(email_to or cc or bcc)
    with transaction.atomic():
        comment = Comment.objects.create(
            project_id=project_id,
            call=call if action is None else None,
            action=action,
            author=user,
            body=body,
            cc=cc,
            bcc=bcc,
            email_to=email_to,
            charges=charges,
            charge_text=charge_text,
            email_status=EmailStatus.QUEUED if mailed else EmailStatus.NONE,
        )
        _attach(uploads, types, project_id=project_id, user=user, comment=comment)
        if mailed:
            transaction.on_commit(lambda: _enqueue(comment))
    return comment


def _enqueue(comment: Comment, delay: timedelta | None = None) -> None:
    from cadencia.crm.tasks import comment_email_task

    task = (
        comment_email_task.using(run_after=timezone.now() + delay) if delay else comment_email_task
    )
    task.enqueue(comment_id=comment.pk, scope_projects=[comment.project_id])


def comment_message(comment: Comment) -> EmailMultiAlternatives:
    plain = nh3.clean(comment.body.replace("</p>", "</p>\n").replace("<br>", "\n"), tags=set())
    subject = _("Comment on your call")
    if comment.action_id is not None:
        ticket = comment.action.ticket  # type: ignore[union-attr]
        subject = _("Ticket #%(number)s: %(subject)s") % {
            "number": ticket.pk,
            "subject": ticket.subject,
        }
    html = comment.body
    if comment.charge_text:
        plain += f"\n\n{comment.charge_text}"
        html += f"<p>{escape(comment.charge_text)}</p>"
    message = EmailMultiAlternatives(
        subject=subject,
        body=plain,
        to=[comment.email_to] if comment.email_to else [],
        cc=comment.cc.split() if comment.cc else [],
        bcc=comment.bcc.split() if comment.bcc else [],
    )
    message.attach_alternative(html, "text/html")
    for attachment in comment.attachments.all():
        with attachment.file.open("rb") as handle:
            message.attach(attachment.name, handle.read(), attachment.content_type)
    return message


def comment_email_send(comment_id: int) -> None:
    """Send a queued comment's e-mail once; on failure, wait longer and try again, up to
    ``EMAIL_MAX_ATTEMPTS``, then leave it failed with the reason on the comment."""
    comment = Comment.objects.select_related("action__ticket").filter(pk=comment_id).first()
    if comment is None or comment.email_status not in (EmailStatus.QUEUED, EmailStatus.RETRYING):
        return
    comment.email_attempts += 1
    try:
        comment_message(comment).send()
    except Exception as exc:  # any transport failure: SMTP, DNS, refused recipients
        comment.email_error = f"{type(exc).__name__}: {exc}"[:300]
        if comment.email_attempts >= EMAIL_MAX_ATTEMPTS:
            comment.email_status = EmailStatus.FAILED
        else:
            comment.email_status = EmailStatus.RETRYING
            delay = timedelta(
                seconds=settings.CRM_EMAIL_RETRY_SECONDS * 2 ** (comment.email_attempts - 1)
            )
            transaction.on_commit(lambda: _enqueue(comment, delay))
    else:
        comment.email_status = EmailStatus.SENT
        comment.email_error = ""
    comment.save(update_fields=["email_status", "email_attempts", "email_error"])


# What the contact hears of an action's edits: where it stands and when, not who works it.
NOTIFIED_FIELDS = ("status", "starts_at", "due_at")


def action_update_notify(
    *, action: TicketAction, changes: list[dict[str, str]], user: User
) -> None:
    """An action that sends updates to its contact: an edit of its status or dates goes out as
    a comment e-mailed to them (with the action's CC and BCC), listed with the other comments."""
    fields = {f.name: f for f in TicketAction._meta.fields}
    labels = {str(fields[name].verbose_name) for name in NOTIFIED_FIELDS}
    told = [c for c in changes if c["label"] in labels]
    if not action.notify_contact or not told or not contact_email(action.ticket.contact):
        return
    lines = "".join(
        f"<li>{escape(c['label'])}: {escape(c['old'] or '—')} → {escape(c['new'] or '—')}</li>"
        for c in told
    )
    intro = _("The action “%(subject)s” of your ticket was updated:") % {"subject": action.subject}
    comment_add(
        user=user,
        data=CommentData(body=f"<p>{escape(intro)}</p><ul>{lines}</ul>", email_contact=True),
        action=action,
    )
