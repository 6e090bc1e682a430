"""Fixtures shared by every test: demo users, and a real Chromium driven by Playwright."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ARTIFACTS = Path(__file__).resolve().parent / "var" / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # The machine has no network but the package registries: stop Chromium phoning home.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """On SQLite, test in a file database like the product does, not Django's shared-cache
    memory database: there a table written by one thread (the simulator's clock, the ASGI
    server) is *locked* for every other thread, at once and without waiting, so a page read
    during a tick fails. A file in WAL mode lets readers read and makes writers wait their
    turn (busy timeout), as in production."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        return
    database.setdefault("TEST", {})
    database["TEST"]["NAME"] = str(tmp_path_factory.getbasetemp() / "cadencia-test.sqlite3")


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing() -> Iterator[None]:
    """Argon2 costs ~150 ms of CPU per password on purpose; tests create thousands of users and
    check no password's strength, so they hash with a cheap hasher (Django's advice for test
    speed). ``production_hashers`` gives a test the configured ones back."""
    from django.test import override_settings

    override = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    override.enable()
    yield
    override.disable()


@pytest.fixture
def production_hashers(settings: Any) -> None:
    from cadencia import settings as configured

    settings.PASSWORD_HASHERS = configured.PASSWORD_HASHERS


@pytest.fixture(autouse=True, scope="session")
def _static_root() -> None:
    """ServeStatic warns on every request when STATIC_ROOT does not exist (a fresh clone has not
    run collectstatic); tests serve static files through the finders instead."""
    from django.conf import settings

    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@pytest.fixture(autouse=True)
def _plain_static_storage(settings: Any) -> None:
    """Tests render templates without running collectstatic, so skip the hashed manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """A request in another language leaves it active in the thread; each test starts afresh."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _import_dir(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Each test keeps validated import rows in its own folder, not the shared var/."""
    settings.CONTACT_IMPORT_DIR = tmp_path_factory.mktemp("imports")


@pytest.fixture(autouse=True)
def _operator_scope() -> Iterator[None]:
    """Test bodies read and write like an operator (every project). Requests made through the
    test client or the browser still get their user's scope from the middleware."""
    from cadencia.core.scoping import scopes_disabled

    with scopes_disabled():
        yield


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Any:
    """``with committed(): ...`` runs what the block defers to its commit (connector requests,
    events), as a real request would once it commits."""

    def block() -> Any:
        return django_capture_on_commit_callbacks(execute=True)

    return block


@pytest.fixture(autouse=True)
def _no_leftover_connector() -> Iterator[None]:
    """A test that configured the telephony connector leaves none behind."""
    yield
    from cadencia.telephony.connectors import reset

    reset()


@pytest.fixture
def demo_users(db: None) -> dict[str, Any]:
    from cadencia.accounts import demo

    users = demo.load()
    return {user.username: user for user in users}


def _chromium_path() -> str | None:
    for candidate in (
        os.environ.get("CHROMIUM_PATH"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = _chromium_path()
    if executable is None:
        message = "Debian's chromium is not installed (apt-get install chromium)"
        if os.environ.get("CADENCIA_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
    # test itself (fixtures, assertions) are still synchronous and safe.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _pages(browser: Any, base_url: str, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A page on ``base_url``; a screenshot is saved when the test fails."""
    context = browser.new_context(base_url=base_url, locale="en-US")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{request.node.name}.png"
        page.screenshot(path=str(path), full_page=True)
        print(f"screenshot saved: {path}")
    context.close()


@pytest.fixture
def page(browser: Any, live_server: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    yield from _pages(browser, live_server.url, request)


@pytest.fixture
def two_projects(db: None) -> Any:
    """Enhanced security with projects A and B (``cadencia.projects.testing.TwoProjects``)."""
    from cadencia.projects.testing import TwoProjects

    return TwoProjects()


@pytest.fixture
def asgi_server(transactional_db: None) -> Iterator[str]:
    """The whole ASGI application (HTTP and WebSockets) under uvicorn, in a thread of the test
    process (so it shares the test database); Django's live server speaks no WebSocket."""
    import socket
    import threading
    import time

    import uvicorn
    from channels.auth import AuthMiddlewareStack
    from channels.routing import ProtocolTypeRouter, URLRouter
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
    from django.core.asgi import get_asgi_application

    from cadencia.core.websocket import ProjectScopeMiddleware
    from cadencia.routing import websocket_urlpatterns

    application = ProtocolTypeRouter(
        {
            "http": ASGIStaticFilesHandler(get_asgi_application()),
            "websocket": AuthMiddlewareStack(
                ProjectScopeMiddleware(URLRouter(websocket_urlpatterns))
            ),
        }
    )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(application, host="127.0.0.1", port=port, lifespan="off", log_level="error")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://localhost:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def asgi_page(browser: Any, asgi_server: str, request: pytest.FixtureRequest) -> Iterator[Any]:
    yield from _pages(browser, asgi_server, request)
