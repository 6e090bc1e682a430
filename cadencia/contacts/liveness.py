"""Is the process that checks or writes an import still alive?

An import killed with ``kill -9`` (or on a machine restart) rolls back, but its row would stay
"validating" or "running" forever. The import records its owner (host and process id) when it
starts; a reader of the import asks here whether that process still lives.
"""

import os
import socket
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from cadencia.core.models import WorkerHeartbeat


def this_process() -> tuple[str, int]:
    return socket.gethostname(), os.getpid()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, owned by another user
    return True


def owner_is_dead(host: str, pid: int) -> bool:
    """True only when we know: on this host, the process is gone; on another host, it was a
    task worker whose heartbeat went stale. A command run on another host is never judged."""
    if host == socket.gethostname():
        return not _pid_alive(pid)
    heartbeat = WorkerHeartbeat.objects.filter(hostname=host, pid=pid).first()
    if heartbeat is None:
        return False
    stale = timedelta(seconds=settings.WORKER_STALE_AFTER_SECONDS)
    return heartbeat.last_seen < timezone.now() - stale
