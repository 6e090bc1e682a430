import factory

from cadencia.contacts.models import Company, ContactDatabase
from cadencia.projects.testing import MultiProjectFactory


class ContactDatabaseFactory(MultiProjectFactory):
    class Meta:
        model = ContactDatabase

    name = factory.Sequence(lambda n: f"Contacts {n}")
    default_region = "AR"


class CompanyFactory(MultiProjectFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Company {n}")
