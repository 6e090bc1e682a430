import factory

from cadencia.contacts.models import ContactDatabase
from cadencia.resources.tests.factories import _MultiProjectFactory


class ContactDatabaseFactory(_MultiProjectFactory):
    class Meta:
        model = ContactDatabase

    name = factory.Sequence(lambda n: f"Contacts {n}")
    default_region = "AR"
