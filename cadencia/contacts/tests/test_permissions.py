"""Generated permission matrix for contact databases."""

from typing import Any

from cadencia.contacts.models import ContactDatabase
from cadencia.contacts.tests.factories import ContactDatabaseFactory
from cadencia.projects.models import Project
from cadencia.projects.testing import OwnedModelSpec, owned_model_tests


def database_data(projects: list[Project]) -> dict[str, Any]:
    return {"name": "Deudores", "default_region": "AR", "projects": [p.pk for p in projects]}


TestContactDatabasePermissions = owned_model_tests(
    OwnedModelSpec(
        model=ContactDatabase,
        factory=ContactDatabaseFactory,
        url_prefix="contacts:database",
        api_basename="contactdatabase",
        form_data=database_data,
        api_data=database_data,
    )
)
