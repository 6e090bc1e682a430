"""Run the background task worker (django-tasks database backend) with a heartbeat.

Same options as ``db_worker``; in addition the worker records a heartbeat every
WORKER_HEARTBEAT_SECONDS so /healthz can tell whether any worker is alive.
"""

import os
import socket
import threading
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from cadencia.core.services import worker_heartbeat_record, worker_heartbeat_remove


class Heartbeat(threading.Thread):
    def __init__(self, worker_id: str) -> None:
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.started_at = timezone.now()
        self.stopped = threading.Event()

    def beat(self) -> None:
        worker_heartbeat_record(
            worker_id=self.worker_id,
            hostname=socket.gethostname(),
            pid=os.getpid(),
            started_at=self.started_at,
        )

    def run(self) -> None:
        try:
            while not self.stopped.wait(settings.WORKER_HEARTBEAT_SECONDS):
                close_old_connections()
                self.beat()
        finally:
            connection.close()


class Command(DbWorkerCommand):
    help = "Run the background task worker and report its heartbeat for /healthz."

    def handle(self, *args: Any, **options: Any) -> None:
        heartbeat = Heartbeat(options["worker_id"])
        heartbeat.beat()
        heartbeat.start()
        try:
            super().handle(*args, **options)
        finally:
            heartbeat.stopped.set()
            heartbeat.join(timeout=5)
            worker_heartbeat_remove(worker_id=heartbeat.worker_id)
