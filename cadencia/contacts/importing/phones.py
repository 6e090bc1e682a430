"""Phone numbers to E.164 with libphonenumber's metadata.

Every part of Cadencia normalises numbers here, so imports, manual edits and lookups agree.
The work is done by ``rphonenumbers`` (libphonenumber's Rust port behind the ``phonenumbers``
API, ~8x faster: parsing dominates an import's cost). ``phonenumbers`` itself stays pinned
to the version rphonenumbers is verified against, as the reference that
``tests/test_phone_library.py`` compares it with; see docs/decisions.md.
"""

import rphonenumbers as phonenumbers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

MAX_PHONE_LENGTH = 40


class PhoneError(ValueError):
    """A value that is not a valid phone number.

    ``reason`` and ``params`` are kept untranslated so an import report can be read later in
    the reader's language; ``str()`` is the reason in the active language."""

    def __init__(self, reason: str, params: dict[str, str] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.params = params or {}

    def __str__(self) -> str:
        return _(self.reason) % self.params if self.params else _(self.reason)


def is_region(value: str) -> bool:
    """True for a region libphonenumber knows, such as "AR" or "ES"."""
    return value in phonenumbers.SUPPORTED_REGIONS


EMPTY = gettext_noop("empty phone number")
TOO_LONG = gettext_noop("too long to be a phone number")
NOT_A_PHONE = gettext_noop("not a phone number")
NOT_VALID = gettext_noop("not a valid number for %(region)s")
_E164 = phonenumbers.PhoneNumberFormat.E164


def normalise_phone(value: str, region: str) -> str:
    """``"(0351) 15-621-9387"`` in region AR → ``"+5493516219387"``; raises PhoneError."""
    number, reason, params = e164_or_reason(value, region)
    if reason:
        raise PhoneError(reason, params)
    return number


def e164_or_reason(value: str, region: str) -> tuple[str, str, dict[str, str]]:
    """``(number, "", {})``, or ``("", reason, params)`` for a value that is no valid number.

    Raises nothing: an import checks millions of numbers, and raising costs more than parsing
    for the bad ones."""
    text = value.strip()
    if not text:
        return "", EMPTY, {}
    if len(text) > MAX_PHONE_LENGTH:
        return "", TOO_LONG, {}
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return "", NOT_A_PHONE, {}
    if not phonenumbers.is_valid_number(number):
        return "", NOT_VALID, {"region": region}
    return phonenumbers.format_number(number, _E164), "", {}


KEPT_AS_DIALED = gettext_noop("kept as dialed: not a valid number for %(region)s")
MIN_DIALED_DIGITS, MAX_DIALED_DIGITS = 3, 15


class PhonePolicy:
    """What an import does with a number libphonenumber cannot validate (a 7-digit local
    number, an internal extension, a number from an outdated plan)."""

    STRICT = "strict"  # reject it, as a typo would be
    KEEP = "keep"  # keep its digits, unverified

    values = (STRICT, KEEP)


def dialed_digits(value: str) -> str:
    """The digits of a number kept as dialed ("" when too few or too many to be dialed).

    Stored without "+": every E.164 number starts with it, so an unverified number is told
    apart by its first character."""
    digits = "".join(ch for ch in value if ch.isdigit())
    if not MIN_DIALED_DIGITS <= len(digits) <= MAX_DIALED_DIGITS:
        return ""
    return digits


def is_verified(phone: str) -> bool:
    return phone.startswith("+")


def display_phone(phone: str, region: str) -> str:
    """For people: national format in the database's region, international otherwise; an
    unverified number as it was dialed. Exports and the API keep E.164."""
    if not is_verified(phone):
        return phone
    try:
        number = phonenumbers.parse(phone, None)
    except phonenumbers.NumberParseException:
        return phone
    if phonenumbers.region_code_for_number(number) == region:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
