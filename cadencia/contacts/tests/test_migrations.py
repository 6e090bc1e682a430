"""The hand-written migration of ContactPhone to a (contact, position) key keeps every phone."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("contacts", "0003_import_existing")]
AFTER = [("contacts", "0004_phone_key")]


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
