"""Reads of contacts used by pages, the API, exports and (later) the agent console."""

from django.conf import settings
from django.db.models import QuerySet

from cadencia.contacts.importing.phones import PhoneError, normalise_phone
from cadencia.contacts.models import Contact


def phone_to_e164(value: str, region: str | None = None) -> str | None:
    """A number typed in any format; None when it cannot be a phone number."""
    try:
        return normalise_phone(value, region or settings.PHONE_DEFAULT_REGION)
    except PhoneError:
        return None


def contacts_by_phone(value: str, region: str | None = None) -> QuerySet[Contact]:
    """Contacts (in the active scope) with this number: one query, on the phones' GIN index."""
    number = phone_to_e164(value, region)
    if number is None:
        return Contact.objects.none()
    return contacts_with_phones().filter(phones__has_phone=number)


def contacts_with_phones() -> QuerySet[Contact]:
    return Contact.objects.select_related("database")
