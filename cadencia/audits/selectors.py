"""Reads of the audit: the queue (filters, counts, keyset pages), an item's whole story, the
numbers of the home page, and the notes an agent sees in My dispositions."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cadencia.accounts.models import User
from cadencia.audits.choices import AuditStatus, EntryKind
from cadencia.audits.models import AuditEntry, AuditItem
from cadencia.campaigns.answers import answers_display
from cadencia.campaigns.models import Campaign
from cadencia.console.extensions import RowNote
from cadencia.console.models import Call, Disposition
from cadencia.contacts.models import Contact
from cadencia.contacts.selectors import contacts_by_phone

# Orders of the queue: each is a (column, direction) the page's cursor follows.
SORTS = {
    "-managed_at": ("managed_at", True),
    "managed_at": ("managed_at", False),
    "-updated_at": ("updated_at", True),
}
DEFAULT_SORT = "-managed_at"
COUNT_CAP = 1_000
# A filter by contact (external ID, phone) names at most this many contacts.
MAX_CONTACTS = 500
PAGE_SIZES = (25, 50, 100, 200)


@dataclass
class QueueFilters:
    campaign: Campaign | None = None
    agent: Any = None
    statuses: Sequence[str] = ()
    since: date | None = None
    until: date | None = None
    external_id: str = ""
    phone: str = ""
    auditor: Any = None
    unclaimed_only: bool = False
    sort: str = DEFAULT_SORT


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def filtered(filters: QueueFilters, *, with_status: bool = True) -> QuerySet[AuditItem]:
    """Items matching ``filters`` (in the active scope). Dates bound ``managed_at`` by local
    midnights so the indexes serve them."""
    rows = AuditItem.objects.all()
    if filters.campaign is not None:
        rows = rows.filter(campaign=filters.campaign)
    if filters.agent is not None:
        rows = rows.filter(agent=filters.agent)
    if filters.auditor is not None:
        rows = rows.filter(auditor=filters.auditor)
    if filters.since is not None:
        rows = rows.filter(managed_at__gte=_day_start(filters.since))
    if filters.until is not None:
        rows = rows.filter(managed_at__lt=_day_start(filters.until + timedelta(days=1)))
    # The contacts are read first and named by id: given a subquery, the planner walked the
    # whole queue in date order looking for the few items of one contact (a second on 1M).
    if filters.external_id:
        databases = Campaign.objects.values("contact_database_id")
        contacts = Contact.objects.filter(
            database_id__in=databases, external_id=filters.external_id
        )
        rows = rows.filter(contact_id__in=_ids(contacts))
    if filters.phone:
        rows = rows.filter(contact_id__in=_ids(contacts_by_phone(filters.phone)))
    if filters.unclaimed_only:
        rows = rows.filter(Q(claimed_by__isnull=True) | Q(claimed_until__lte=timezone.now()))
    if with_status and filters.statuses:
        rows = rows.filter(status__in=filters.statuses)
    return rows


def _ids(contacts: QuerySet[Contact]) -> list[int]:
    return list(contacts.order_by().values_list("pk", flat=True)[:MAX_CONTACTS])


def status_counts(filters: QueueFilters) -> dict[str, int]:
    """How many items of each status match the other filters, in one query. Each count stops
    at ``COUNT_CAP + 1`` (shown as "1,000+"): it walks at most that many index entries, so the
    queue's page costs the same with a thousand items or ten million."""
    base = filtered(filters, with_status=False).order_by()
    parts: list[str] = []
    params: list[Any] = []
    for status in AuditStatus.values:
        limited = base.filter(status=status).values("pk")[: COUNT_CAP + 1]
        try:
            sql, values = limited.query.sql_with_params()
        except EmptyResultSet:  # a filter that can match nothing (a phone no contact has)
            return dict.fromkeys(AuditStatus.values, 0)
        # Django compiled ``sql`` (values stay parameters); ``status`` is one of our choices.
        parts.append(f"(SELECT count(*) FROM ({sql}) AS counted_{status})")  # noqa: S608
        params.extend(values)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return dict(zip(AuditStatus.values, row, strict=True))


