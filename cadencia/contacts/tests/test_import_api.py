"""Contact import through the REST API, with a real task worker run."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from rest_framework.authtoken.models import Token

from cadencia.contacts.models import Contact, ContactImport
from cadencia.contacts.tests.factories import ContactDatabaseFactory
from cadencia.projects.models import Project
from cadencia.projects.services import project_default, security_mode_set

CSV = b"nombre,tel,id\nAna,(0351) 15-621-9387,C1\nNadie,,C2\n"


def _api(user: Any) -> Client:
    token, _created = Token.objects.get_or_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


def _worker() -> None:
    call_command("task_worker", "--batch", "--no-startup-delay", "--no-reload", "--worker-id", "a")


@pytest.mark.covers(
    "contactimport-cancel",
    "contactimport-create-import",
    "contactimport-detail",
    "contactimport-start",
    "contactimport-upload",
)
@pytest.mark.django_db(transaction=True)
def test_upload_create_check_start(demo_users: dict[str, Any]) -> None:
    api = _api(demo_users["manager"])
    database = ContactDatabaseFactory.create(projects=[project_default()])
    response = api.post(
        "/api/v1/contact-imports/upload/",
        {"database": database.pk, "file": SimpleUploadedFile("c.csv", CSV)},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["columns"] == ["nombre", "tel", "id"]
    assert body["preview"][0] == ["Ana", "(0351) 15-621-9387", "C1"]
    response = api.post(
        "/api/v1/contact-imports/create/",
        {"upload": body["upload"], "phone_columns": ["tel"], "external_id_column": "id"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    import_id = response.json()["id"]
    _worker()
    response = api.get(f"/api/v1/contact-imports/{import_id}/")
    assert response.status_code == 200, response.content
    status = response.json()
    assert (status["status"], status["rows_valid"], status["rows_rejected"]) == ("validated", 1, 1)
    assert api.post(f"/api/v1/contact-imports/{import_id}/start/").status_code == 202
    _worker()
    assert api.get(f"/api/v1/contact-imports/{import_id}/").json()["status"] == "done"
    assert Contact.objects.get().external_id == "C1"
    cancel = api.post(f"/api/v1/contact-imports/{import_id}/cancel/")
    assert cancel.status_code == 400  # already imported
    # an upload can be used once
    again = api.post(
        "/api/v1/contact-imports/create/",
        {"upload": body["upload"], "phone_columns": ["tel"]},
        content_type="application/json",
    )
    assert again.status_code == 400


@pytest.mark.covers("contactimport-list")
@pytest.mark.django_db
def test_bad_requests(demo_users: dict[str, Any]) -> None:
    api = _api(demo_users["manager"])
    database = ContactDatabaseFactory.create(projects=[project_default()])
    empty = api.post(
        "/api/v1/contact-imports/upload/",
        {"database": database.pk, "file": SimpleUploadedFile("c.csv", b"")},
    )
    assert empty.status_code == 400
    binary = api.post(
        "/api/v1/contact-imports/upload/",
        {"database": database.pk, "file": SimpleUploadedFile("c.csv", b"\x00\x01\x02" * 50)},
    )
    assert "binary" in str(binary.json()["file"])
    upload = api.post(
        "/api/v1/contact-imports/upload/",
        {"database": database.pk, "file": SimpleUploadedFile("c.csv", CSV)},
    ).json()["upload"]
    wrong = api.post(
        "/api/v1/contact-imports/create/",
        {"upload": upload, "phone_columns": ["nope"], "duplicates": "maybe"},
        content_type="application/json",
    )
    assert wrong.status_code == 400 and "duplicates" in wrong.json()
    unknown = api.post(
        "/api/v1/contact-imports/create/",
        {"upload": upload, "phone_columns": ["nope"]},
        content_type="application/json",
    )
    assert "no column “nope”" in str(unknown.json())
    agent = _api(demo_users["agent"])
    assert agent.post("/api/v1/contact-imports/upload/", {}).status_code == 403
    assert Client().get("/api/v1/contact-imports/").status_code == 401
    assert api.get("/api/v1/contact-imports/").json()["results"] == []
    assert not ContactImport.objects.exists()


@pytest.mark.django_db
def test_another_projects_database_is_refused(demo_users: dict[str, Any]) -> None:
    security_mode_set(mode="enhanced")
    other = ContactDatabaseFactory.create(projects=[Project.objects.create(name="Other")])
    from cadencia.projects.models import Membership

    Membership.objects.filter(user=demo_users["manager"]).exclude(
        project=project_default()
    ).delete()
    response = _api(demo_users["manager"]).post(
        "/api/v1/contact-imports/upload/",
        {"database": other.pk, "file": SimpleUploadedFile("c.csv", CSV)},
    )
    assert response.status_code == 400
    assert "database" in response.json()
