"""Writes of the CRM: tickets and their actions (journaled), settings and action types."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cadencia.accounts.models import User
from cadencia.campaigns.answers import answers_clean, answers_display
from cadencia.contacts.models import Company, Contact
from cadencia.crm.addresses import addresses_clean
from cadencia.crm.choices import ActionStatus, Priority
from cadencia.crm.comments import action_update_notify
from cadencia.crm.models import ActionType, CrmSettings, JournalEntry, Ticket, TicketAction
from cadencia.projects.models import UserGroup
from cadencia.projects.ownership import allowed_projects
from cadencia.projects.services import owned_object_delete, owned_object_save


@dataclass
class ActionData:
    action_type: ActionType
    subject: str
    status: str = ActionStatus.PENDING
    assignee: User | None = None
    group: UserGroup | None = None
    priority: int = Priority.MEDIUM
    starts_at: datetime | None = None
    due_at: datetime | None = None
    cc: str = ""
    bcc: str = ""
    notify_contact: bool = False
    answers: dict[str, Any] = field(default_factory=dict)


# The fields of an action compared for the journal, with their labels.
JOURNALED = (
    "status",
    "subject",
    "assignee",
    "group",
    "priority",
    "starts_at",
    "due_at",
    "cc",
    "bcc",
    "notify_contact",
)


def _action_check(project_id: int, data: ActionData) -> tuple[dict[str, Any], Any]:
    """Errors keyed by field; the cleaned answers and the form version they answer."""
    errors: dict[str, Any] = {}
    if data.action_type.project_id != project_id:
        errors["action_type"] = [_("This action type belongs to another project.")]
    if not data.subject.strip():
        errors["subject"] = [_("An action needs a subject.")]
    if data.status not in ActionStatus.values:
        errors["status"] = [_("Unknown status.")]
    if data.priority not in Priority.values:
        errors["priority"] = [_("Unknown priority.")]
    if data.assignee is not None and not _may_use(data.assignee, project_id):
        errors["assignee"] = [_("This agent is not a member of the ticket's project.")]
    if data.group is not None and project_id not in data.group.project_ids():
        errors["group"] = [_("This group is not in the ticket's project.")]
    if data.starts_at and data.due_at and data.due_at < data.starts_at:
        errors["due_at"] = [_("The due date is before the start.")]
    for name, label in (("cc", _("CC")), ("bcc", _("BCC"))):
        try:
            setattr(data, name, addresses_clean(getattr(data, name), str(label)))
        except ValidationError as exc:
            errors[name] = exc.messages
    form = data.action_type.form
    version = form.current_version() if form else None
    answers: dict[str, Any] = {}
    try:
        answers = answers_clean(version.fields if version else [], data.answers)
    except ValidationError as exc:
        errors.update({f"answer_{key}": value for key, value in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    return answers, version


def _may_use(user: User, project_id: int) -> bool:
    return allowed_projects(user).filter(pk=project_id).exists()


def _display(action: TicketAction, name: str) -> str:
    value = getattr(action, name)
    if name == "status":
        return str(ActionStatus(value).label)
    if name == "priority":
        return str(Priority(value).label)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    return "" if value is None else str(value)


def _snapshot(action: TicketAction) -> dict[str, str]:
    shown = {name: _display(action, name) for name in JOURNALED}
    version = action.form_version
    for label, text in answers_display(version.fields if version else [], action.answers):
        shown[f"answer:{label}"] = text
    return shown


def _labels() -> dict[str, str]:
    fields = {f.name: f for f in TicketAction._meta.fields}
    return {name: str(fields[name].verbose_name) for name in JOURNALED}


def _apply(action: TicketAction, data: ActionData, answers: dict[str, Any], version: Any) -> None:
    for name in ("action_type", "subject", "status", "assignee", "group", "priority"):
        setattr(action, name, getattr(data, name))
    for name in ("starts_at", "due_at", "cc", "bcc", "notify_contact"):
        setattr(action, name, getattr(data, name))
    action.subject = data.subject.strip()
    action.answers = answers
    action.form_version = version


def ticket_refresh(ticket: Ticket) -> None:
    """Open while any action is pending."""
    is_open = TicketAction.objects.filter(ticket=ticket, status=ActionStatus.PENDING).exists()
    if is_open != ticket.is_open:
        ticket.is_open = is_open
        ticket.save(update_fields=["is_open", "updated_at"])


def action_add(*, ticket: Ticket, data: ActionData, user: User) -> TicketAction:
    answers, version = _action_check(ticket.project_id, data)
    action = TicketAction(ticket=ticket, project_id=ticket.project_id, created_by=user)
    _apply(action, data, answers, version)
    with transaction.atomic():
        action.save()
        shown = _snapshot(action)
        labels = _labels()
        JournalEntry.objects.create(
            action=action,
            project_id=action.project_id,
            user=user,
            created=True,
            changes=[
                {"label": labels.get(k, k.removeprefix("answer:")), "old": "", "new": v}
                for k, v in shown.items()
                if v
            ],
        )
        ticket_refresh(ticket)
    return action


def action_update(*, action: TicketAction, data: ActionData, user: User) -> TicketAction:
    """Save an edit; each changed field is journaled with its old and new text."""
    answers, version = _action_check(action.project_id, data)
    with transaction.atomic():
        locked = TicketAction.objects.select_for_update().get(pk=action.pk)
        before = _snapshot(locked)
        _apply(locked, data, answers, version)
        after = _snapshot(locked)
        labels = _labels()
        changes = [
            {"label": labels.get(k, k.removeprefix("answer:")), "old": before.get(k, ""), "new": v}
            for k, v in after.items()
            if before.get(k, "") != v
        ]
        changes += [
            {"label": k.removeprefix("answer:"), "old": v, "new": ""}
            for k, v in before.items()
            if k not in after
        ]
        if changes:
            locked.save()
            JournalEntry.objects.create(
                action=locked, project_id=locked.project_id, user=user, changes=changes
            )
            ticket_refresh(locked.ticket)
            action_update_notify(action=locked, changes=changes, user=user)
    return locked


def action_set_status(*, action: TicketAction, status: str, user: User) -> TicketAction:
    data = action_data_of(action)
    data.status = status
    return action_update(action=action, data=data, user=user)


def action_data_of(action: TicketAction) -> ActionData:
    return ActionData(
        action_type=action.action_type,
        subject=action.subject,
        status=action.status,
        assignee=action.assignee,
        group=action.group,
        priority=action.priority,
        starts_at=action.starts_at,
        due_at=action.due_at,
        cc=action.cc,
        bcc=action.bcc,
        notify_contact=action.notify_contact,
        answers=dict(action.answers),
    )


def ticket_open(
    *,
    project_id: int,
    subject: str,
    description: str,
    user: User,
    contact: Contact | None = None,
    company: Company | None = None,
    call: Any = None,
    actions: list[ActionData],
) -> Ticket:
    """A new ticket with one or more actions, all or nothing."""
    errors: dict[str, Any] = {}
    if not subject.strip():
        errors["subject"] = [_("A ticket needs a subject.")]
    if not actions:
        errors["__all__"] = [_("A ticket needs at least one action.")]
    if not _may_use(user, project_id):
        errors["project"] = [_("You are not a member of this project.")]
    if contact is not None and project_id not in contact.project_ids():
        errors["contact"] = [_("This contact is not in the ticket's project.")]
    if contact is not None and company is None:
        company = contact.company
    if company is not None and project_id not in company.project_ids():
        errors["company"] = [_("This company is not in the ticket's project.")]
    if call is not None and call.project_id != project_id:
        errors["call"] = [_("This call is not in the ticket's project.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        ticket = Ticket.objects.create(
            project_id=project_id,
            subject=subject.strip(),
            description=description.strip(),
            contact=contact,
            company=company,
            call=call,
            opened_by=user,
        )
        for index, data in enumerate(actions, start=1):
            try:
                action_add(ticket=ticket, data=data, user=user)
            except ValidationError as exc:
                raise ValidationError(
                    {f"action{index}_{k}": v for k, v in exc.message_dict.items()}
                ) from None
    return ticket


def ticket_edit(*, ticket: Ticket, subject: str, description: str) -> Ticket:
    if not subject.strip():
        raise ValidationError({"subject": [_("A ticket needs a subject.")]})
    ticket.subject = subject.strip()
    ticket.description = description.strip()
    ticket.save(update_fields=["subject", "description", "updated_at"])
    return ticket


def action_type_save(
    *, action_type: ActionType, project_ids: set[int], user: User | None
) -> ActionType:
    owned_object_save(obj=action_type, project_ids=project_ids, user=user)
    return action_type


def action_type_delete(*, action_type: ActionType) -> None:
    owned_object_delete(obj=action_type)


def crm_settings_save(*, crm: CrmSettings, project_ids: set[int], user: User | None) -> CrmSettings:
    taken = CrmSettings.objects.filter(project_id__in=project_ids).exclude(pk=crm.pk)
    if taken.exists():
        raise ValidationError({"project": [_("This project has its CRM settings already.")]})
    owned_object_save(obj=crm, project_ids=project_ids, user=user)
    return crm


def crm_settings_delete(*, crm: CrmSettings) -> None:
    owned_object_delete(obj=crm)
