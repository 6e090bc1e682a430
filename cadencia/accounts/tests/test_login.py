import pytest
from django.test import Client
from django.urls import reverse

from cadencia.accounts.models import User
from cadencia.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


@pytest.mark.covers("accounts:login")
def test_login_redirects_to_home_and_hashes_with_argon2(
    client: Client, production_hashers: None
) -> None:
    user = UserFactory.create()
    assert user.password.startswith("argon2")
    response = client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("site:home")
    assert client.get("/").status_code == 200


def test_anonymous_user_is_sent_to_login(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_wrong_password_shows_error_in_english(client: Client) -> None:
    user = UserFactory.create()
    response = client.post(LOGIN, {"username": user.username, "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_wrong_password_shows_error_in_spanish(client: Client) -> None:
    user = UserFactory.create()
    response = client.post(
        LOGIN, {"username": user.username, "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="es"
    )
    body = response.content.decode()
    assert "Por favor, introduzca un nombre de usuario y clave correctos" in body
    assert "Iniciar sesión" in body


@pytest.mark.parametrize("data", [{}, {"username": "", "password": ""}, {"username": "x" * 5000}])
def test_empty_or_huge_credentials_do_not_sign_in(client: Client, data: dict[str, str]) -> None:
    response = client.post(LOGIN, data)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_fifth_wrong_password_locks_the_account(client: Client) -> None:
    user = UserFactory.create()
    for _attempt in range(4):
        response = client.post(LOGIN, {"username": user.username, "password": "wrong"})
        assert response.status_code == 200
    response = client.post(LOGIN, {"username": user.username, "password": "wrong"})
    assert response.status_code == 429
    assert "This account is locked for 15 minutes" in response.content.decode()
    # Even the right password is refused while locked, from any address.
    other = Client(REMOTE_ADDR="10.9.9.9")
    response = other.post(LOGIN, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in other.session


def test_lockout_message_is_translated(client: Client) -> None:
    user = UserFactory.create()
    for _attempt in range(5):
        response = client.post(
            LOGIN, {"username": user.username, "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="es"
        )
    assert response.status_code == 429
    assert "Esta cuenta está bloqueada durante 15 minutos" in response.content.decode()


def test_lockout_is_per_account_not_per_address(client: Client) -> None:
    locked, colleague = UserFactory.create(), UserFactory.create()
    for _attempt in range(5):
        client.post(LOGIN, {"username": locked.username, "password": "wrong"})
    response = client.post(LOGIN, {"username": colleague.username, "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.covers("accounts:logout")
def test_logout_requires_post(client: Client) -> None:
    user = UserFactory.create()
    client.force_login(user)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.covers("accounts:password_change")
def test_password_change(client: Client) -> None:
    user = UserFactory.create()
    client.force_login(user)
    response = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "another-Strong-pass-42",
            "new_password2": "another-Strong-pass-42",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("site:home")
    assert "Your password was changed." in response.content.decode()
    assert User.objects.get(pk=user.pk).check_password("another-Strong-pass-42")


def test_password_change_rejects_wrong_old_password(client: Client) -> None:
    user = UserFactory.create()
    client.force_login(user)
    response = client.post(
        "/accounts/password/",
        {"old_password": "nope", "new_password1": "x-Y-z-12345", "new_password2": "x-Y-z-12345"},
    )
    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.content.decode()
    assert User.objects.get(pk=user.pk).check_password(PASSWORD)
