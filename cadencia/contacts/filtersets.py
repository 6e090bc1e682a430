import django_filters
from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from cadencia.contacts.models import Company, Contact, ContactDatabase
from cadencia.contacts.selectors import phone_to_e164
from cadencia.core.filter_fields import FilterSet, ModelChoiceFilter
from cadencia.core.forms import FilterForm


def _databases(request: object) -> QuerySet[ContactDatabase]:
    return ContactDatabase.objects.order_by("name")


def _companies(request: object) -> QuerySet[Company]:
    return Company.objects.order_by("name")


class ContactFilterSet(FilterSet):
    """Shared by the contact list page, its CSV export and the API."""

    database = ModelChoiceFilter(label=_("Contact database"), queryset=_databases)
    company = ModelChoiceFilter(label=_("Company"), queryset=_companies)
    phone = django_filters.CharFilter(label=_("Phone"), method="filter_phone")
    external_id = django_filters.CharFilter(label=_("External ID"))
    q = django_filters.CharFilter(label=_("Text"), method="filter_text")

    class Meta:
        form = FilterForm
        model = Contact
        fields = ["database", "company", "phone", "external_id", "q"]

    def filter_phone(self, queryset: QuerySet[Contact], name: str, value: str) -> QuerySet[Contact]:
        number = phone_to_e164(value)
        if number is None:
            return queryset.none()
        return queryset.filter(phones__has_phone=number)

    def filter_text(self, queryset: QuerySet[Contact], name: str, value: str) -> QuerySet[Contact]:
        return queryset.annotate(fields_text=Cast("fields", TextField())).filter(
            fields_text__icontains=value.strip()[:100]
        )
