"""Meta-tests: every project-owned model and every URL route has permission coverage.

A new model or route fails here until it gets generated tests (``core.testing``), a pointer to the
test module that covers it, or an exemption with a reason.
"""

from pathlib import Path

from django.conf import settings

# Importing the modules registers their generated specs.
from cadencia.contacts.tests import test_permissions as _contacts  # noqa: F401
from cadencia.core.ownership import project_owned_models
from cadencia.core.routes import route_names
from cadencia.core.testing import SPECS, WEB_PAGES
from cadencia.resources.tests import test_permissions as _resources  # noqa: F401

ROOT = Path(settings.BASE_DIR)

# model label → reason it has no generated spec
OWNED_MODEL_EXEMPTIONS: dict[str, str] = {}

# route name → (test module, text in it that exercises the route)
COVERED_ELSEWHERE: dict[str, tuple[str, str]] = {
    "accounts:login": ("cadencia/accounts/tests/test_login.py", "LOGIN = "),
    "accounts:logout": ("cadencia/accounts/tests/test_login.py", "/accounts/logout/"),
    "accounts:password_change": ("cadencia/accounts/tests/test_login.py", "/accounts/password/"),
    "accounts:preferences": (
        "cadencia/accounts/tests/test_preferences.py",
        "/accounts/preferences/",
    ),
    "accounts:language_set": ("cadencia/accounts/tests/test_preferences.py", "/accounts/language/"),
    "accounts:user_list": ("cadencia/accounts/tests/test_roles.py", "/accounts/users/"),
    "accounts:role_list": ("cadencia/accounts/tests/test_role_pages.py", "accounts:role_list"),
    "accounts:role_add": ("cadencia/accounts/tests/test_role_pages.py", "accounts:role_add"),
    "accounts:role_edit": ("cadencia/accounts/tests/test_role_pages.py", "accounts:role_edit"),
    "role-list": ("cadencia/accounts/tests/test_role_pages.py", '"/api/v1/roles/"'),
    "role-detail": ("cadencia/accounts/tests/test_role_pages.py", "/api/v1/roles/{role_id}/"),
    "core:home": ("cadencia/core/tests/test_navigation.py", 'client.get("/")'),
    "core:changelog": ("cadencia/core/tests/test_changelog.py", "core:changelog"),
    "changelog-list": ("cadencia/core/tests/test_changelog.py", '"/api/v1/changelog/"'),
    "changelog-detail": ("cadencia/core/tests/test_changelog.py", "/api/v1/changelog/{entry.pk}/"),
    "projects:list": ("cadencia/projects/tests/test_project_pages.py", "projects:list"),
    "projects:add": ("cadencia/projects/tests/test_project_pages.py", "projects:add"),
    "projects:detail": ("cadencia/projects/tests/test_project_pages.py", "projects:detail"),
    "projects:edit": ("cadencia/projects/tests/test_project_pages.py", "projects:edit"),
    "projects:delete": ("cadencia/projects/tests/test_project_pages.py", "projects:delete"),
    "projects:changelog": ("cadencia/projects/tests/test_project_pages.py", "projects:changelog"),
    "projects:member_add": ("cadencia/projects/tests/test_project_pages.py", "projects:member_add"),
    "projects:member_remove": (
        "cadencia/projects/tests/test_project_pages.py",
        "projects:member_remove",
    ),
    "projects:object_add": ("cadencia/projects/tests/test_project_pages.py", "projects:object_add"),
    "projects:object_remove": (
        "cadencia/projects/tests/test_project_pages.py",
        "projects:object_remove",
    ),
    "projects:security": ("cadencia/projects/tests/test_security_mode.py", "projects:security"),
    "project-list": ("cadencia/projects/tests/test_project_pages.py", "project-list"),
    "project-detail": ("cadencia/projects/tests/test_project_pages.py", "project-detail"),
    "membership-list": ("cadencia/projects/tests/test_project_pages.py", "membership-list"),
    "membership-detail": ("cadencia/projects/tests/test_project_pages.py", "membership-detail"),
    "security-list": ("cadencia/projects/tests/test_security_mode.py", "/api/v1/security/"),
    "api-schema": ("cadencia/core/tests/test_entry_points.py", "/api/schema/"),
    "api-docs": ("cadencia/core/tests/test_entry_points.py", "/api/docs/"),
    "api-token": ("cadencia/core/tests/test_entry_points.py", "/api/v1/token/"),
    "contacts:contact_list": ("cadencia/contacts/tests/test_contacts.py", "contacts:contact_list"),
    "contacts:contact_export": (
        "cadencia/contacts/tests/test_contacts.py",
        "contacts:contact_export",
    ),
    "contacts:contact_detail": (
        "cadencia/contacts/tests/test_contacts.py",
        "contacts:contact_detail",
    ),
    "contacts:contact_edit": ("cadencia/contacts/tests/test_contacts.py", "contacts:contact_edit"),
    "contacts:contact_delete": (
        "cadencia/contacts/tests/test_contacts.py",
        "contacts:contact_delete",
    ),
    "contacts:contact_add": ("cadencia/contacts/tests/test_contacts.py", "contacts:contact_add"),
    "contact-list": ("cadencia/contacts/tests/test_contacts.py", '"/api/v1/contacts/"'),
    "contact-detail": ("cadencia/contacts/tests/test_contacts.py", "/api/v1/contacts/{world"),
    "contact-lookup": ("cadencia/contacts/tests/test_contacts.py", "/api/v1/contacts/lookup/"),
    **{
        f"contactimport-{name}": ("cadencia/contacts/tests/test_import_api.py", marker)
        for name, marker in [
            ("list", '"/api/v1/contact-imports/"'),
            ("detail", "/api/v1/contact-imports/{import_id}/"),
            ("upload", "/api/v1/contact-imports/upload/"),
            ("create-import", "/api/v1/contact-imports/create/"),
            ("start", "/api/v1/contact-imports/{import_id}/start/"),
            ("cancel", "/api/v1/contact-imports/{import_id}/cancel/"),
        ]
    },
    **{
        f"contacts:import_{name}": (
            "cadencia/contacts/tests/test_import_pages.py",
            f"contacts:import_{name}",
        )
        for name in ("upload", "mapping", "detail", "start", "cancel")
    },
}

