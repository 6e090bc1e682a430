import pytest

from cadencia.contacts.models import ContactDatabase
from cadencia.contacts.tests.factories import ContactDatabaseFactory
from cadencia.projects.services import project_default


@pytest.fixture
def database(db: None) -> ContactDatabase:
    """A contact database of the default project."""
    return ContactDatabaseFactory.create(projects=[project_default()])
