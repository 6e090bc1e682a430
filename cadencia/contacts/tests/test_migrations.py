"""Hand-written migrations of contact phones keep every phone, both ways."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("contacts", "0003_import_existing")]
AFTER = [("contacts", "0004_phone_key")]
GIN = "contacts_contact_phones"


@pytest.mark.django_db(transaction=True)
def test_phones_survive_the_new_key_and_it_is_enforced() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    database = old.get_model("contacts", "ContactDatabase").objects.create(name="Old")
    contact = old.get_model("contacts", "Contact").objects.create(database=database)
    phone = old.get_model("contacts", "ContactPhone")
    phone.objects.create(contact=contact, database=database, number="+5493516219387")
    phone.objects.create(contact=contact, database=database, number="+5493516219388", position=1)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("contacts", "ContactPhone")
    assert list(new.objects.order_by("position").values_list("number", "position")) == [
        ("+5493516219387", 0),
        ("+5493516219388", 1),
    ]
    assert new.objects.get(pk=(contact.pk, 1)).number == "+5493516219388"
    with pytest.raises(IntegrityError), transaction.atomic():
        new.objects.create(contact_id=contact.pk, database_id=database.pk, number="+1", position=1)
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())


PHONE_ROWS = [("contacts", "0004_phone_key")]
PHONE_LISTS = [("contacts", "0005_phones_in_contact")]


@pytest.mark.django_db(transaction=True)
def test_phones_move_into_the_contact_and_back() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(PHONE_ROWS)
    old = executor.loader.project_state(PHONE_ROWS).apps
    database = old.get_model("contacts", "ContactDatabase").objects.create(name="Old")
    contact_model = old.get_model("contacts", "Contact")
    ana = contact_model.objects.create(database=database)
    luis = contact_model.objects.create(database=database)
    phone = old.get_model("contacts", "ContactPhone")
    # Positions written out of order: the list follows the positions, not the insertion.
    phone.objects.create(contact=ana, database=database, number="+5493516219388", position=1)
    phone.objects.create(contact=ana, database=database, number="+5493516219387", position=0)
    phone.objects.create(contact=luis, database=database, number="+34911234567", position=0)

    executor = MigrationExecutor(connection)
    executor.migrate(PHONE_LISTS)
    new = executor.loader.project_state(PHONE_LISTS).apps.get_model("contacts", "Contact")
    assert dict(new.objects.values_list("pk", "phones")) == {
        ana.pk: ["+5493516219387", "+5493516219388"],
        luis.pk: ["+34911234567"],
    }
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [GIN])
            assert "gin (phones jsonb_path_ops)" in cursor.fetchone()[0]

    executor = MigrationExecutor(connection)
    executor.migrate(PHONE_ROWS)
    back = executor.loader.project_state(PHONE_ROWS).apps.get_model("contacts", "ContactPhone")
    assert sorted(back.objects.values_list("contact_id", "position", "number")) == [
        (ana.pk, 0, "+5493516219387"),
        (ana.pk, 1, "+5493516219388"),
        (luis.pk, 0, "+34911234567"),
    ]
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
