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

from cadencia.contacts.importing.validate import (
    CheckedRow,
    EncodedRow,
    Mapping,
    Problem,
    RowValidator,
)

CHUNK_ROWS = 5_000
_worker_validator: RowValidator | None = None


def _init_worker(columns: list[str], mapping: dict[str, Any], region: str) -> None:
    import django

    django.setup()
    global _worker_validator
    _worker_validator = RowValidator(columns, Mapping(**mapping), region)


Checked = list[tuple[EncodedRow | None, list[Problem]]]


def _check_chunk(chunk: list[tuple[int, list[str]]]) -> Checked:
    """Rows come back encoded for the checked-rows file: the parent only writes them."""
    assert _worker_validator is not None  # noqa: S101 - set by the initializer
    checked: Checked = []
    for number, cells in chunk:
        row, problems = _worker_validator.validate(number, cells)
        encoded = None if row is None else EncodedRow(row.row, row.external_id, row.line())
        checked.append((encoded, problems))
    return checked


def check_rows_parallel(
    validator: RowValidator, rows: Iterator[tuple[int, list[str]]], workers: int
) -> Iterator[tuple[CheckedRow | None, list[Problem]]]:
    initargs = (
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
        pending: deque[Future[Checked]] = deque()
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
