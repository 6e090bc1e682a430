"""The console's small contact center with CRM permissions, action types and a charge rate."""

from __future__ import annotations

from decimal import Decimal

from cadencia.accounts.roles import CRM_WORK
from cadencia.campaigns.tests.factories import FormFactory
from cadencia.console.tests.world import ConsoleWorld
from cadencia.crm.models import ActionType, CrmSettings
from cadencia.projects.testing import permissions_named

REPORT_FORM = [
    {
        "key": "reason",
        "label": "Reason",
        "type": "choice",
        "required": True,
        "choices": ["Line", "Bill"],
    },
    {"key": "detail", "label": "Detail", "type": "text", "required": False},
]


class CrmWorld(ConsoleWorld):
    def __init__(self) -> None:
        super().__init__()
        for user in (self.agent, self.agent_b, self.supervisor):
            assert user.role is not None
            user.role.permissions.add(*permissions_named(*CRM_WORK))
        form = FormFactory.create(project=self.a, name="Report", fields=REPORT_FORM)
        self.report = ActionType.objects.create(project=self.a, name="Reporte CC", form=form)
        self.tutorial = ActionType.objects.create(project=self.a, name="Tutorial")
        self.tutorial_b = ActionType.objects.create(project=self.b, name="Tutorial")
        CrmSettings.objects.create(project=self.a, charge_per_second=Decimal("10"), currency="col")
        self.ana.fields = {**self.ana.fields, "correo": "ana@example.com"}
        self.ana.save()
