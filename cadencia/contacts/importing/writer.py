"""Write checked rows into the database: COPY on PostgreSQL, batched inserts on SQLite.

Runs inside the caller's transaction. Duplicate handling (against the database and earlier rows
of the same file) follows the import's policy and key.

On PostgreSQL, when no row can be a duplicate (nothing to compare with), the checked-rows file
is streamed into one COPY as it is: its lines are already COPY text. Otherwise the rows go in by
blocks, each block's new contacts copied after the duplicates are set aside; a thread prepares
the next block while the server stores the current one.
"""

import json
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, TextIO

from django.db import connection
from django.utils import timezone

from cadencia.contacts.choices import DuplicateKey, DuplicatePolicy
from cadencia.contacts.importing.rowfile import CheckedLine, copy_escape, copy_unescape
from cadencia.contacts.models import PHONES_INDEX, Contact, ContactDatabase

BLOCK = 50_000
PIECE_CHARS = 1 << 20
CONTACT_TABLE = Contact._meta.db_table
DATABASE_TABLE = ContactDatabase._meta.db_table
CONTACT_COLUMNS = "id, database_id, external_id, phones, fields, created_at, updated_at"
# The checked-rows file's columns, with the database before and the timestamps after.
FILE_COLUMNS = "database_id, external_id, phones, fields, created_at, updated_at"
Progress = Callable[[int], None]


@dataclass
class WriteCounts:
    created: int = 0
    updated: int = 0
    skipped: int = 0


@dataclass
class _Block:
    """A block of checked rows, prepared: rows read, new contacts, their ids, their COPY text."""

    read: int
    created: list[CheckedLine]
    ids: list[int]
    text: str


@dataclass
class _Update:
    fields: dict[str, Any]
    phones: list[str]


