"""Reads of contacts used by pages, the API, exports and (later) the agent console."""

from django.conf import settings
from django.db import connection
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


UNION_MAX_DATABASES = 50


def contacts_newest_first(
    contacts: QuerySet[Contact], *, after: int | None, size: int
) -> list[Contact]:
    """A keyset page of ``contacts``, newest first.

    Ordered by id across the user's databases, PostgreSQL would walk the id index through
    every other project's contacts before reaching its own (seconds at a million contacts when
    the project's are the oldest). Each database is read on its own (database, id) index and
    the pages merged: ``size + 1`` rows a database at most, whatever the table holds."""
    if after is not None:
        contacts = contacts.filter(pk__lt=after)
    databases = list(
        ContactDatabase.objects.values_list("pk", flat=True)[: UNION_MAX_DATABASES + 1]
    )
    one_by_one = connection.features.supports_slicing_ordering_in_compound
    if not databases:
        return []
    if len(databases) == 1 or not one_by_one or len(databases) > UNION_MAX_DATABASES:
        return list(contacts.order_by("-pk")[:size])
    parts = [contacts.filter(database_id=pk).order_by("-pk")[:size] for pk in databases]
    return list(parts[0].union(*parts[1:], all=True).order_by("-pk")[:size])
