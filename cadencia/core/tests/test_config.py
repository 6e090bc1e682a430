from pathlib import Path

from cadencia import config


def test_sqlite_gets_wal_and_immediate_transactions() -> None:
    result = config.database_options(
        {"ENGINE": "django.db.backends.sqlite3", "NAME": "/tmp/x.sqlite3"}
    )
    assert "journal_mode=WAL" in result["OPTIONS"]["init_command"]
    assert result["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_postgres_keeps_connections_with_health_checks() -> None:
    result = config.database_options({"ENGINE": "django.db.backends.postgresql", "NAME": "c"})
    assert result["CONN_MAX_AGE"] == 60
    assert result["CONN_HEALTH_CHECKS"] is True
    assert "init_command" not in result["OPTIONS"]
    assert result["OPTIONS"]["options"] == "-c max_parallel_workers_per_gather=0"
    chosen = config.database_options(
        {"ENGINE": "django.db.backends.postgresql", "NAME": "c"}, parallel_workers=2
    )
    assert chosen["OPTIONS"]["options"] == "-c max_parallel_workers_per_gather=2"


def test_channel_layer_and_cache_are_in_memory_without_redis() -> None:
    assert config.channel_layers("")["default"]["BACKEND"].endswith("InMemoryChannelLayer")
    assert config.caches("")["default"]["BACKEND"].endswith("LocMemCache")


def test_channel_layer_and_cache_use_redis_when_given() -> None:
    url = "redis://127.0.0.1:6379/0"
    layers = config.channel_layers(url)["default"]
    assert layers["BACKEND"] == "channels_redis.core.RedisChannelLayer"
    assert layers["CONFIG"]["hosts"] == [url]
    cache = config.caches(url)["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == url


def test_media_on_local_files_or_s3(tmp_path: Path) -> None:
    local = config.storages("", tmp_path / "media", tmp_path / "static")
    assert local["default"]["OPTIONS"]["location"] == str(tmp_path / "media")
    s3 = config.storages("recordings", tmp_path / "media", tmp_path / "static")
    assert s3["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert s3["default"]["OPTIONS"]["bucket_name"] == "recordings"


def test_secret_key_is_generated_once_and_kept(tmp_path: Path) -> None:
    key_file = tmp_path / "var" / "secret_key"
    first = config.secret_key("", key_file)
    assert len(first) >= 50
    assert config.secret_key("", key_file) == first
    assert key_file.stat().st_mode & 0o077 == 0
    assert config.secret_key("given", key_file) == "given"