@dataclass
class ContactWriter:
    database: ContactDatabase
    policy: str
    key: str
    counts: WriteCounts = field(default_factory=WriteCounts)

    def __post_init__(self) -> None:
        self.now = timezone.now()
        self.postgresql = connection.vendor == "postgresql"
        self.next_local_id = 1
        self.updates: dict[int, _Update] = {}
        self.spare_ids: deque[int] = deque()
        # An external ID always names one contact (the database forbids a second one), so a
        # row with a known ID is a duplicate whatever the key; phones are compared only when
        # the key is the phone and duplicates are not allowed.
        self.by_phones = self.key == DuplicateKey.PHONE and self.policy != DuplicatePolicy.ALLOW
        # External IDs are kept COPY-escaped, as the checked-rows file holds them.
        self.by_external_id: dict[str, int] = {}
        self.by_phone: dict[str, int] = {}
        self._load_existing()

    def _load_existing(self) -> None:
        contacts = Contact.objects.filter(database=self.database).exclude(external_id="")
        self.by_external_id = {
            copy_escape(e): pk
            for e, pk in contacts.values_list("external_id", "pk").iterator(10_000)
        }
        if self.by_phones:
            contacts = Contact.objects.filter(database=self.database)
            for pk, numbers in contacts.values_list("pk", "phones").iterator(10_000):
                for number in numbers:
                    self.by_phone.setdefault(number, pk)

    def write(self, lines: TextIO, progress: Progress | None = None) -> WriteCounts:
        """Write every line of the checked-rows file; ``progress`` gets the rows done."""
        with _phone_index_merged():
            if connection.vendor == "postgresql" and not (self.by_phones or self.by_external_id):
                self.counts.created = self._copy_file(lines, progress)
            else:
                self._write_blocks(lines, progress)
        return self.counts

    def _write_blocks(self, lines: TextIO, progress: Progress | None) -> None:
        """Block by block; a thread prepares the next block (reads, compares, formats) while
        the server stores this one: Python and PostgreSQL each keep a core busy."""
        rows = (CheckedLine.parse(line) for line in lines)
        done = 0
        with ThreadPoolExecutor(max_workers=1) as pool:
            self._reserve_ids()
            pending = pool.submit(self._prepare, rows)
            while (block := pending.result()) is not None:
                # Between COPYs: no query can run during one, and the thread is idle now.
                self._reserve_ids()
                pending = pool.submit(self._prepare, rows)
                self._store(block)
                done += block.read
                if progress:
                    progress(done)
        self._apply_updates()

    def _reserve_ids(self) -> None:
        # Ids are taken from the sequence before a block is prepared (in the connection's own
        # thread); those a skipped row leaves unused serve the next block.
        if len(self.spare_ids) < BLOCK:
            self.spare_ids.extend(self._new_ids(BLOCK - len(self.spare_ids)))

    def _prepare(self, rows: Iterator[CheckedLine]) -> "_Block | None":
        """The next block's new contacts, their ids and (PostgreSQL) their COPY text; runs in
        the writer's thread, so it touches no database."""
        block = list(islice(rows, BLOCK))
        if not block:
            return None
        if self.by_phones or self.by_external_id:
            created, ids = self._decide(block)
        else:  # nothing to compare with: every row is a new contact
            created, ids = block, [self.spare_ids.popleft() for _row in block]
            self.counts.created += len(block)
        text = ""
        if created and self.postgresql:
            text = "".join(self._contact_lines(created, ids))
        return _Block(len(block), created, ids, text)

    def _store(self, block: "_Block") -> None:
        if not block.created:
            return
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                sql = f"COPY {CONTACT_TABLE} ({CONTACT_COLUMNS}) FROM STDIN"
                with cursor.cursor.copy(sql) as copy:
                    copy.write(block.text)
        else:
            self._insert(block.created, block.ids)

    def _copy_file(self, handle: TextIO, progress: Progress | None) -> int:
        """Stream the whole file into one COPY; the database id and the timestamps are added to
        every line by one ``replace`` per megabyte (no Python per line). Returns the rows."""
        head = f"{self.database.pk}\t"
        tail = f"\t{self.now.isoformat()}\t{self.now.isoformat()}\n"
        done = reported = 0
        rest = ""
        with connection.cursor() as cursor:
            sql = f"COPY {CONTACT_TABLE} ({FILE_COLUMNS}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                while piece := handle.read(PIECE_CHARS):
                    piece = rest + piece
                    end = piece.rfind("\n") + 1  # whole lines only; the rest waits
                    piece, rest = piece[:end], piece[end:]
                    if not piece:
                        continue
                    copy.write(head + piece[:-1].replace("\n", tail + head) + tail)
                    done += piece.count("\n")
                    if progress and done - reported >= BLOCK:
                        progress(done)
                        reported = done
        if rest:
            raise ValueError("The checked-rows file ends inside a line.")
        if progress:
            progress(done)
        return done

    def _decide(self, block: list[CheckedLine]) -> tuple[list[CheckedLine], list[int]]:
        """The block's new contacts and their ids; duplicates are skipped or become updates."""
        created: list[CheckedLine] = []
        ids: list[int] = []
        for row in block:
            existing = self._existing(row)
            if existing is None:
                contact_id = self.spare_ids.popleft()
                created.append(row)
                ids.append(contact_id)
                self.counts.created += 1
                self._remember(contact_id, row.phones)
            elif self.policy == DuplicatePolicy.UPDATE:
                self._update(existing, row)
            else:  # skip; "allow" cannot duplicate an external ID: the database forbids it
                self.counts.skipped += 1
        return created, ids

    def _existing(self, row: CheckedLine) -> int | None:
        if self.by_phones:
            for phone in row.phones:
                if phone in self.by_phone:
                    return self.by_phone[phone]
        return self.by_external_id.get(row.external_id) if row.external_id else None

    def _update(self, contact_id: int, row: CheckedLine) -> None:
        update = self.updates.setdefault(contact_id, _Update({}, []))
        update.fields.update(row.fields_dict())
        update.phones = row.phones
        self.counts.updated += 1
        self._remember(contact_id, row.phones)

    def _remember(self, contact_id: int, phones: list[str]) -> None:
        # External IDs need no remembering: the check already rejected repeats in the file.
        if self.by_phones:
            for phone in phones:
                self.by_phone.setdefault(phone, contact_id)

    def _new_ids(self, count: int) -> list[int]:
        with connection.cursor() as cursor:
            if self.postgresql:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [CONTACT_TABLE, count],
                )
                return [r[0] for r in cursor.fetchall()]
            # SQLite has no sequence to take from: after the table's highest id and after those
            # already handed out (a block is prepared before the one before it is stored).
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {CONTACT_TABLE}")  # noqa: S608 - our table
            first = max(int(cursor.fetchone()[0]) + 1, self.next_local_id)
            self.next_local_id = first + count
            return list(range(first, first + count))

    def _contact_lines(self, rows: list[CheckedLine], ids: list[int]) -> Iterator[str]:
        head = f"\t{self.database.pk}\t"
        tail = f"\t{self.now.isoformat()}\t{self.now.isoformat()}\n"
        for row, contact_id in zip(rows, ids, strict=True):
            yield f"{contact_id}{head}{row.external_id}\t{row.phones_json}\t{row.fields}{tail}"

    def _insert(self, rows: list[CheckedLine], ids: list[int]) -> None:
        now = self.now.isoformat()
        database = self.database.pk
        contacts = [
            (
                cid,
                database,
                copy_unescape(r.external_id),
                json.dumps(r.phones),
                copy_unescape(r.fields),
                now,
                now,
            )
            for r, cid in zip(rows, ids, strict=True)
        ]
        marks = ", ".join(["%s"] * len(contacts[0])) if contacts else ""
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {CONTACT_TABLE} ({CONTACT_COLUMNS}) VALUES ({marks})",  # noqa: S608
                contacts,
            )

    def _apply_updates(self) -> None:
        if not self.updates:
            return
        ids = list(self.updates)
        for start in range(0, len(ids), 1000):
            chunk = ids[start : start + 1000]
            contacts = list(Contact.objects.filter(pk__in=chunk))
            for contact in contacts:
                update = self.updates[contact.pk]
                contact.fields = {**contact.fields, **update.fields}
                contact.phones = update.phones
                contact.updated_at = self.now
            Contact.objects.bulk_update(contacts, ["fields", "phones", "updated_at"])


