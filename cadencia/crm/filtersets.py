"""The CRM's searches (the seed's sections 3 to 5): actions, tickets and the call history. Shared by
the pages, their downloads and the API. Every filter is a range or an equality on an indexed
column, or an ``EXISTS`` on one; a contact is named by id (the row actions' links) or found by
phone or name."""

from typing import Any

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cadencia.campaigns.models import Campaign
from cadencia.campaigns.selectors import option_names
from cadencia.console.choices import Direction
from cadencia.console.models import Call
from cadencia.contacts.filtersets import ContactFilterSet
from cadencia.contacts.models import Company, Contact, ContactDatabase
from cadencia.contacts.selectors import contacts_by_phone, phone_to_e164
from cadencia.core.filter_fields import FilterSet, LocalDateFilter, ModelChoiceFilter
from cadencia.core.forms import FilterForm
from cadencia.core.tenancy import tenancy
from cadencia.crm.choices import ActionStatus, Priority
from cadencia.crm.models import Ticket, TicketAction

MAX_CONTACTS_BY_TEXT = 1000


def _users(request: Any) -> Any:
    # Only what an option shows: the choices are read on every page of a search.
    users = tenancy().users_visible(getattr(request, "user", None)).select_related(None)
    return users.only("id", "username").order_by("username")


def _companies(request: Any) -> QuerySet[Company]:
    return Company.objects.only("id", "name").order_by("name")


def _campaigns(request: Any) -> QuerySet[Campaign]:
    return Campaign.objects.filter(is_template=False).only("id", "name").order_by("name")


def _dispositions() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(option_names())]


def _databases(request: Any) -> QuerySet[ContactDatabase]:
    return ContactDatabase.objects.only("id", "name").order_by("name")


def contacts_matching(text: str) -> QuerySet[Contact]:
    """Contacts named by a phone in any format, else by a piece of their name or fields."""
    text = text.strip()[:100]
    if phone_to_e164(text) is not None:
        return contacts_by_phone(text)
    return ContactFilterSet().filter_text(Contact.objects.all(), "q", text)


class ContactFilters(FilterSet):
    """The contact of a row: by id (from a contact's row actions) or by phone / name."""

    contact = django_filters.NumberFilter(
        label=_("Contact id"), field_name="contact_id", widget=forms.HiddenInput
    )
    contact_text = django_filters.CharFilter(label=_("Contact"), method="filter_contact_text")
    contact_path = "contact"

    def filter_contact_text(self, queryset: QuerySet[Any], name: str, value: str) -> Any:
        ids = contacts_matching(value).values_list("pk", flat=True)[:MAX_CONTACTS_BY_TEXT]
        return queryset.filter(**{f"{self.contact_path}__in": list(ids)})


class ActionFilterSet(ContactFilters):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ActionStatus.choices, empty_label=_("All")
    )
    since = LocalDateFilter(label=_("From"), field_name="starts_at")
    until = LocalDateFilter(label=_("To"), field_name="starts_at", bound="to")
    agent = ModelChoiceFilter(label=_("Agent"), field_name="assignee", queryset=_users)
    company = ModelChoiceFilter(
        label=_("Company"), field_name="ticket__company", queryset=_companies
    )
    priority = django_filters.ChoiceFilter(
        label=_("Priority"), choices=Priority.choices, empty_label=_("All")
    )
    contact = django_filters.NumberFilter(
        label=_("Contact id"), field_name="ticket__contact_id", widget=forms.HiddenInput
    )
    contact_path = "ticket__contact"

    class Meta:
        form = FilterForm
        model = TicketAction
        fields = ["status", "since", "until", "contact_text", "agent", "company", "priority"]


class TicketFilterSet(ContactFilters):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("all", _("All")), ("open", _("Open")), ("closed", _("Closed"))],
        empty_label=None,
        method="filter_status",
    )
    since = LocalDateFilter(label=_("From"), field_name="created_at")
    until = LocalDateFilter(label=_("To"), field_name="created_at", bound="to")
    agent = ModelChoiceFilter(label=_("Agent"), queryset=_users, method="filter_agent")
    company = ModelChoiceFilter(label=_("Company"), queryset=_companies)
    q = django_filters.CharFilter(label=_("Number, subject, contact or phone"), method="filter_q")

    class Meta:
        form = FilterForm
        model = Ticket
        fields = ["status", "since", "until", "contact_text", "agent", "company", "q"]

    def filter_status(self, queryset: QuerySet[Ticket], name: str, value: str) -> Any:
        return queryset if value == "all" else queryset.filter(is_open=value == "open")

    def filter_agent(self, queryset: QuerySet[Ticket], name: str, value: Any) -> Any:
        assigned = TicketAction.objects.filter(ticket=OuterRef("pk"), assignee=value)
        return queryset.filter(Exists(assigned))

    def filter_q(self, queryset: QuerySet[Ticket], name: str, value: str) -> Any:
        value = value.strip()[:100]
        number = value.lstrip("#")
        query = Q(subject__icontains=value)
        if number.isdigit() and len(number) < 12:
            query |= Q(pk=int(number))
        if len(value) >= 3:
            contacts = contacts_matching(value).values_list("pk", flat=True)
            query |= Q(contact__in=list(contacts[:MAX_CONTACTS_BY_TEXT]))
        digits = "".join(c for c in value if c.isdigit())
        if len(digits) >= 6:
            query |= Q(call__number__contains=digits)  # the number of the call it came from
        return queryset.filter(query)


class CallHistoryFilterSet(ContactFilters):
    direction = django_filters.ChoiceFilter(
        label=_("Type"), choices=Direction.choices, empty_label=_("All")
    )
    since = django_filters.IsoDateTimeFilter(
        label=_("From"),
        field_name="created_at",
        lookup_expr="gte",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    until = django_filters.IsoDateTimeFilter(
        label=_("To"),
        field_name="created_at",
        lookup_expr="lte",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    number = django_filters.CharFilter(label=_("Number"), method="filter_number")
    disposition = django_filters.ChoiceFilter(
        label=_("Disposition"), choices=_dispositions, method="filter_disposition"
    )
    agent = ModelChoiceFilter(label=_("Agent"), queryset=_users)
    # The company and database the call's contact had when the call got it (kept on the call).
    company = ModelChoiceFilter(label=_("Company"), queryset=_companies)
    campaign = ModelChoiceFilter(label=_("Campaign"), queryset=_campaigns)
    database = ModelChoiceFilter(
        label=_("Contact database"), field_name="contact_database", queryset=_databases
    )

    class Meta:
        form = FilterForm
        model = Call
        fields = [
            "direction",
            "since",
            "until",
            "contact_text",
            "number",
            "disposition",
            "agent",
            "company",
            "campaign",
            "database",
        ]

    def filter_number(self, queryset: QuerySet[Call], name: str, value: str) -> Any:
        number = phone_to_e164(value)
        digits = "".join(c for c in value if c.isdigit())
        if number is not None:
            return queryset.filter(Q(number=number) | Q(number=digits))
        return queryset.filter(number=digits) if digits else queryset.none()

    def filter_disposition(self, queryset: QuerySet[Call], name: str, value: str) -> Any:
        # The newest disposition of the call, kept on it (what the history shows).
        return queryset.filter(disposition_name=value.strip())