# route name (or prefix ending in ":") → reason it needs no permission matrix
EXEMPT_ROUTES: dict[str, str] = {
    "admin:": "Django admin: staff-only, with Django's own per-model permission checks",
    "core:healthz": "public health probe for load balancers; returns no data",
    "api-root": "DRF's browsable index of the API routes; lists URLs only",
}


def _generated_routes() -> set[str]:
    names: set[str] = set()
    for spec in SPECS.values():
        names |= {f"{spec.url_prefix}_{page}" for page in WEB_PAGES}
        names |= {f"{spec.api_basename}-list", f"{spec.api_basename}-detail"}
    return names


def _exempt(name: str) -> bool:
    return any(name == key or (key.endswith(":") and name.startswith(key)) for key in EXEMPT_ROUTES)


def test_every_project_owned_model_has_generated_permission_tests() -> None:
    missing = [
        model._meta.label
        for model in project_owned_models()
        if model not in SPECS and model._meta.label not in OWNED_MODEL_EXEMPTIONS
    ]
    assert missing == [], f"add owned_model_tests(...) for: {missing}"


def test_every_route_is_covered_or_exempt() -> None:
    covered = _generated_routes() | set(COVERED_ELSEWHERE)
    missing = sorted(name for name in route_names() if name not in covered and not _exempt(name))
    assert missing == [], f"routes without permission tests: {missing}"


def test_pointers_name_real_tests() -> None:
    for name, (module, marker) in COVERED_ELSEWHERE.items():
        text = (ROOT / module).read_text()
        assert marker in text, f"{name}: {module} does not contain {marker!r}"
    assert set(COVERED_ELSEWHERE) <= route_names(), "a pointer names a route that is gone"
