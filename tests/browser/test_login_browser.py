"""Browser tests in Debian's Chromium: sign-in, role menus, errors, lock-out, Spanish."""

import re
from typing import Any

import pytest

from cadencia.accounts.demo import DEMO_USERS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CRM = ["Tickets", "Actions", "Calendar", "Call history", "Contacts", "Companies"]
SETUP = ["Campaigns", "Contact databases"]
EXPECTED_MENU = {
    "admin": [
        "Home", "Console", "Agents live", "Audit", *CRM, *SETUP, "Action types",
        "Call charges", "Telephony", "Schedules", "Notification templates", "Users",
        "User groups", "Roles", "Change log", "Security", "Administration",
    ],
    "manager": [
        "Home", "Agents live", "Audit", *CRM, *SETUP, "Action types", "Call charges",
        "Telephony", "Schedules", "Notification templates", "Users", "User groups", "Roles",
        "Change log",
    ],
    "supervisor": [
        "Home", "Agents live", *CRM, *SETUP, "Schedules", "Notification templates", "Users",
        "User groups", "Change log",
    ],
    "auditor": ["Home", "Audit", "Campaigns"],
    "agent": ["Home", "Console", "Tickets", "Actions", "Calendar", "Call history", "Companies"],
}  # fmt: skip
# Entries and the entries of the drop-downs (CRM, Setup, People), in the menu's order.
ENTRIES = "a.nav-link:not(.dropdown-toggle), a.dropdown-item"
# Agents land on the console, supervisors on their agents, auditors on their queue; the others
# on the home page.
LANDING = {"agent": r"/console/$", "supervisor": r"/console/supervision/$", "auditor": r"/audits/$"}


def _sign_in(page: Any, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_each_demo_user_sees_only_its_roles_navigation(page: Any, demo_users: Any) -> None:
    for demo in DEMO_USERS:
        _sign_in(page, demo.username, demo.password)
        landing = LANDING.get(demo.username)
        if landing is None:
            page.wait_for_url(re.compile(r"/$"))
            assert page.get_by_test_id("welcome").is_visible()
        else:
            page.wait_for_url(re.compile(landing))
        menu = page.get_by_test_id("main-menu").locator(ENTRIES).all_text_contents()
        assert [label.strip() for label in menu] == EXPECTED_MENU[demo.username], demo.username
        assert str(demo.role.label) in page.get_by_test_id("user-menu").inner_text()
        page.get_by_test_id("user-menu").click()
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_url(re.compile(r"/accounts/login/"))


def test_wrong_password_shows_an_error(page: Any, demo_users: Any) -> None:
    _sign_in(page, "agent", "not-the-password")
    error = page.get_by_test_id("login-error")
    assert "Please enter a correct username and password" in error.inner_text()


def test_wrong_password_error_in_spanish(browser: Any, live_server: Any, demo_users: Any) -> None:
    context = browser.new_context(base_url=live_server.url, locale="es-ES")
    try:
        page = context.new_page()
        page.goto("/accounts/login/")
        page.get_by_label("Nombre de usuario").fill("agent")
        page.get_by_label("Contraseña").fill("mala")
        page.get_by_role("button", name="Iniciar sesión").click()
        error = page.get_by_test_id("login-error").inner_text()
        assert "Por favor, introduzca un nombre de usuario y clave correctos" in error
    finally:
        context.close()


def test_five_wrong_passwords_lock_the_account(page: Any, demo_users: Any) -> None:
    for _attempt in range(4):
        _sign_in(page, "supervisor", "wrong-password")
        assert page.get_by_test_id("login-error").is_visible()
    _sign_in(page, "supervisor", "wrong-password")
    assert (
        "This account is locked for 15 minutes"
        in page.get_by_test_id("lockout-message").inner_text()
    )
    # The right password no longer gets in.
    _sign_in(page, "supervisor", "cadencia-supervisor")
    assert page.get_by_test_id("lockout-message").is_visible()


def test_switching_to_spanish_translates_the_page_and_is_remembered(
    page: Any, demo_users: Any
) -> None:
    _sign_in(page, "manager", "cadencia-manager")
    page.wait_for_url(re.compile(r"/$"))
    # Choosing a language submits the form: wait for that navigation, not the current page.
    with page.expect_navigation():
        page.get_by_label("Language").select_option("es")
    assert page.locator("html").get_attribute("lang") == "es"
    assert "Bienvenido/a" in page.get_by_test_id("welcome").inner_text()
    top = page.get_by_test_id("main-menu").locator("a.nav-link").all_inner_texts()
    assert [label.strip() for label in top] == [
        "Inicio", "Agentes en vivo", "Auditoría", "CRM", "Configuración", "Personas",
    ]  # fmt: skip
    menu = page.get_by_test_id("main-menu").locator(ENTRIES).all_text_contents()
    assert [label.strip() for label in menu] == [
        "Inicio", "Agentes en vivo", "Auditoría", "Tickets", "Acciones", "Calendario",
        "Historial de llamadas", "Contactos", "Compañías", "Campañas", "Bases de contactos",
        "Tipos de acción", "Cargos de llamadas", "Telefonía", "Horarios",
        "Plantillas de notificaciones", "Usuarios", "Grupos de usuarios", "Roles",
        "Registro de cambios",
    ]  # fmt: skip
    # Saved on the user: after signing out, the login page stays in Spanish.
    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Cerrar sesión").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    assert page.get_by_role("heading", name="Iniciar sesión en Cadencia").is_visible()
