"""Imports and the database: statistics, the phones' index, deleting a contact database
while an import writes into it."""

from pathlib import Path
from typing import Any

import pytest

from cadencia.contacts import services
from cadencia.contacts.models import Contact, ContactDatabase
from cadencia.contacts.tests.factories import ContactDatabaseFactory
from cadencia.contacts.tests.importing import HEADER, check_upload, run_import, write_file
from cadencia.projects.services import project_default


def test_deleting_a_database_deletes_its_contacts_in_one_statement(
    tmp_path: Path, database: ContactDatabase, django_assert_max_num_queries: Any
) -> None:
    """Not one by one through Django's collector (58 s for 20,000 contacts): the change log gets
    one entry, the database's, with the count."""
    from cadencia.core.models import ChangeLogEntry

    rows = "".join(f"P{i},35162194{i:02d},,D{i},1,\n" for i in range(30))
    run_import(database, write_file(tmp_path, HEADER + rows))
    other = ContactDatabaseFactory.create(projects=[project_default()])
    kept = Contact.objects.create(database=other, phones=["+543516219300"])
    database_id = database.pk
    with django_assert_max_num_queries(30):  # however many contacts
        services.contact_database_delete(database=database)
    assert list(Contact.objects.all()) == [kept]
    entry = ChangeLogEntry.objects.get(
        content_type__model="contactdatabase",
        object_pk=str(database_id),
        action=ChangeLogEntry.Action.DELETE,
    )
    assert entry.additional_data == {"contacts_deleted": 30}
    assert not ChangeLogEntry.objects.filter(
        content_type__model="contact", action=ChangeLogEntry.Action.DELETE
    ).exists()


def test_big_import_refreshes_the_planner_statistics(
    tmp_path: Path, database: ContactDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("planner statistics are PostgreSQL's")

    def estimated() -> float:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'contacts_contact'")
            return float(cursor.fetchone()[0])

    monkeypatch.setattr(services, "REFRESH_STATISTICS_ROWS", 3)
    run_import(database, write_file(tmp_path, HEADER + "Ana,3516219387,,C1,1,\n"))
    before = estimated()  # one row: below the threshold, no ANALYZE
    rows = "".join(f"P{i},35162194{i:02d},,D{i},1,\n" for i in range(5))
    run_import(database, write_file(tmp_path, HEADER + rows))
    assert estimated() == Contact.objects.count() == 6 != before


@pytest.mark.parametrize("duplicates", ["skip", "allow"])
def test_phone_index_pending_list_is_merged_by_the_write(
    tmp_path: Path, database: ContactDatabase, duplicates: str
) -> None:
    """Lookups after an import need not scan the GIN index's pending list."""
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("GIN pending lists are PostgreSQL's")

    path = write_file(tmp_path, HEADER + "Ana,3516219387,3516219388,C1,1,\n")
    contact_import = check_upload(database, path, duplicates=duplicates)
    with transaction.atomic():
        services.contact_import_execute(contact_import=contact_import)
        with connection.cursor() as cursor:
            # Nothing left to merge: the write merged its pending entries already.
            cursor.execute("SELECT gin_clean_pending_list('contacts_contact_phones'::regclass)")
            assert cursor.fetchone()[0] == 0
    assert list(Contact.objects.filter(phones__has_phone="+543516219388")) == [
        Contact.objects.get()
    ]


@pytest.mark.django_db(transaction=True)
def test_deleting_a_database_waits_for_its_import_and_leaves_no_contact(tmp_path: Path) -> None:
    """Contact.database has no database-level foreign key: the import's lock on the database
    and the delete's lock on it keep a contact from outliving its database."""
    import threading
    import time

    from django.db import connection

    from cadencia.core.scoping import scopes_disabled

    if connection.vendor != "postgresql":
        pytest.skip("row locks between two sessions need PostgreSQL")
    database = ContactDatabaseFactory.create(projects=[project_default()])
    path = write_file(tmp_path, HEADER + "Ana,3516219387,,C1,1,\nLuis,3516219388,,C2,1,\n")
    contact_import = check_upload(database, path, duplicates="allow")
    deleted = threading.Event()

    def delete() -> None:
        try:
            with scopes_disabled():
                services.contact_database_delete(database=ContactDatabase.objects.get())
            deleted.set()
        finally:
            connection.close()

    deleter = threading.Thread(target=delete)

    def progress(done: int) -> None:
        # Rows written, not committed: the delete starts now and must wait for the commit.
        if not deleter.is_alive():
            deleter.start()
            time.sleep(0.5)
            assert not deleted.is_set()

    services.contact_import_execute(contact_import=contact_import, progress=progress)
    deleter.join(10)
    assert deleted.is_set()
    assert not ContactDatabase.objects.exists()
    assert not Contact.objects.exists()
