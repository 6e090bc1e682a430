"""Checks behind /healthz. Each returns a JSON-able dict with an ``ok`` flag."""

import asyncio
import secrets
from datetime import timedelta
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cadencia.core.models import WorkerHeartbeat

CHANNEL_TIMEOUT_SECONDS = 2.0


def check_database() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return {"ok": False, "vendor": connection.vendor, "error": type(exc).__name__}
    return {"ok": True, "vendor": connection.vendor}


async def _channel_roundtrip() -> None:
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer configured")
    channel = await layer.new_channel("healthz.")
    nonce = secrets.token_hex(8)
    await layer.send(channel, {"type": "healthz.ping", "nonce": nonce})
    message = await asyncio.wait_for(layer.receive(channel), timeout=CHANNEL_TIMEOUT_SECONDS)
    if message.get("nonce") != nonce:
        raise RuntimeError("channel layer returned another message")


def check_channel_layer() -> dict[str, Any]:
    backend = settings.CHANNEL_LAYERS["default"]["BACKEND"].rsplit(".", 1)[-1]
    try:
        async_to_sync(_channel_roundtrip)()
    except Exception as exc:
        return {"ok": False, "backend": backend, "error": type(exc).__name__}
    return {"ok": True, "backend": backend}


def check_task_queue() -> dict[str, Any]:
    try:
        now = timezone.now()
        stale_before = now - timedelta(seconds=settings.WORKER_STALE_AFTER_SECONDS)
        alive = WorkerHeartbeat.objects.filter(last_seen__gte=stale_before)
        last = WorkerHeartbeat.objects.order_by("-last_seen").values_list("last_seen", flat=True)
        last_seen = last.first()
        ready = DBTaskResult.objects.ready().count()
    except Exception as exc:
        return {"ok": False, "error": type(exc).__name__}
    return {
        "ok": alive.exists(),
        "workers": alive.count(),
        "last_seen": last_seen.isoformat() if last_seen else None,
        "ready_tasks": ready,
    }
