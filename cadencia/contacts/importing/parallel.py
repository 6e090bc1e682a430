"""Check a big CSV file's rows on every core.

The parent cuts the file into segments of whole rows (``csv_segments``); each worker process
(started fresh with "spawn", so it shares no database connection with the parent) reads, parses
and checks its own segment and sends back the valid rows already encoded for the checked-rows
file. Results come back in file order; the parent then runs the in-order part (duplicate
external IDs, counts). Memory stays bounded: at most ``2 * workers`` segments in flight.
"""

from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any

from cadencia.contacts.importing.reader import ReadError, Segment, Table, csv_segments
from cadencia.contacts.importing.validate import CheckedBatch, Chunk, Mapping, RowValidator

SEGMENT_ROWS = 20_000
_worker: tuple[Table, RowValidator] | None = None


def _init_worker(table: Table, mapping: dict[str, Any], region: str) -> None:
    # No django.setup(): checking needs no app, database or translation (errors raised here
    # are translated where they are shown), and setting Django up took each worker ~1.5 s.
    global _worker
    _worker = (table, RowValidator(table.columns, Mapping(**mapping), region))


def _check_segment(segment: Segment) -> Chunk:
    assert _worker is not None  # noqa: S101 - set by the initializer
    table, validator = _worker
    return validator.check_chunk(table.segment_rows(segment))


def check_rows_parallel(
    validator: RowValidator, table: Table, workers: int
) -> Iterator[CheckedBatch]:
    initargs = (table, validator.mapping.as_dict(), validator.region)
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("spawn"),
        initializer=_init_worker,
        initargs=initargs,
    ) as pool:
        pending: deque[Future[Chunk]] = deque()
        segments = csv_segments(table, SEGMENT_ROWS)
        broken: ReadError | None = None
        while True:
            while broken is None and len(pending) < 2 * workers:
                try:
                    segment = next(segments, None)
                except ReadError as exc:
                    # A row the parser cannot read; rows before it may hold an earlier error
                    # (a byte not in the encoding), which must be the one reported.
                    broken = exc
                    break
                if segment is None:
                    break
                pending.append(pool.submit(_check_segment, segment))
            if not pending:
                if broken is not None:
                    raise broken
                return
            yield validator.finish_chunk(pending.popleft().result())
