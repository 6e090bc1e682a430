"""Semantic history (issue #9): a service records a workflow step with its data."""

import pytest

from cadencia.core.history import log_action, register_verb
from cadencia.core.models import ChangeLogEntry
from cadencia.resources.tests.factories import ScheduleFactory

pytestmark = pytest.mark.django_db


def test_a_step_is_logged_with_its_data_and_projects(two_projects: object) -> None:
    register_verb("tests.schedule.checked", "Schedule checked")
    schedule = ScheduleFactory.create(projects=[two_projects.a])  # type: ignore[attr-defined]
    entry = log_action(schedule, "tests.schedule.checked", hours=40, ok=True)
    stored = ChangeLogEntry.objects.get(pk=entry.pk)
    assert (stored.verb, stored.additional_data) == (
        "tests.schedule.checked",
        {"hours": 40, "ok": True},
    )
    assert stored.verb_label() == "Schedule checked"
    assert list(stored.projects.all()) == [two_projects.a]  # type: ignore[attr-defined]


def test_an_unregistered_step_is_refused(two_projects: object) -> None:
    schedule = ScheduleFactory.create(projects=[two_projects.a])  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="register it"):
        log_action(schedule, "tests.nobody.knows")
