"""Phone numbers shown to people: readable formats, unverified ones marked."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from cadencia.contacts.importing.phones import display_phone, is_verified

register = template.Library()


@register.simple_tag
def phone(number: str, region: str) -> SafeString:
    """``{% phone number database.default_region %}``: national format in the database's
    region, international otherwise; a number kept as dialed carries an "unverified" badge."""
    text = display_phone(number, region)
    if is_verified(number):
        return format_html('<span class="text-nowrap" title="{}">{}</span>', number, text)
    return format_html(
        '<span class="text-nowrap">{}</span> '
        '<span class="badge text-bg-warning" title="{}">{}</span>',
        text,
        _("Kept as dialed: libphonenumber could not validate this number."),
        _("unverified"),
    )
