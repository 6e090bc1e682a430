"""Reads of the console: the agent's state, contacts matching a number, pending calls, the
contact card, dispositions, and the agents a supervisor may watch."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

from django.db.models import Count, Q, QuerySet

from cadencia.accounts.models import User
from cadencia.campaigns.models import Campaign
from cadencia.console.choices import DispositionStatus
from cadencia.console.models import AgentSession, Call, Disposition
from cadencia.contacts.models import Contact
from cadencia.contacts.selectors import contacts_by_phone

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
MATCH_LIMIT = 50


def open_session(agent: User) -> AgentSession | None:
    return (
        AgentSession.objects.filter(agent=agent, ended_at__isnull=True)
        .select_related("pause_reason", "call__campaign", "call__contact")
        .first()
    )


def campaigns_to_work(agent: User) -> QuerySet[Campaign]:
    """Active campaigns (in the agent's projects) the agent is assigned to."""
    return Campaign.objects.filter(agents=agent, state="active", is_template=False).order_by("name")


def matching_contacts(campaign: Campaign, number: str) -> list[Contact]:
    """Contacts of the campaign's database with ``number`` on any of their phones."""
    database = campaign.contact_database
    if database is None or not number.strip():
        return []
    found = contacts_by_phone(number, database.default_region).filter(database=database)
    return list(found.order_by("pk")[:MATCH_LIMIT])


def search_contacts(campaign: Campaign, text: str) -> list[Contact]:
    """Contacts of the campaign's database by external ID, phone or a word of their fields."""
    database = campaign.contact_database
    text = text.strip()
    if database is None or not text:
        return []
    by_phone = matching_contacts(campaign, text)
    query = Q(external_id__iexact=text) | Q(fields__icontains=text)
    others = Contact.objects.filter(database=database).filter(query).order_by("pk")[:MATCH_LIMIT]
    seen = {c.pk for c in by_phone}
    return by_phone + [c for c in others if c.pk not in seen]


def pending_calls(agent: User) -> QuerySet[Call]:
    """The agent's calls waiting for a disposition, newest first (the live one included)."""
    return (
        Call.objects.filter(agent=agent, disposition_status=DispositionStatus.PENDING)
        .select_related("campaign", "contact")
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class ContactCard:
    contact: Contact
    fields: list[tuple[str, Any, bool]]  # (column, value, read-only)
    script: str
    map_url: str
    phones: list[str]


def contact_card(campaign: Campaign, contact: Contact, *, agent: User) -> ContactCard:
    """What the agent sees of a contact: visible columns (read-only ones marked), the script
    with placeholders filled, a map link for the address, every phone (each one dials)."""
    hidden, readonly = set(campaign.hidden_columns), set(campaign.readonly_columns)
    database = campaign.contact_database
    columns = [c["name"] for c in database.columns] if database is not None else []
    fields = [
        (name, contact.fields.get(name, ""), name in readonly)
        for name in columns
        if name not in hidden
    ]
    values = {name: contact.fields.get(name, "") for name in columns if name not in hidden}
    values |= {
        "phone": contact.phones[0] if contact.phones else "",
        "agent": agent.get_full_name() or agent.username,
        "campaign": campaign.name,
    }
    script = PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), "")), campaign.script)
    address = (
        str(contact.fields.get(campaign.address_column, "")) if campaign.address_column else ""
    )
    map_url = f"https://www.openstreetmap.org/search?query={quote(address)}" if address else ""
    return ContactCard(contact, fields, script, map_url, list(contact.phones))


def external_url(call: Call, agent: User) -> str:
    """The campaign's external site for this call, its placeholders filled (URL-encoded)."""
    site = call.campaign.external_site
    if site is None:
        return ""
    contact = call.contact
    hidden = set(call.campaign.hidden_columns)
    values: dict[str, Any] = {
        "call.id": call.pk,
        "call.number": call.number,
        "call.direction": call.direction,
        "call.started_at": call.created_at.isoformat(),
        "agent.id": agent.pk,
        "agent.username": agent.username,
        "agent.name": agent.get_full_name(),
        "agent.external_id": _external_agent_id(call, agent),
        "campaign.id": call.campaign_id,
        "campaign.name": call.campaign.name,
        "campaign.external_id": call.campaign.external_id,
    }
    if contact is not None:
        values["contact.phone"] = contact.phones[0] if contact.phones else call.number
        values["contact.id"] = contact.pk
        values["contact.external_id"] = contact.external_id
        values |= {f"contact.{k}": v for k, v in contact.fields.items() if k not in hidden}
    return PLACEHOLDER.sub(
        lambda m: quote(str(values.get(m.group(1), "")), safe=""), site.url_template
    )


