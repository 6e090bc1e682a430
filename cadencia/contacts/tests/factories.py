import factory

from cadencia.contacts.models import ContactDatabase
from cadencia.projects.testing import MultiProjectFactory


class ContactDatabaseFactory(MultiProjectFactory):
    class Meta:
        model = ContactDatabase

    name = factory.Sequence(lambda n: f"Contacts {n}")
    default_region = "AR"
