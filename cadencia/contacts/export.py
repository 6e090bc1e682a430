"""The contact search's download (CSV or XLSX through ``core.exports``)."""

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from cadencia.contacts.filtersets import ContactFilterSet, valid_qs
from cadencia.contacts.models import Contact, ContactDatabase
from cadencia.contacts.selectors import contacts_with_phones
from cadencia.core.exports import ExportSource, register

MAX_PHONES = 3


class ContactTable:
    def __init__(self, contacts: QuerySet[Contact], database: ContactDatabase | None) -> None:
        self.contacts = contacts.order_by("pk")
        self.database = database
        self.columns = [c["name"] for c in database.columns] if database else []
        self.header = ["id", "database", "external_id"]
        self.header += [f"phone_{i + 1}" for i in range(MAX_PHONES)]
        self.header += ["company", "last_activity", "disposition"]
        self.header += self.columns if database else ["fields"]

    def count(self) -> int:
        return self.contacts.count()

    def rows(self) -> Iterator[list[Any]]:
        for contact in self.contacts.iterator(chunk_size=2000):
            phones = (list(contact.phones) + [""] * MAX_PHONES)[:MAX_PHONES]
            row: list[Any] = [
                contact.pk,
                contact.database.name,
                contact.external_id,
                *phones,
                contact.company.name if contact.company else "",
                contact.last_activity_at,
                contact.last_disposition,
            ]
            if self.database:
                row += [contact.fields.get(c) for c in self.columns]
            else:
                row.append(contact.fields)
            yield row


def contact_table(query: QueryDict, user: Any) -> ContactTable:
    filterset = ContactFilterSet(query, queryset=contacts_with_phones(), request=None)
    contacts = valid_qs(filterset)
    return ContactTable(contacts, filterset.form.cleaned_data.get("database"))


register(
    ExportSource(
        name="contacts",
        title=_("Contacts"),
        permissions=("contacts.view_contact",),
        table=contact_table,
        filename="contacts",
    )
)
