import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from cadencia.accounts.tests.factories import UserFactory
from cadencia.core.models import ChangeLogEntry
from cadencia.projects.models import Membership, Project, SecuritySettings
from cadencia.projects.services import project_create, security_mode_set, security_settings_get
from cadencia.resources.tests.factories import ScheduleFactory

pytestmark = pytest.mark.django_db


def test_installation_starts_simplified_and_everyone_sees_everything(
    client: Client, demo_users: dict[str, object]
) -> None:
    assert not security_settings_get().enhanced
    ScheduleFactory.create(name="Orphan hours")
    client.force_login(demo_users["supervisor"])  # type: ignore[arg-type]
    assert "Orphan hours" in client.get(reverse("resources:schedule_list")).content.decode()
    # no project pages in simplified mode
    response = client.get(reverse("projects:list"))
    assert response.status_code in (302, 403)


def test_switching_to_enhanced_puts_everything_in_default(demo_users: dict[str, object]) -> None:
    orphan_user = UserFactory.create()
    Membership.objects.filter(user=orphan_user).delete()
    orphan = ScheduleFactory.create(name="Orphan")
    security_mode_set(mode="enhanced")
    default = Project.objects.get(name="Default")
    assert security_settings_get().default_project == default
    assert Membership.objects.filter(user=orphan_user, project=default).exists()
    assert orphan.project_ids() == [default.pk]
    assert security_settings_get().enhanced


def test_switching_back_is_refused_with_several_projects() -> None:
    security_mode_set(mode="enhanced")
    project_create(name="Second")
    with pytest.raises(ValidationError) as excinfo:
        security_mode_set(mode="simplified")
    assert "single project" in str(excinfo.value)
    assert security_settings_get().enhanced


@pytest.mark.covers("projects:security")
def test_switch_through_the_page_is_logged(client: Client, demo_users: dict[str, object]) -> None:
    client.force_login(demo_users["admin"])  # type: ignore[arg-type]
    response = client.post(reverse("projects:security"), {"mode": "enhanced"}, follow=True)
    assert "The security mode was saved." in response.content.decode()
    entry = ChangeLogEntry.objects.filter(content_type__model="securitysettings").first()
    assert entry is not None and entry.actor == demo_users["admin"] and entry.source == "web"
    project_create(name="Second")
    response = client.post(reverse("projects:security"), {"mode": "simplified"})
    assert response.status_code == 400
    assert "Simplified security needs a single project" in response.content.decode()


@pytest.mark.parametrize("mode", ["", "paranoid", "x" * 500])
def test_unknown_mode_is_refused(client: Client, demo_users: dict[str, object], mode: str) -> None:
    client.force_login(demo_users["admin"])  # type: ignore[arg-type]
    response = client.post(reverse("projects:security"), {"mode": mode})
    assert response.status_code == 400
    assert response.context["form"].errors["mode"]
    assert SecuritySettings.objects.get().mode == "simplified"


@pytest.mark.covers("security-list")
def test_security_mode_api(demo_users: dict[str, object]) -> None:
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=demo_users["admin"])  # type: ignore[misc]
    api = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/security/").json()["mode"] == "simplified"
    response = api.post("/api/v1/security/", {"mode": "enhanced"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["mode"] == "enhanced"
    agent_token = Token.objects.create(user=demo_users["agent"])  # type: ignore[misc]
    agent = Client(HTTP_AUTHORIZATION=f"Token {agent_token.key}")
    assert agent.post("/api/v1/security/", {"mode": "simplified"}).status_code == 403
