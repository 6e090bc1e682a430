from datetime import datetime

from django.utils import timezone

from cadencia.core.models import WorkerHeartbeat


def worker_heartbeat_record(
    *, worker_id: str, hostname: str, pid: int, started_at: datetime
) -> WorkerHeartbeat:
    heartbeat, _created = WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": hostname,
            "pid": pid,
            "started_at": started_at,
            "last_seen": timezone.now(),
        },
    )
    return heartbeat


def worker_heartbeat_remove(*, worker_id: str) -> None:
    """Called when a worker stops cleanly, so health reports it gone at once."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()
