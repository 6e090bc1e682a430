"""Streamed CSV export of contacts, safe to open in a spreadsheet."""

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from cadencia.contacts.models import Contact, ContactDatabase
from cadencia.core.downloads import csv_line_writer, neutralise
from cadencia.core.scoping import active_scope, project_scope

MAX_PHONES = 3


def export_rows(contacts: QuerySet[Contact], database: ContactDatabase | None) -> Iterator[str]:
    """CSV lines. The response streams after the request's scope has closed, so the generator
    re-opens the scope that was active when the export was asked for."""
    scope = active_scope()
    columns = [c["name"] for c in database.columns] if database else []
    writer = csv_line_writer()

    def lines() -> Iterator[str]:
        header = ["id", "database", "external_id"]
        header += [f"phone_{i + 1}" for i in range(MAX_PHONES)]
        header += columns if database else ["fields"]
        yield writer.writerow(header)
        assert scope is not None  # noqa: S101 - the view runs inside the request's scope
        with project_scope(scope):
            for contact in contacts.iterator(chunk_size=2000):
                phones = contact.phones[:MAX_PHONES]
                phones += [""] * (MAX_PHONES - len(phones))
                values: list[Any] = [
                    contact.pk,
                    contact.database.name,
                    contact.external_id,
                    *phones,
                ]
                if database:
                    values += [contact.fields.get(c) for c in columns]
                else:
                    values.append(contact.fields)
                yield writer.writerow([neutralise(v) for v in values])

    return lines()
