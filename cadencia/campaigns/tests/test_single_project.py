"""Single-project ownership, checked in the shared save service (the first single-project
models are this app's)."""

import pytest
from django.core.exceptions import ValidationError

from cadencia.campaigns.models import PauseReason
from cadencia.projects.services import owned_object_save, security_mode_set
from cadencia.projects.testing import TwoProjects


def test_a_service_that_set_project_id_first_cannot_slip_past_the_check(db: None) -> None:
    world = TwoProjects()
    user = world.add_user("only-a", world.a)
    reason = PauseReason(name="Break", project_id=world.b.pk)
    with pytest.raises(ValidationError) as error:
        owned_object_save(obj=reason, project_ids={world.b.pk}, user=user)
    assert "project" in error.value.message_dict
    assert reason.pk is None


def test_exactly_one_project(db: None) -> None:
    world = TwoProjects()
    reason = PauseReason(name="Break")
    with pytest.raises(ValidationError) as error:
        owned_object_save(obj=reason, project_ids={world.a.pk, world.b.pk}, user=None)
    assert error.value.message_dict["project"] == ["Choose exactly one project."]


def test_simplified_mode_puts_it_in_the_implicit_project(db: None) -> None:
    security_mode_set(mode="simplified")
    reason = PauseReason(name="Break")
    owned_object_save(obj=reason, project_ids=set(), user=None)
    assert reason.project_ids() and reason.project.name == "Default"


def test_enhanced_mode_asks_for_the_project(db: None) -> None:
    TwoProjects()
    with pytest.raises(ValidationError) as error:
        owned_object_save(obj=PauseReason(name="Break"), project_ids=set(), user=None)
    assert error.value.message_dict["project"] == ["Choose a project."]
