"""The console's small contact center with auditors: two in project A, one in project B."""

from __future__ import annotations

from typing import Any

from cadencia.audits.models import AuditItem
from cadencia.console.models import Disposition
from cadencia.console.services.dispositions import DispositionData, disposition_submit
from cadencia.console.tests.world import ConsoleWorld
from cadencia.projects.testing import permissions_named

AUDITOR_PERMISSIONS = ("audits.audit_dispositions", "campaigns.view_campaign")
SALE = {"product": "A", "amount": "12"}


class AuditWorld(ConsoleWorld):
    def __init__(self) -> None:
        super().__init__()
        self.auditor = self.add_user("auditor", self.a, permissions_named(*AUDITOR_PERMISSIONS))
        self.auditor_2 = self.add_user("auditor_2", self.a, permissions_named(*AUDITOR_PERMISSIONS))
        self.auditor_b = self.add_user("auditor_b", self.b, permissions_named(*AUDITOR_PERMISSIONS))

    def option(self, name: str) -> Any:
        return self.manual.options.get(name=name)

    def managed(
        self, committed: Any, contact: Any = None, option: str = "Sale", answers: Any = None
    ) -> Disposition:
        """A call to ``contact`` (Ana) dispositioned by the agent; a management by default."""
        call = self.ended_call(committed, contact or self.ana)
        with committed():
            return disposition_submit(
                agent=self.agent,
                calls=[call],
                data=DispositionData(
                    option=self.option(option),
                    answers=dict(SALE if answers is None else answers) if option == "Sale" else {},
                    callback_at=None,
                ),
            )

    def item(self, committed: Any, contact: Any = None) -> AuditItem:
        return AuditItem.objects.get(disposition=self.managed(committed, contact))
