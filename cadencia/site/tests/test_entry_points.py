"""Scope activation at the WebSocket entry point, and the API schema and docs."""

import pytest
from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator
from channels.generic.websocket import JsonWebsocketConsumer
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from cadencia.core.scoping import active_scope
from cadencia.core.websocket import ProjectScopeMiddleware


class ScopeEcho(JsonWebsocketConsumer):
    def connect(self) -> None:
        self.accept()
        scope = active_scope()
        self.send_json({"scope": sorted(scope) if isinstance(scope, frozenset) else str(scope)})


async def _connect(user: object) -> list[dict[str, object]]:
    app = ProjectScopeMiddleware(ScopeEcho.as_asgi())
    scope = {"type": "websocket", "path": "/ws/echo/", "headers": [], "user": user}
    communicator = ApplicationCommunicator(app, scope)
    await communicator.send_input({"type": "websocket.connect"})
    messages = [await communicator.receive_output(5), await communicator.receive_output(5)]
    await communicator.send_input({"type": "websocket.disconnect", "code": 1000})
    await communicator.wait(5)
    return messages


@pytest.mark.django_db(transaction=True)
def test_websocket_connection_gets_the_users_scope() -> None:
    from cadencia.accounts.tests.factories import UserFactory
    from cadencia.projects.models import Membership, Project
    from cadencia.projects.services import security_mode_set

    accepted, sent = async_to_sync(_connect)(AnonymousUser())
    assert accepted["type"] == "websocket.accept"
    assert sent["text"] == '{"scope": []}'
    security_mode_set(mode="enhanced")
    user = UserFactory.create()
    project = Project.objects.create(name="WS")
    Membership.objects.filter(user=user).delete()
    Membership.objects.create(user=user, project=project)
    _accepted, sent = async_to_sync(_connect)(user)
    assert sent["text"] == f'{{"scope": [{project.pk}]}}'


@pytest.mark.covers("api-docs", "api-schema")
@pytest.mark.django_db
def test_openapi_schema_and_local_docs() -> None:
    client = Client()
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    text = schema.content.decode()
    for path in ("/api/v1/projects/", "/api/v1/schedules/", "/api/v1/changelog/", "/api/v1/roles/"):
        assert path in text
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs
    assert "cdn" not in docs.lower()
    assert "/static/drf_spectacular_sidecar/" in docs


@pytest.mark.covers("api-token")
@pytest.mark.django_db
def test_api_token_then_token_requests_are_logged_as_api(demo_users: dict[str, object]) -> None:
    client = Client()
    response = client.post("/api/v1/token/", {"username": "admin", "password": "cadencia-admin"})
    assert response.status_code == 200
    token = response.json()["token"]
    api = Client(HTTP_AUTHORIZATION=f"Token {token}")
    response = api.post(
        "/api/v1/notification-templates/",
        {"name": "By token", "channel": "sms", "body": "Hola"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    from cadencia.core.models import ChangeLogEntry

    entry = ChangeLogEntry.objects.get(object_repr="By token", action=0)
    assert entry.source == "api" and entry.actor == demo_users["admin"]
    wrong = client.post("/api/v1/token/", {"username": "admin", "password": "nope"})
    assert wrong.status_code == 400
