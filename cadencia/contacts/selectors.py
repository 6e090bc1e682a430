"""Reads of contacts used by pages, the API, exports and (later) the agent console."""

from django.conf import settings
from django.db.models import Q, QuerySet

from cadencia.contacts.importing.phones import PhoneError, dialed_digits, normalise_phone
from cadencia.contacts.models import Contact, ContactDatabase


def phone_to_e164(value: str, region: str | None = None) -> str | None:
    """A number typed in any format; None when it cannot be a phone number."""
    try:
        return normalise_phone(value, region or settings.PHONE_DEFAULT_REGION)
    except PhoneError:
        return None


def contacts_by_phone(value: str, region: str | None = None) -> QuerySet[Contact]:
    """Contacts (in the active scope) with this number: one query, on the phones' GIN index.

    Numbers kept as dialed (unverified, stored as their digits) are found by the digits typed."""
    number = phone_to_e164(value, region)
    digits = dialed_digits(value)
    match = Q()
    if number is not None:
        match |= Q(phones__has_phone=number)
    if digits:
        match |= Q(phones__has_phone=digits)
    if not match:
        return Contact.objects.none()
    return contacts_with_phones().filter(match)


def contacts_with_phones() -> QuerySet[Contact]:
    return Contact.objects.select_related("database", "company")


def _newest(contacts: QuerySet[Contact], databases: list[int], size: int) -> list[Contact]:
    # -1 is never a database: with two values or more PostgreSQL keeps "IN", an index
    # condition that keeps the (database, id) index's order; one value would be folded into
    # "=", the database dropped from the ordering, and the id index walked through every other
    # project's contacts (seconds at a million rows when the user's are the oldest).
    chosen = contacts.filter(database_id__in=[*databases, -1])
    return list(chosen.order_by("-database_id", "-pk")[:size])


def contacts_page(
    contacts: QuerySet[Contact], *, after: str, size: int
) -> tuple[list[Contact], str | None]:
    """A keyset page of ``contacts``: database by database (newest first), each newest first.
    ``after`` is the last row's "<database>_<id>"; returns the rows and the next cursor."""
    databases = sorted(ContactDatabase.objects.values_list("pk", flat=True), reverse=True)
    database_text, _sep, pk_text = after.partition("_")
    rows: list[Contact] = []
    if database_text.isdigit() and pk_text.isdigit() and len(after) < 40:
        current, last = int(database_text), int(pk_text)
        if current in databases:
            # Within one database: equality, which every (database, …, id) index serves in
            # order (with "IN" a filter's index, the disposition's, was read whole and sorted).
            chosen = contacts.filter(database_id=current, pk__lt=last)
            rows = list(chosen.order_by("-database_id", "-pk")[: size + 1])
        databases = [d for d in databases if d < current]
    if len(rows) <= size and databases:
        rows += _newest(contacts, databases, size + 1 - len(rows))
    if len(rows) <= size:
        return rows, None
    rows = rows[:size]
    return rows, f"{rows[-1].database_id}_{rows[-1].pk}"
