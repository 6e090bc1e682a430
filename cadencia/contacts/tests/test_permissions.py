"""Generated permission matrix for contact databases."""

from typing import Any

from cadencia.contacts.models import Company, ContactDatabase
from cadencia.contacts.tests.factories import CompanyFactory, ContactDatabaseFactory
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


def company_data(projects: list[Project]) -> dict[str, Any]:
    return {
        "name": "Acme",
        "tax_id": "30-1",
        "phones": "3515550000",
        "email": "info@acme.test",
        "address": "",
        "notes": "",
        "projects": [p.pk for p in projects],
    }


TestCompanyPermissions = owned_model_tests(
    OwnedModelSpec(
        model=Company,
        factory=CompanyFactory,
        url_prefix="contacts:company",
        api_basename="company",
        form_data=company_data,
        api_data=company_data,
    )
)
