"""Progress of a running import, visible to every web process and worker (the "shared" cache).

The import writes inside one long transaction, so its progress cannot live in the database: other
connections would not see it until the end.
"""

import time
from typing import Any

from django.core.cache import caches

TTL_SECONDS = 24 * 3600


def _key(token: object) -> str:
    # The import's token, not its id: ids repeat across databases sharing one cache.
    return f"contact-import-progress:{token}"


def progress_start(token: object, phase: str, total: int | None) -> None:
    caches["shared"].set(
        _key(token),
        {"phase": phase, "done": 0, "total": total, "started": time.time()},
        TTL_SECONDS,
    )


def progress_update(token: object, done: int) -> None:
    state = caches["shared"].get(_key(token))
    if state is not None:
        state["done"] = done
        caches["shared"].set(_key(token), state, TTL_SECONDS)


def progress_get(token: object) -> dict[str, Any] | None:
    """Phase, rows done / total, rate (rows/s), seconds left, percent; None when unknown."""
    state = caches["shared"].get(_key(token))
    if state is None:
        return None
    elapsed = max(time.time() - state["started"], 0.001)
    rate = state["done"] / elapsed
    total = state.get("total")
    left = (total - state["done"]) / rate if total and rate else None
    percent = min(100, int(100 * state["done"] / total)) if total else None
    return {
        **state,
        "rate": int(rate),
        "seconds_left": int(left) if left else None,
        "percent": percent,
    }
