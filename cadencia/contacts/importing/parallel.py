"""Check rows on every core: phone parsing (libphonenumber) dominates an import's cost.

Chunks of rows go to worker processes (started fresh with "spawn", so they share no database
connection with the parent) and come back in file order; the parent then runs the in-order part
(duplicate external IDs, counts). Memory stays bounded: at most ``2 * workers`` chunks in flight.
"""

from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from multiprocessing import get_context
from typing import Any

from django.utils import translation

from cadencia.contacts.importing.validate import Mapping, Problem, RowValidator, ValidRow

CHUNK_ROWS = 5_000
_worker_validator: RowValidator | None = None


def _init_worker(language: str, columns: list[str], mapping: dict[str, Any], region: str) -> None:
    import django

    django.setup()
    translation.activate(language)
    global _worker_validator
    _worker_validator = RowValidator(columns, Mapping(**mapping), region)


def _check_chunk(chunk: list[tuple[int, list[str]]]) -> list[tuple[ValidRow | None, list[Problem]]]:
    assert _worker_validator is not None  # noqa: S101 - set by the initializer
    return [_worker_validator.validate(number, cells) for number, cells in chunk]


def check_rows_parallel(
    validator: RowValidator, rows: Iterator[tuple[int, list[str]]], workers: int
) -> Iterator[tuple[ValidRow | None, list[Problem]]]:
    initargs = (
        translation.get_language() or "en",
        validator.columns,
        validator.mapping.as_dict(),
        validator.region,
    )
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("spawn"),
        initializer=_init_worker,
        initargs=initargs,
    ) as pool:
        pending: deque[Future[list[tuple[ValidRow | None, list[Problem]]]]] = deque()
        iterator = iter(rows)
        while True:
            while len(pending) < 2 * workers:
                chunk = list(islice(iterator, CHUNK_ROWS))
                if not chunk:
                    break
                pending.append(pool.submit(_check_chunk, chunk))
            if not pending:
                return
            for row, problems in pending.popleft().result():
                yield validator.finish(row, problems)