def lock_database(database: ContactDatabase) -> None:
    """Keep the database from being deleted until this transaction ends (the lock a foreign
    key check takes, taken once for all the rows written); fails if it is already gone."""
    if connection.vendor != "postgresql":
        return  # SQLite runs one writing transaction at a time
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM {DATABASE_TABLE} WHERE id = %s FOR KEY SHARE",  # noqa: S608
            [database.pk],
        )
        if cursor.fetchone() is None:
            raise ContactDatabase.DoesNotExist(database.pk)


@contextmanager
def _phone_index_merged() -> Iterator[None]:
    """On PostgreSQL, merge the phones' GIN index pending list before the write ends.

    GIN gathers new entries in a pending list (up to 4 MB) that every lookup by phone scans
    until something merges it; after an import that could be hours where autovacuum is off.
    Merging costs ~0.4 s per import. (A bigger pending list made the COPY faster but its merge
    slower: 14.4 s against 12.9 s for a million contacts, so the default stays.)"""
    yield
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [PHONES_INDEX])


def contacts_delete_all(database: ContactDatabase) -> int:
    """Remove every contact of the database without per-row signals; returns how many."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {CONTACT_TABLE} WHERE database_id = %s", [database.pk])  # noqa: S608
        return int(cursor.rowcount)


def contacts_refresh_statistics() -> None:
    """ANALYZE the contact tables after a big import (PostgreSQL).

    Until the planner's statistics catch up with a large change, it may plan lookups by phone
    and the foreign-key checks of a later delete as if the tables were empty: measured, deleting
    172,000 contacts took 6 minutes before ANALYZE and 8 s after. Autovacuum would get there
    later, or never where it is off; ANALYZE samples a fixed number of rows, so it costs well
    under a second whatever the table's size."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {CONTACT_TABLE}")
