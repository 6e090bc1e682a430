"""Phone numbers to E.164 with libphonenumber's metadata."""

import phonenumbers
from django.utils.translation import gettext as _

MAX_PHONE_LENGTH = 40


class PhoneError(ValueError):
    """A value that is not a valid phone number; ``str()`` is the translated reason."""


def normalise_phone(value: str, region: str) -> str:
    """``"(0351) 15-621-9387"`` in region AR → ``"+5493516219387"``; raises PhoneError."""
    text = value.strip()
    if not text:
        raise PhoneError(_("empty phone number"))
    if len(text) > MAX_PHONE_LENGTH:
        raise PhoneError(_("too long to be a phone number"))
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise PhoneError(_("not a phone number")) from exc
    if not phonenumbers.is_valid_number(number):
        raise PhoneError(_("not a valid number for %(region)s") % {"region": region})
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