def encode_cursor(item: AuditItem, column: str) -> str:
    moment: datetime = getattr(item, column)
    raw = f"{moment.isoformat()}|{item.pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int] | None:
    """The (moment, id) a cursor names; None for anything else (a tampered link: page one)."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment, pk = raw.split("|")
        parsed = datetime.fromisoformat(moment)
        return (parsed, int(pk)) if timezone.is_aware(parsed) else None
    except (ValueError, UnicodeDecodeError, binascii.Error):
        return None


@dataclass
class QueuePage:
    rows: list[AuditItem]
    next_cursor: str
    size: int


def queue_page(filters: QueueFilters, *, after: str = "", size: int = 25) -> QueuePage:
    """One page of the queue after ``after`` (a cursor): a fixed number of queries whatever
    the page size or depth, each walking an index from where the last page stopped."""
    column, descending = SORTS.get(filters.sort, SORTS[DEFAULT_SORT])
    rows = filtered(filters)
    position = decode_cursor(after) if after else None
    if position is not None:
        moment, pk = position
        # The plain bound (<=) is what the index can seek to; the OR alone made PostgreSQL
        # walk the index from the top to the cursor (a deep page cost its depth).
        if descending:
            rows = rows.filter(**{f"{column}__lte": moment}).filter(
                Q(**{f"{column}__lt": moment}) | Q(pk__lt=pk)
            )
        else:
            rows = rows.filter(**{f"{column}__gte": moment}).filter(
                Q(**{f"{column}__gt": moment}) | Q(pk__gt=pk)
            )
    prefix = "-" if descending else ""
    # Few joins: with every relation joined, planning the query took longer than running it.
    found = list(
        rows.select_related("campaign", "contact", "disposition__option").order_by(
            f"{prefix}{column}", f"{prefix}pk"
        )[: size + 1]
    )
    more = len(found) > size
    found = found[:size]
    _attach_people(found)
    cursor = encode_cursor(found[-1], column) if more and found else ""
    return QueuePage(found, cursor, size)


def _attach_people(items: list[AuditItem]) -> None:
    """The page's agents, auditors and claimers, in one query."""
    ids = {i.agent_id for i in items} | {i.auditor_id for i in items if i.auditor_id}
    ids |= {i.claimed_by_id for i in items if i.claimed_by_id}
    people = User.objects.only("username", "first_name", "last_name").in_bulk(ids)
    for item in items:
        item.agent = people[item.agent_id]
        item.auditor = people.get(item.auditor_id) if item.auditor_id else None
        item.claimed_by = people.get(item.claimed_by_id) if item.claimed_by_id else None


@dataclass
class ItemStory:
    item: AuditItem
    answers: list[tuple[str, str]]
    contact_fields: list[tuple[str, str]]
    calls: list[Call]
    entries: list[AuditEntry]
    versions: list[tuple[Disposition, list[tuple[str, str]]]]


def item_story(item: AuditItem) -> ItemStory:
    """Everything an auditor weighs: the answers, the contact, every call of every version of
    the management with its recordings, and the history."""
    disposition = item.disposition
    fields = disposition.form_version.fields if disposition.form_version else []
    entries = list(item.entries.select_related("actor", "disposition__option"))
    version_ids = {e.disposition_id for e in entries} | {disposition.pk}
    versions = [
        (v, answers_display(v.form_version.fields if v.form_version else [], v.answers))
        for v in Disposition.objects.filter(pk__in=version_ids)
        .select_related("option", "form_version")
        .order_by("created_at", "pk")
    ]
    calls = list(
        Call.objects.filter(dispositions__in=version_ids)
        .distinct()
        .prefetch_related("recordings")
        .order_by("created_at", "pk")
    )
    contact = item.contact
    contact_fields = [(str(k), str(v)) for k, v in contact.fields.items() if v not in ("", None)]
    return ItemStory(
        item,
        answers_display(fields, disposition.answers),
        contact_fields,
        calls,
        entries,
        versions,
    )


def item_for_audit(pk: int) -> AuditItem:
    return AuditItem.objects.select_related(
        "campaign",
        "agent",
        "auditor",
        "claimed_by",
        "contact__database",
        "disposition__option",
        "disposition__form_version",
    ).get(pk=pk)


@dataclass
class Numbers:
    since: date
    per_campaign: list[dict[str, Any]]
    per_agent: list[dict[str, Any]]
    per_auditor: list[dict[str, Any]]
    days: list[date]


def _rate(row: dict[str, Any]) -> float | None:
    decided = row["approved"] + row["rejected"]
    return round(100 * row["approved"] / decided, 1) if decided else None


