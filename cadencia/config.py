"""Pure functions that turn environment values into Django settings.

Kept apart from ``settings.py`` so they can be tested with any environment without
re-importing the settings module.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def database_options(config: dict[str, Any], parallel_workers: int = 0) -> dict[str, Any]:
    """Add the engine-specific options every Cadencia database needs.

    ``parallel_workers``: PostgreSQL's parallel workers per query. None by default: a page
    reads fifty rows, and starting workers for it cost 20-30 ms (a search page's whole budget
    at the database was 5 ms without them); on a busy server they take the cores other
    requests need."""
    config = dict(config)
    options = dict(config.get("OPTIONS", {}))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets the web server read while the task worker writes; IMMEDIATE transactions
        # take the write lock up front so concurrent writers wait instead of failing.
        options.setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
        options.setdefault("transaction_mode", "IMMEDIATE")
        options.setdefault("timeout", 20)
    else:
        config.setdefault("CONN_MAX_AGE", 60)
        config.setdefault("CONN_HEALTH_CHECKS", True)
        options.setdefault("options", f"-c max_parallel_workers_per_gather={int(parallel_workers)}")
    config["OPTIONS"] = options
    return config


def channel_layers(redis_url: str) -> dict[str, Any]:
    if redis_url:
        return {
            "default": {
                "BACKEND": "channels_redis.core.RedisChannelLayer",
                "CONFIG": {"hosts": [redis_url]},
            }
        }
    return {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


def caches(redis_url: str, var_dir: Path | None = None) -> dict[str, Any]:
    """``default`` for caching; ``shared`` for state the web processes and the task workers
    must all see (progress of background work): Redis when given, else files in ``var/``."""
    if redis_url:
        redis = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "cadencia",
        }
        return {"default": redis, "shared": {**redis, "KEY_PREFIX": "cadencia-shared"}}
    return {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "shared": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str((var_dir or Path("var")) / "shared-cache"),
        },
    }


def storages(bucket: str, media_root: Path, static_root: Path) -> dict[str, Any]:
    """Local files by default; an S3-compatible bucket when ``bucket`` is set."""
    default: dict[str, Any]
    if bucket:
        default = {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": bucket, "file_overwrite": False},
        }
    else:
        default = {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(media_root)},
        }
    return {
        "default": default,
        "staticfiles": {"BACKEND": "servestatic.storage.CompressedManifestStaticFilesStorage"},
    }


def secret_key(value: str, key_file: Path) -> str:
    """Use SECRET_KEY when given; otherwise a random key kept in ``var/`` across restarts."""
    if value:
        return value
    if key_file.exists():
        return key_file.read_text().strip()
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key
