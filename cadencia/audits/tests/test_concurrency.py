"""Two auditors deciding the same item at the same moment, in two database sessions: one
decision is kept, the other is told who decided and writes nothing."""

import threading
from typing import Any

import pytest
from django.db import connection

from cadencia.audits.models import AuditItem
from cadencia.audits.services import AuditConflict, DecisionData, item_decide
from cadencia.audits.tests.world import AuditWorld
from cadencia.core.scoping import scopes_disabled


@pytest.mark.django_db(transaction=True)
def test_two_auditors_at_once_one_decision_is_kept(world: AuditWorld, committed: Any) -> None:
    item = world.item(committed)
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def decide(auditor: Any, decision: str) -> None:
        try:
            with scopes_disabled():
                start.wait(timeout=10)
                item_decide(
                    auditor=auditor,
                    item=AuditItem.objects.get(pk=item.pk),
                    data=DecisionData(decision=decision, version=1, note="Seen"),
                )
            outcomes[auditor.username] = "decided"
        except AuditConflict as exc:
            outcomes[auditor.username] = exc.messages[0]
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(world.auditor, "approve")),
        threading.Thread(target=decide, args=(world.auditor_2, "reject")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["auditor", "auditor_2"]
    assert list(outcomes.values()).count("decided") == 1
    winner = next(name for name, outcome in outcomes.items() if outcome == "decided")
    loser = next(outcome for outcome in outcomes.values() if outcome != "decided")
    assert f"{winner} changed this item" in loser and "nothing was overwritten" in loser
    item.refresh_from_db()
    assert item.version == 2 and item.auditor is not None and item.auditor.username == winner
    assert item.entries.filter(kind="decided").count() == 1