def _by_status(rows: QuerySet[AuditItem], key: str) -> list[dict[str, Any]]:
    per_status = {s: Count("pk", filter=Q(status=s)) for s in AuditStatus.values}
    grouped = (
        rows.order_by()
        .values(key)
        .annotate(
            total=Count("pk"),
            score=Avg("score"),
            to_decision=Avg(
                ExpressionWrapper(F("decided_at") - F("managed_at"), output_field=DurationField()),
                filter=Q(decided_at__isnull=False),
            ),
            **per_status,
        )
        .order_by("-total")
    )
    result = []
    for row in grouped:
        row["rate"] = _rate(row)
        row["to_decision_text"] = short_duration(row["to_decision"])
        result.append(row)
    return result


def short_duration(value: timedelta | None) -> str:
    """ "3 d 4 h", "2 h 5 min", "12 min": enough to compare auditors at a glance."""
    if value is None:
        return ""
    minutes = int(value.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return _("%(d)d d %(h)d h") % {"d": days, "h": hours}
    if hours:
        return _("%(h)d h %(m)d min") % {"h": hours, "m": minutes}
    return _("%(m)d min") % {"m": minutes}


def numbers(since: date, campaign: Campaign | None = None) -> Numbers:
    """The audit's figures for items managed since ``since``: per campaign and per agent counts
    by status, approval rate (of approved and rejected), mean score and time to decision; and
    each auditor's decisions per day."""
    rows = AuditItem.objects.filter(managed_at__gte=_day_start(since))
    if campaign is not None:
        rows = rows.filter(campaign=campaign)
    per_campaign = _by_status(rows, "campaign")
    per_agent = _by_status(rows, "agent")
    names = {
        c.pk: str(c) for c in Campaign.objects.filter(pk__in=[r["campaign"] for r in per_campaign])
    }
    agent_ids = [r["agent"] for r in per_agent]
    decisions = (
        AuditEntry.objects.filter(kind=EntryKind.DECIDED, created_at__gte=_day_start(since))
        .order_by()
        .values("actor", "created_at__date")
        .annotate(n=Count("pk"))
    )
    if campaign is not None:
        decisions = decisions.filter(item__campaign=campaign)
    by_auditor: dict[int, dict[date, int]] = {}
    for row in decisions:
        by_auditor.setdefault(row["actor"], {})[row["created_at__date"]] = row["n"]
    people = {u.pk: u for u in User.objects.filter(pk__in=[*agent_ids, *by_auditor])}
    for row in per_campaign:
        row["name"] = names.get(row["campaign"], "")
    for row in per_agent:
        row["name"] = _name(people.get(row["agent"]))
    today = timezone.localdate()
    days = [today - timedelta(days=n) for n in range(6, -1, -1)]
    per_auditor: list[dict[str, Any]] = [
        {
            "name": _name(people.get(actor)),
            "days": [counts.get(d, 0) for d in days],
            "total": sum(counts.values()),
        }
        for actor, counts in by_auditor.items()
    ]
    per_auditor.sort(key=lambda r: -int(r["total"]))
    return Numbers(since, per_campaign, per_agent, per_auditor, days)


def _name(user: User | None) -> str:
    return "" if user is None else user.get_full_name() or user.username


TONES = {
    AuditStatus.PENDING: "secondary",
    AuditStatus.APPROVED: "success",
    AuditStatus.REJECTED: "danger",
    AuditStatus.OBSERVED: "warning",
    AuditStatus.RESUBMITTED: "info",
}


def my_disposition_notes(dispositions: Sequence[Any]) -> dict[int, RowNote]:
    """The audit's word on an agent's dispositions (one query for the page)."""
    ids = [d.pk for d in dispositions]
    notes = {}
    for item in AuditItem.objects.filter(disposition_id__in=ids):
        status = AuditStatus(item.status)
        observed = status == AuditStatus.OBSERVED
        label = _("Audit: %(status)s") % {"status": status.label}
        notes[item.disposition_id] = RowNote(
            label=label,
            tone=TONES[status],
            note=item.note if status in (AuditStatus.OBSERVED, AuditStatus.REJECTED) else "",
            action_url=reverse("audits:redo", args=[item.pk]) if observed else "",
            action_label=_("Redo") if observed else "",
            highlight=observed,
        )
    return notes
