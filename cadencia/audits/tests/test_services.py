"""The audit's transitions, legal and illegal, its history, claims and scorecards."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cadencia.audits.choices import AuditStatus, EntryKind
from cadencia.audits.models import AuditEntry, AuditItem
from cadencia.audits.services import (
    AuditConflict,
    CriterionData,
    DecisionData,
    item_claim,
    item_decide,
    item_redo,
    item_release,
    scorecard_save,
)
from cadencia.audits.tests.world import AuditWorld
from cadencia.console.choices import DispositionStatus
from cadencia.console.models import Disposition
from cadencia.console.services.dispositions import DispositionData
from cadencia.core.events import capture_events
from cadencia.core.scoping import project_scope


def decide(world: AuditWorld, item: AuditItem, decision: str, note: str = "", **kw: Any) -> Any:
    item.refresh_from_db()
    return item_decide(
        auditor=kw.pop("auditor", world.auditor),
        item=item,
        data=DecisionData(
            decision=decision, version=kw.pop("version", item.version), note=note, **kw
        ),
    )


def redo(world: AuditWorld, item: AuditItem, answers: Any = None, **kw: Any) -> AuditItem:
    item.refresh_from_db()
    return item_redo(
        agent=kw.pop("agent", world.agent),
        item=item,
        version=item.version,
        data=DispositionData(
            option=kw.pop("option", world.option("Sale")),
            answers=answers or {"product": "B", "amount": "3"},
            notes="Fixed the product",
        ),
        **kw,
    )


def test_only_management_dispositions_enter_the_queue_as_pending(
    world: AuditWorld, committed: Any
) -> None:
    with capture_events() as events:
        sale = world.managed(committed)
    world.managed(committed, world.luis, option="No interest")
    item = AuditItem.objects.get()
    assert item.disposition == sale and item.status == AuditStatus.PENDING
    assert (item.campaign, item.agent, item.contact) == (world.manual, world.agent, world.ana)
    assert item.managed_at == sale.created_at and item.version == 1
    entry = item.entries.get()
    assert (entry.kind, entry.from_status, entry.to_status) == ("opened", "", "pending")
    changed = [e for e in events if e.event.TYPE == "audit.changed"]
    assert changed[0].permission == "audits.audit_dispositions"
    assert changed[0].project_ids == (world.a.pk,) and changed[0].user_ids == (world.agent.pk,)


def test_approve_reject_observe_and_their_history(world: AuditWorld, committed: Any) -> None:
    approved, rejected, observed = (
        world.item(committed, c) for c in (world.ana, world.luis, world.ana_too)
    )
    decide(world, approved, "approve")
    with pytest.raises(ValidationError) as error:
        decide(world, rejected, "reject")
    assert "note" in error.value.message_dict
    decide(world, rejected, "reject", "Wrong product")
    with pytest.raises(ValidationError) as error:
        decide(world, observed, "observe", "   ")
    assert "note" in error.value.message_dict
    decide(world, observed, "observe", "Ask for the amount")
    for item, status, note in (
        (approved, "approved", ""),
        (rejected, "rejected", "Wrong product"),
        (observed, "observed", "Ask for the amount"),
    ):
        item.refresh_from_db()
        assert (item.status, item.note, item.auditor, item.version) == (
            status,
            note,
            world.auditor,
            2,
        )
        last = item.entries.last()
        assert last is not None
        assert (last.kind, last.actor, last.from_status, last.to_status, last.note) == (
            "decided",
            world.auditor,
            "pending",
            status,
            note,
        )


def test_a_decided_item_cannot_be_decided_again(world: AuditWorld, committed: Any) -> None:
    item = world.item(committed)
    decide(world, item, "approve")
    for decision in ("approve", "reject", "observe"):
        with pytest.raises(ValidationError, match="approved: there is nothing to decide"):
            decide(world, item, decision, "note")
    with pytest.raises(ValidationError):
        decide(world, item, "promote")
    assert item.entries.count() == 2


def test_the_second_of_two_auditors_is_told_who_decided_and_changes_nothing(
    world: AuditWorld, committed: Any
) -> None:
    item = world.item(committed)
    read_by_both = item.version
    decide(world, item, "approve", version=read_by_both)
    with pytest.raises(AuditConflict, match="auditor changed this item") as error:
        decide(world, item, "reject", "No", auditor=world.auditor_2, version=read_by_both)
    assert error.value.code == "conflict"
    item.refresh_from_db()
    assert (item.status, item.auditor, item.version) == ("approved", world.auditor, 2)


def test_observed_item_is_redone_by_its_agent_and_decided_again(
    world: AuditWorld, committed: Any
) -> None:
    item = world.item(committed)
    first = item.disposition
    decide(world, item, "observe", "Ask for the amount")
    later = world.ended_call(committed, world.ana)
    with committed(), capture_events() as events:
        redo(world, item, calls=[later])
    item.refresh_from_db()
    assert item.status == AuditStatus.RESUBMITTED and item.version == 3
    revised = item.disposition
    assert revised.revises == first and revised.answers == {"product": "B", "amount": 3}
    assert revised.is_current and not Disposition.objects.get(pk=first.pk).is_current
    assert set(revised.calls.all()) == {*first.calls.all(), later}
    later.refresh_from_db()
    assert later.disposition_status == DispositionStatus.DONE
    entry = item.entries.last()
    assert entry is not None
    assert (entry.kind, entry.actor, entry.to_status, entry.disposition) == (
        EntryKind.REDONE,
        world.agent,
        "resubmitted",
        revised,
    )
    assert [e.event.payload()["status"] for e in events if e.event.TYPE == "audit.changed"] == [
        "resubmitted"
    ]
    decide(world, item, "observe", "Still missing")
    redo(world, item)
    decide(world, item, "approve")
    item.refresh_from_db()
    assert item.status == "approved"
    assert [(e.from_status, e.to_status) for e in item.entries.all()] == [
        ("", "pending"),
        ("pending", "observed"),
        ("observed", "resubmitted"),
        ("resubmitted", "observed"),
        ("observed", "resubmitted"),
        ("resubmitted", "approved"),
    ]


def test_only_the_agent_redoes_only_an_observed_item(world: AuditWorld, committed: Any) -> None:
    item = world.item(committed)
    with pytest.raises(ValidationError, match="Only an observed management"):
        redo(world, item)
    decide(world, item, "observe", "Check")
    with pytest.raises(ValidationError, match="not your management"):
        redo(world, item, agent=world.agent_b)
    with pytest.raises(ValidationError, match="management disposition"):
        redo(world, item, option=world.option("No interest"))
    with pytest.raises(ValidationError) as error:
        redo(world, item, answers={"product": "Z"})
    assert "product" in error.value.message_dict
    item.refresh_from_db()
    assert item.status == "observed" and item.version == 2
    assert Disposition.objects.count() == 1


def test_the_history_is_never_rewritten(world: AuditWorld, committed: Any) -> None:
    entry = world.item(committed).entries.get()
    entry.note = "changed"
    with pytest.raises(ValueError, match="never changed"):
        entry.save()


def test_an_auditor_of_another_project_sees_no_item(world: AuditWorld, committed: Any) -> None:
    world.item(committed)
    with project_scope([world.b]):
        assert not AuditItem.objects.exists()
        assert not AuditEntry.objects.exists()
    with project_scope([world.a]):
        assert AuditItem.objects.count() == 1


def test_claims_keep_other_auditors_off_until_they_expire(
    world: AuditWorld, committed: Any, settings: Any
) -> None:
    item = world.item(committed)
    item_claim(auditor=world.auditor, item=item)
    item_claim(auditor=world.auditor, item=item)  # renewing one's own claim is fine
    with pytest.raises(ValidationError, match="auditor is working on this item"):
        item_claim(auditor=world.auditor_2, item=item)
    with pytest.raises(ValidationError, match="auditor is working on this item"):
        decide(world, item, "approve", auditor=world.auditor_2)
    AuditItem.objects.filter(pk=item.pk).update(claimed_until=timezone.now() - timedelta(seconds=1))
    item_claim(auditor=world.auditor_2, item=item)
    item_release(auditor=world.auditor, item=item)  # not theirs any more: nothing happens
    item.refresh_from_db()
    assert item.claimed_by == world.auditor_2
    decide(world, item, "approve", auditor=world.auditor_2)
    item.refresh_from_db()
    assert item.claimed_by is None
    with pytest.raises(ValidationError, match="waiting for a decision"):
        item_claim(auditor=world.auditor, item=item)


def test_scorecard_scores_decisions_and_critical_failures_cannot_be_approved(
    world: AuditWorld, committed: Any
) -> None:
    greet, offer, legal = scorecard_save(
        campaign=world.manual,
        criteria=[
            CriterionData("Greets by name", 1),
            CriterionData("Offers the product", 3),
            CriterionData("Reads the legal text", 1, critical=True),
        ],
    )
    first, second, third = (
        world.item(committed, c) for c in (world.ana, world.luis, world.ana_too)
    )
    with pytest.raises(ValidationError, match="Check every criterion"):
        decide(world, first, "approve", scorecard={greet.pk: True})
    with pytest.raises(ValidationError, match="not the campaign's criteria"):
        decide(
            world,
            first,
            "approve",
            scorecard={greet.pk: True, offer.pk: True, legal.pk: True, 0: True},
        )
    decide(world, first, "approve", scorecard={greet.pk: False, offer.pk: True, legal.pk: True})
    first.refresh_from_db()
    assert first.score == Decimal("80.00")
    entry = first.entries.last()
    assert entry is not None and entry.score == Decimal("80.00")
    assert entry.scorecard[0] == {
        "criterion": "Greets by name",
        "weight": 1,
        "critical": False,
        "passed": False,
    }
    failed = {greet.pk: True, offer.pk: True, legal.pk: False}
    with pytest.raises(ValidationError, match="critical criterion failed"):
        decide(world, second, "approve", scorecard=failed)
    decide(world, second, "reject", "No legal text", scorecard=failed)
    second.refresh_from_db()
    assert second.score == Decimal("0.00")
    decide(world, third, "observe", "Check the amount")  # observing may leave it unscored
    third.refresh_from_db()
    assert third.score is None
    # Changing the checklist leaves the scored history as it was filled.
    scorecard_save(campaign=world.manual, criteria=[CriterionData("Something else", 2)])
    entry.refresh_from_db()
    assert [row["criterion"] for row in entry.scorecard] == [
        "Greets by name",
        "Offers the product",
        "Reads the legal text",
    ]


def test_scorecard_rows_are_checked_by_row(world: AuditWorld) -> None:
    with pytest.raises(ValidationError) as error:
        scorecard_save(
            campaign=world.manual,
            criteria=[
                CriterionData("Fine", 2),
                CriterionData("", 1),
                CriterionData("x" * 201, 1),
                CriterionData("Heavy", 101),
            ],
        )
    assert set(error.value.message_dict) == {"criteria.2", "criteria.3", "criteria.4"}
    assert "Row 4" in error.value.message_dict["criteria.4"][0]
    assert not world.manual.scorecard_criteria.exists()
