"""The contact of a call: the one the agent picked, or a new one, in the campaign's database."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cadencia.campaigns.choices import DuplicatePolicy
from cadencia.campaigns.models import Campaign
from cadencia.campaigns.services import campaign_calls_database
from cadencia.contacts.models import Contact
from cadencia.contacts.selectors import contacts_by_phone
from cadencia.contacts.services import contact_save


def editable_columns(campaign: Campaign) -> list[dict[str, Any]]:
    """The database's columns an agent may fill: neither hidden nor read-only."""
    database = campaign.contact_database
    if database is None:
        return []
    closed = set(campaign.hidden_columns) | set(campaign.readonly_columns)
    return [c for c in database.columns if c["name"] not in closed]


def contact_create(
    *, campaign: Campaign, phones: list[str], fields: dict[str, Any], external_id: str = ""
) -> Contact:
    """A contact the agent creates during a call, under the campaign's duplicate control."""
    database = campaign.contact_database or campaign_calls_database(campaign=campaign)
    allowed = {c["name"] for c in editable_columns(campaign)}
    unknown = sorted(set(fields) - allowed)
    if unknown:
        raise ValidationError(
            {"fields": _("Unknown field “%(name)s”.") % {"name": unknown[0][:60]}}
        )
    phones = [p for p in phones if p.strip()]
    if campaign.duplicate_policy == DuplicatePolicy.AVOID:
        for phone in phones:
            existing = contacts_by_phone(phone, database.default_region).filter(database=database)
            if existing.exists():
                raise ValidationError(
                    {
                        "phones": _(
                            "%(number)s is already the number of a contact of this campaign "
                            "(%(contact)s): choose that contact."
                        )
                        % {"number": phone[:40], "contact": existing.first()}
                    }
                )
    cleaned = {k: str(v)[:1000] for k, v in fields.items() if str(v).strip()}
    return contact_save(
        contact=Contact(database=database), phones=phones, fields=cleaned, external_id=external_id
    )


def contact_for_call(*, campaign: Campaign, contact: Contact | None, number: str) -> Contact:
    """The contact a manual call is for: the one chosen (it must be in the campaign's
    database), or, in a campaign without a database, a new one with the number dialed."""
    if contact is not None:
        if campaign.contact_database_id is None or contact.database_id != (
            campaign.contact_database_id
        ):
            raise ValidationError({"contact": _("This contact is not in the campaign's database.")})
        return contact
    if campaign.contact_database_id is None:
        return contact_create(campaign=campaign, phones=[number], fields={})
    raise ValidationError({"contact": _("Choose the contact, or create one, before dialing.")})


def call_contact_set(*, agent: Any, call: Any, contact: Contact, add_number: bool = False) -> Any:
    """The agent says who is on a call (an inbound caller with no single match): a contact of
    the campaign's database, optionally given the caller's number as one more phone."""
    from django.db import transaction

    from cadencia.console.models import AgentSession

    ringing_for_agent = AgentSession.objects.filter(
        agent=agent, ended_at__isnull=True, call=call
    ).exists()
    if call.agent_id != agent.pk and not ringing_for_agent:
        raise ValidationError(_("This is not your call."))
    if contact.database_id != call.campaign.contact_database_id:
        raise ValidationError({"contact": _("This contact is not in the campaign's database.")})
    with transaction.atomic():
        if add_number and call.number not in contact.phones:
            contact_save(
                contact=contact,
                phones=[*contact.phones, call.number],
                fields=contact.fields,
                external_id=contact.external_id,
            )
        call.contact = contact
        call.save(update_fields=["contact"])
    return call


def call_contact_create(*, agent: Any, call: Any, fields: dict[str, Any]) -> Contact:
    """A caller nobody knew becomes a contact of the campaign's database, and of the call."""
    from django.db import transaction

    with transaction.atomic():
        contact = contact_create(campaign=call.campaign, phones=[call.number], fields=fields)
        call_contact_set(agent=agent, call=call, contact=contact)
    return contact


def contact_fields_update(
    *, agent: Any, campaign: Campaign, contact: Contact, fields: dict[str, Any]
) -> Contact:
    """The agent corrects a contact's fields from the console: only the columns the campaign
    lets agents edit (hidden and read-only ones are refused, naming the column)."""
    from cadencia.console.models import AgentSession

    if not AgentSession.objects.filter(
        agent=agent, ended_at__isnull=True, campaigns=campaign
    ).exists():
        raise ValidationError(_("You are not logged in to this campaign."))
    if contact.database_id != campaign.contact_database_id:
        raise ValidationError({"contact": _("This contact is not in the campaign's database.")})
    editable = {c["name"] for c in editable_columns(campaign)}
    closed = sorted(set(fields) - editable)
    if closed:
        raise ValidationError(
            {"fields": _("You may not edit “%(name)s”.") % {"name": closed[0][:60]}}
        )
    merged = {**contact.fields}
    for name, value in fields.items():
        text = str(value).strip()[:1000]
        if text:
            merged[name] = text
        else:
            merged.pop(name, None)
    return contact_save(
        contact=contact, phones=contact.phones, fields=merged, external_id=contact.external_id
    )