@dataclass(frozen=True)
class ExternalRequest:
    """How the console opens a call's external site: a link (GET in a new tab), a form posted
    to a new tab (POST: the URL's query becomes the form's fields), or a frame in the call."""

    url: str
    method: str
    embedded: bool
    action: str
    fields: list[tuple[str, str]]


def external_request(call: Call, agent: User) -> ExternalRequest | None:
    site = call.campaign.external_site
    url = external_url(call, agent)
    if site is None or not url:
        return None
    action, _sep, query = url.partition("?")
    return ExternalRequest(
        url=url,
        method=site.method,
        embedded=site.target == "embedded",
        action=action,
        fields=parse_qsl(query, keep_blank_values=True),
    )


def external_origins(campaigns: Any) -> list[str]:
    """The origins of the campaigns' external sites (the console page lets its frames and
    forms reach them)."""
    origins = set()
    for campaign in campaigns.select_related("external_site"):
        site = campaign.external_site
        if site is not None:
            parts = urlsplit(site.url_template.split("{", 1)[0])
            if parts.scheme in ("http", "https") and parts.netloc:
                origins.add(f"{parts.scheme}://{parts.netloc}")
    return sorted(origins)


def _external_agent_id(call: Call, agent: User) -> str:
    system = call.campaign.external_system
    if system is None:
        return ""
    return next((key for key, user in system.agent_map.items() if user == agent.pk), "")


def my_dispositions(agent: User, filters: dict[str, Any]) -> QuerySet[Disposition]:
    rows = Disposition.objects.filter(agent=agent, revised_by__isnull=True)
    if filters.get("campaign"):
        rows = rows.filter(campaign_id=filters["campaign"])
    if filters.get("option"):
        rows = rows.filter(option_id=filters["option"])
    if filters.get("since"):
        rows = rows.filter(created_at__date__gte=filters["since"])
    if filters.get("until"):
        rows = rows.filter(created_at__date__lte=filters["until"])
    return (
        rows.select_related("campaign", "contact", "option", "form_version")
        .prefetch_related("calls__recordings")
        .order_by("-created_at", "-pk")
    )


def sessions_to_watch(user: User) -> list[AgentSession]:
    """Open sessions in campaigns the supervisor may see (their scope), with their campaigns."""
    visible = Campaign.objects.values("pk")
    return list(
        AgentSession.objects.filter(ended_at__isnull=True, campaigns__in=visible)
        .distinct()
        .select_related("agent", "pause_reason", "call")
        .prefetch_related("campaigns")
        .order_by("agent__username")
    )


@dataclass(frozen=True)
class CampaignProgress:
    objective: int | None
    positive: int
    percent: int | None
    per_option: list[tuple[str, bool, int]]  # (option, positive, current dispositions)
    contacts_total: int
    contacts_called: int
    calls: int

    @property
    def contacts_left(self) -> int:
        return max(self.contacts_total - self.contacts_called, 0)


def campaign_progress(campaign: Campaign) -> CampaignProgress:
    """The campaign page's numbers, in a fixed number of queries: current dispositions per
    option (positive ones count toward the objective), contacts called and left."""
    counts = dict(
        Disposition.objects.filter(campaign=campaign, is_current=True)
        .values("option")
        .annotate(n=Count("pk"))
        .values_list("option", "n")
    )
    options = list(campaign.options.order_by("position", "pk"))
    per_option = [(o.name, o.positive, counts.get(o.pk, 0)) for o in options]
    positive = sum(n for _name, is_positive, n in per_option if is_positive)
    objective = campaign.objective
    database = campaign.contact_database
    calls = Call.objects.filter(campaign=campaign)
    return CampaignProgress(
        objective=objective,
        positive=positive,
        percent=min(100, round(100 * positive / objective)) if objective else None,
        per_option=per_option,
        contacts_total=database.contacts.count() if database is not None else 0,
        contacts_called=calls.exclude(contact=None).values("contact").distinct().count(),
        calls=calls.count(),
    )
