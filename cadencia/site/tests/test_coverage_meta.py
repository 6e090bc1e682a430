"""Meta-tests: every project-owned model and every URL route has permission coverage.

A new model or route fails here until it gets generated tests (``projects.testing``), a test
that declares it covers the route (``@pytest.mark.covers("app:route")``), or an exemption with a
reason.
"""

from cadencia.core.routes import route_names
from cadencia.projects.ownership import project_owned_models
from cadencia.projects.testing import SPECS, WEB_PAGES
from cadencia.site.tests.coverage import declared_coverage

# Reading the declared coverage imports every test module, which registers the generated specs.
DECLARED = declared_coverage()

# model label → reason it has no generated spec
OWNED_MODEL_EXEMPTIONS: dict[str, str] = {
    "crm.Ticket": "opened with its actions from a call or a contact, not by the generic pages; "
    "isolation by UI is tested in crm/tests/test_crm.py",
    "crm.CrmSettings": "one per project (the generic matrix creates several); isolation tested "
    "in crm/tests/test_crm.py",
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
    covered = _generated_routes() | set(DECLARED)
    missing = sorted(name for name in route_names() if name not in covered and not _exempt(name))
    assert missing == [], f"routes without permission tests: {missing}"


def test_covers_markers_name_real_routes() -> None:
    gone = sorted(set(DECLARED) - route_names())
    assert gone == [], f"@pytest.mark.covers names routes that do not exist: {gone}"
