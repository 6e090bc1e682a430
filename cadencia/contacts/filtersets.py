import json
from collections.abc import Callable, Iterable
from typing import Any

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from cadencia.contacts.models import Company, Contact, ContactDatabase
from cadencia.contacts.selectors import phone_to_e164
from cadencia.core.filter_fields import FilterSet, LocalDateFilter, ModelChoiceFilter
from cadencia.core.forms import FilterForm

# Where the disposition filter's names come from: the campaigns app registers its options'
# names (contacts imports no app above it).
DISPOSITION_NAMES: list[Callable[[], Iterable[str]]] = []


def _databases(request: object) -> QuerySet[ContactDatabase]:
    return ContactDatabase.objects.only("id", "name").order_by("name")


def _companies(request: object) -> QuerySet[Company]:
    return Company.objects.only("id", "name").order_by("name")


def _disposition_choices() -> list[tuple[str, str]]:
    names = sorted({name for source in DISPOSITION_NAMES for name in source()})
    return [(name, name) for name in names]


class ContactFilterSet(FilterSet):
    """Shared by the contact search, its downloads, the campaign made from it and the API."""

    database = ModelChoiceFilter(label=_("Contact database"), queryset=_databases)
    company = ModelChoiceFilter(label=_("Company"), queryset=_companies)
    disposition = django_filters.ChoiceFilter(
        label=_("Disposition"), field_name="last_disposition", choices=_disposition_choices
    )
    active_since = LocalDateFilter(label=_("Active from"), field_name="last_activity_at")
    active_until = LocalDateFilter(label=_("Active to"), field_name="last_activity_at", bound="to")
    phone = django_filters.CharFilter(label=_("Phone"), method="filter_phone")
    external_id = django_filters.CharFilter(label=_("External ID"))
    q = django_filters.CharFilter(label=_("Name, phone, ID or text"), method="filter_text")

    class Meta:
        form = FilterForm
        model = Contact
        fields = [
            "database",
            "company",
            "disposition",
            "active_since",
            "active_until",
            "phone",
            "external_id",
            "q",
        ]

    def filter_phone(self, queryset: QuerySet[Contact], name: str, value: str) -> QuerySet[Contact]:
        number = phone_to_e164(value)
        if number is None:
            return queryset.none()
        return queryset.filter(phones__has_phone=number)

    def filter_text(self, queryset: QuerySet[Contact], name: str, value: str) -> QuerySet[Contact]:
        """A name or any text of the contact's fields (on PostgreSQL by their trigram index),
        its external ID, or a phone typed in any format."""
        value = value.strip()[:100]
        # SQLite keeps JSON text ASCII-escaped ("Mar\\u00eda"); PostgreSQL keeps "María".
        escaped = json.dumps(value)[1:-1]
        match = Q(fields_text__icontains=value) | Q(external_id=value)
        if escaped != value:
            match |= Q(fields_text__icontains=escaped)
        number = phone_to_e164(value)
        if number is not None:
            match |= Q(phones__has_phone=number)
        return queryset.annotate(fields_text=Cast("fields", TextField())).filter(match)


def valid_qs(filterset: Any) -> Any:
    """The filtered rows, or a ValidationError naming the filters that are wrong (a download
    or a campaign must never fall back to every row)."""
    if not filterset.is_valid():
        raise ValidationError(
            [
                f"{filterset.form.fields[name].label}: {' '.join(errors)}"
                for name, errors in filterset.form.errors.items()
                if name in filterset.form.fields
            ]
            or [_("The filters are not valid.")]
        )
    return filterset.qs
