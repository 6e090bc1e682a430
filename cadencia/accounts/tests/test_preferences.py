import pytest
from django.conf import settings
from django.test import Client

from cadencia.accounts.models import User
from cadencia.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.covers("accounts:language_set")
def test_language_switch_is_saved_for_the_user(client: Client) -> None:
    user = UserFactory.create(language="")
    client.force_login(user)
    response = client.post("/accounts/language/", {"language": "es", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert User.objects.get(pk=user.pk).language == "es"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    # A new session (another browser) gets the saved language too.
    other = Client()
    other.force_login(user)
    body = other.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Bienvenido/a" in body
    assert 'lang="es"' in body


def test_anonymous_language_switch_sets_cookie_only(client: Client) -> None:
    response = client.post("/accounts/language/", {"language": "es", "next": "/accounts/login/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert "Iniciar sesión en Cadencia" in client.get("/accounts/login/").content.decode()


@pytest.mark.parametrize("language", ["", "fr", "x" * 300, "../../etc"])
def test_unknown_language_changes_nothing(client: Client, language: str) -> None:
    user = UserFactory.create(language="en")
    client.force_login(user)
    response = client.post("/accounts/language/", {"language": language})
    assert response.status_code == 302
    assert User.objects.get(pk=user.pk).language == "en"


def test_language_switch_refuses_foreign_redirects(client: Client) -> None:
    response = client.post(
        "/accounts/language/", {"language": "es", "next": "https://evil.example.com/"}
    )
    assert response["Location"] == "/"


def test_language_switch_requires_post(client: Client) -> None:
    assert client.get("/accounts/language/").status_code == 405


@pytest.mark.covers("accounts:preferences")
def test_time_zone_preference_applies_to_pages(client: Client) -> None:
    user = UserFactory.create(time_zone="UTC")
    client.force_login(user)
    response = client.post(
        "/accounts/preferences/",
        {"language": "es", "time_zone": "America/Argentina/Cordoba"},
        follow=True,
    )
    assert "Sus preferencias se guardaron." in response.content.decode()
    user.refresh_from_db()
    assert (user.language, user.time_zone) == ("es", "America/Argentina/Cordoba")
    home = client.get("/").content.decode()
    assert "America/Argentina/Cordoba" in home


@pytest.mark.parametrize("time_zone", ["", "Mars/Olympus", "x" * 1000])
def test_invalid_time_zone_is_refused_with_field_error(client: Client, time_zone: str) -> None:
    user = UserFactory.create(time_zone="UTC")
    client.force_login(user)
    response = client.post("/accounts/preferences/", {"language": "", "time_zone": time_zone})
    assert response.status_code == 400
    assert response.context["form"].errors["time_zone"]
    assert User.objects.get(pk=user.pk).time_zone == "UTC"
