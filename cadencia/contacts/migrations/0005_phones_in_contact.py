"""A contact's phones move from ContactPhone rows into the contact's own ``phones`` list.

Reversible: going back recreates the ContactPhone table and its rows from the lists. The GIN
index that finds a number is PostgreSQL's own (SQLite has no index for a list's items).
"""

from collections.abc import Iterator
from typing import Any

import django.db.models.deletion
from django.db import migrations, models

import cadencia.contacts.fields

BATCH = 2_000
GIN_INDEX = "contacts_contact_phones"


def _batches(queryset: Any) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in queryset.iterator(chunk_size=BATCH):
        batch.append(item)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def phones_into_contacts(apps: Any, schema_editor: Any) -> None:
    contact_model = apps.get_model("contacts", "Contact")
    phone_model = apps.get_model("contacts", "ContactPhone")
    contacts = contact_model._base_manager.using(schema_editor.connection.alias)
    phones = phone_model._base_manager.using(schema_editor.connection.alias)
    for batch in _batches(contacts.order_by("pk").only("pk")):
        numbers: dict[int, list[str]] = {contact.pk: [] for contact in batch}
        for contact_id, number in (
            phones.filter(contact_id__in=list(numbers))
            .order_by("contact_id", "position")
            .values_list("contact_id", "number")
        ):
            numbers[contact_id].append(number)
        for contact in batch:
            contact.phones = numbers[contact.pk]
        contacts.bulk_update(batch, ["phones"])


def phones_out_of_contacts(apps: Any, schema_editor: Any) -> None:
    contact_model = apps.get_model("contacts", "Contact")
    phone_model = apps.get_model("contacts", "ContactPhone")
    contacts = contact_model._base_manager.using(schema_editor.connection.alias)
    phones = phone_model._base_manager.using(schema_editor.connection.alias)
    rows = contacts.order_by("pk").values_list("pk", "database_id", "phones")
    for batch in _batches(rows):
        phones.bulk_create(
            phone_model(contact_id=pk, database_id=database, number=number, position=position)
            for pk, database, numbers in batch
            for position, number in enumerate(numbers)
        )


def create_gin_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX "{GIN_INDEX}" ON "contacts_contact" USING gin ("phones" jsonb_path_ops)'
        )


def drop_gin_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{GIN_INDEX}"')


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0004_phone_key"),
    ]

    operations = [
        # Frees the name "phones" on Contact (the rows' reverse accessor) for the new field.
        migrations.AlterField(
            model_name="contactphone",
            name="contact",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="contacts.contact",
                verbose_name="contact",
            ),
        ),
        migrations.AddField(
            model_name="contact",
            name="phones",
            field=cadencia.contacts.fields.PhoneListField(
                default=list, verbose_name="phone numbers"
            ),
        ),
        migrations.RunPython(phones_into_contacts, phones_out_of_contacts),
        migrations.DeleteModel(name="ContactPhone"),
        migrations.RunPython(create_gin_index, drop_gin_index),
    ]
