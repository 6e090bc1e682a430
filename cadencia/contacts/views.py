from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from cadencia.accounts.models import User
from cadencia.contacts import services
from cadencia.contacts.forms import CompanyForm, ContactDatabaseForm
from cadencia.contacts.models import Company, ContactDatabase
from cadencia.core import generic


class DatabaseMixin:
    model: type[models.Model] = ContactDatabase
    url_prefix = "contacts:database"


class DatabaseList(DatabaseMixin, generic.ObjectListView):
    columns = [
        ("name", _("Name")),
        ("default_region", _("Phone region")),
        ("contact_count", _("Contacts")),
    ]

    def queryset(self) -> models.QuerySet[ContactDatabase]:
        return super().queryset().annotate(contact_count=Count("contacts"))


class DatabaseDetail(DatabaseMixin, generic.ObjectDetailView):
    template_name = "contacts/database_detail.html"
    fields = [("default_region", _("Phone region"))]


class DatabaseEdit(DatabaseMixin, generic.ObjectEditView):
    form_class = ContactDatabaseForm

    def perform_save(self, obj: ContactDatabase, *, project_ids: set[int], user: User) -> None:
        services.contact_database_save(database=obj, project_ids=project_ids, user=user)


class DatabaseDelete(DatabaseMixin, generic.ObjectDeleteView):
    def perform_delete(self, obj: ContactDatabase) -> None:
        services.contact_database_delete(database=obj)


class CompanyMixin:
    model: type[models.Model] = Company
    url_prefix = "contacts:company"


class CompanyList(CompanyMixin, generic.ObjectListView):
    columns = [
        ("name", _("Name")),
        ("tax_id", _("Tax ID")),
        ("email", _("E-mail")),
        ("contact_count", _("Contacts")),
    ]

    def queryset(self) -> models.QuerySet[Company]:
        return super().queryset().annotate(contact_count=Count("contacts"))


class CompanyDetail(CompanyMixin, generic.ObjectDetailView):
    fields = [
        ("tax_id", _("Tax ID")),
        ("phones", _("Phones")),
        ("email", _("E-mail")),
        ("address", _("Address")),
        ("notes", _("Notes")),
    ]


class CompanyEdit(CompanyMixin, generic.ObjectEditView):
    form_class = CompanyForm

    def perform_save(self, obj: Company, *, project_ids: set[int], user: User) -> None:
        services.company_save(company=obj, project_ids=project_ids, user=user)


class CompanyDelete(CompanyMixin, generic.ObjectDeleteView):
    def perform_delete(self, obj: Company) -> None:
        services.company_delete(company=obj)
