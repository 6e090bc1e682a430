"""Regression tests for the server errors schemathesis found in the API (issue #9, point 4)."""

from typing import Any

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from cadencia.core.models import ChangeLogEntry
from cadencia.projects.models import Project
from cadencia.projects.services import security_mode_set

pytestmark = pytest.mark.django_db

HUGE = "-47327174531000696234234234234234"


@pytest.fixture
def api(demo_users: dict[str, Any]) -> Client:
    token, _created = Token.objects.get_or_create(user=demo_users["admin"])
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


@pytest.mark.covers("project-detail")
def test_deleting_an_unused_project_works_and_keeps_its_change_log(api: Client) -> None:
    security_mode_set(mode="enhanced")
    created = api.post(
        "/api/v1/projects/", {"name": "Short-lived"}, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    response = api.delete(f"/api/v1/projects/{pk}/")
    assert response.status_code == 204, response.content
    assert not Project.objects.filter(pk=pk).exists()
    log = api.get("/api/v1/changelog/", {"object_type": ""})
    assert log.status_code == 200
    entries = ChangeLogEntry.objects.filter(object_repr="Short-lived")
    assert {e.action for e in entries} == {
        ChangeLogEntry.Action.CREATE,
        ChangeLogEntry.Action.DELETE,
    }


@pytest.mark.parametrize(
    "url", ["/api/v1/schedules/", "/api/v1/notification-templates/", "/api/v1/contact-databases/"]
)
def test_list_filter_with_an_integer_beyond_64_bits_is_400(api: Client, url: str) -> None:
    response = api.get(url, {"projects": HUGE})
    assert response.status_code == 400, response.content
    assert "projects" in response.json()


@pytest.mark.parametrize("url", ["/api/v1/schedules/", "/api/v1/changelog/", "/api/v1/contacts/"])
def test_malformed_cursor_is_404_not_500(api: Client, url: str) -> None:
    response = api.get(url + "?cursor=%C3%A4%C3%A4")
    assert response.status_code == 404, response.content


def test_security_post_without_mode_is_400(api: Client) -> None:
    response = api.post("/api/v1/security/", {}, content_type="application/json")
    assert response.status_code == 400, response.content
    assert "mode" in response.json()
