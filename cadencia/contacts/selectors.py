"""Reads of contacts used by pages, the API, exports and (later) the agent console."""

from django.conf import settings
from django.db.models import Q, QuerySet

from cadencia.contacts.importing.phones import PhoneError, dialed_digits, normalise_phone
from cadencia.contacts.models import Contact


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
