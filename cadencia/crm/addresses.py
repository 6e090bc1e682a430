"""E-mail address lists typed by agents (CC, BCC)."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

MAX_ADDRESSES = 20


def addresses_clean(raw: str, label: str) -> str:
    """A comma- or line-separated list of e-mail addresses, each checked, one per line."""
    found = [a.strip() for a in raw.replace(",", "\n").replace(";", "\n").splitlines()]
    found = [a for a in found if a]
    if len(found) > MAX_ADDRESSES:
        raise ValidationError(
            _("%(label)s: at most %(count)s addresses.") % {"label": label, "count": MAX_ADDRESSES}
        )
    for address in found:
        try:
            validate_email(address)
        except ValidationError:
            raise ValidationError(
                _("%(label)s: “%(value)s” is not an e-mail address.")
                % {"label": label, "value": address[:60]}
            ) from None
    return "\n".join(found)
