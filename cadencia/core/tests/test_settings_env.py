"""Settings are read from the environment: checked in fresh interpreters, as a server starts."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 20 + "-production-like-secret-key-with-enough-entropy-1234567890",
    "ALLOWED_HOSTS": "cadencia.example.com",
    "HTTPS": "true",
    "DATABASE_URL": "sqlite:////tmp/cadencia-deploy-check.sqlite3",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp://mailer:secret@mail.example.com:587/?tls=True",
}


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV}
    return subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "cadencia.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _settings(env: dict[str, str], *names: str) -> dict[str, object]:
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}, default=str))"
    )
    result = _run(["-c", code], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_is_clean_with_production_environment() -> None:
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_environment_is_applied() -> None:
    values = _settings(
        PRODUCTION_ENV, "DATABASES", "CHANNEL_LAYERS", "CACHES", "EMAIL_HOST", "ALLOWED_HOSTS"
    )
    assert values["DATABASES"]["default"]["NAME"] == "/tmp/cadencia-deploy-check.sqlite3"  # type: ignore[index]
    assert "Redis" in values["CHANNEL_LAYERS"]["default"]["BACKEND"]  # type: ignore[index]
    assert "redis" in values["CACHES"]["default"]["BACKEND"]  # type: ignore[index]
    assert values["EMAIL_HOST"] == "mail.example.com"
    assert values["ALLOWED_HOSTS"] == ["cadencia.example.com"]


def test_embedded_defaults_without_environment(tmp_path: Path) -> None:
    values = _settings(
        {"CADENCIA_VAR_DIR": str(tmp_path)}, "DATABASES", "CHANNEL_LAYERS", "CACHES", "MEDIA_ROOT"
    )
    assert values["DATABASES"]["default"]["NAME"] == str(tmp_path / "cadencia.sqlite3")  # type: ignore[index]
    assert values["CHANNEL_LAYERS"]["default"]["BACKEND"].endswith("InMemoryChannelLayer")  # type: ignore[index]
    assert values["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")  # type: ignore[index]
    assert values["MEDIA_ROOT"] == str(tmp_path / "media")
    assert (tmp_path / "secret_key").exists()
