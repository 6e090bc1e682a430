"""Generated permission matrix for the CRM's configuration objects."""

from typing import Any

from cadencia.crm.models import ActionType
from cadencia.crm.tests.factories import ActionTypeFactory
from cadencia.projects.models import Project
from cadencia.projects.testing import OwnedModelSpec, owned_model_tests


def action_type_data(projects: list[Project]) -> dict[str, Any]:
    return {"name": "Reporte CC", "project": projects[0].pk}


TestActionTypePermissions = owned_model_tests(
    OwnedModelSpec(
        model=ActionType,
        factory=ActionTypeFactory,
        url_prefix="crm:actiontype",
        api_basename="actiontype",
        form_data=action_type_data,
        api_data=action_type_data,
    )
)
