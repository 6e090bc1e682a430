from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from cadencia.core.models import WorkerHeartbeat
from cadencia.core.services import worker_heartbeat_record

pytestmark = pytest.mark.django_db


def _beat(seconds_ago: int = 0) -> None:
    worker_heartbeat_record(
        worker_id="w1", hostname="host", pid=1, started_at=timezone.now() - timedelta(hours=1)
    )
    WorkerHeartbeat.objects.update(last_seen=timezone.now() - timedelta(seconds=seconds_ago))


def test_healthz_ok_with_database_channel_layer_and_recent_worker(client: Client) -> None:
    _beat()
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["version"]
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["channel_layer"]["ok"] is True
    assert body["checks"]["task_queue"] == {
        "ok": True,
        "workers": 1,
        "last_seen": WorkerHeartbeat.objects.get().last_seen.isoformat(),
        "ready_tasks": 0,
    }


def test_healthz_503_when_no_worker_was_seen_recently(client: Client, settings: Any) -> None:
    settings.WORKER_STALE_AFTER_SECONDS = 60
    _beat(seconds_ago=120)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["task_queue"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True


def test_healthz_503_when_channel_layer_is_unreachable(client: Client, settings: Any) -> None:
    _beat()
    # Port 9 (discard) has no Redis listening: a real connection failure, no mock.
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": ["redis://127.0.0.1:9/0"]},
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    check = response.json()["checks"]["channel_layer"]
    assert check["ok"] is False
    assert check["backend"] == "RedisChannelLayer"


def test_healthz_reports_waiting_tasks(client: Client) -> None:
    from cadencia.core.tests.sample_tasks import workers_alive

    _beat()
    workers_alive.enqueue()
    assert client.get("/healthz").json()["checks"]["task_queue"]["ready_tasks"] == 1


def test_healthz_only_answers_get(client: Client) -> None:
    assert client.post("/healthz").status_code == 405
