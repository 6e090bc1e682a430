"""Write validated rows into the database: COPY on PostgreSQL, batched inserts on SQLite.

Runs inside the caller's transaction. Duplicate handling (against the database and earlier rows
of the same file) follows the import's policy and key.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.utils import timezone

from cadencia.contacts.choices import DuplicateKey, DuplicatePolicy
from cadencia.contacts.importing.validate import ValidRow
from cadencia.contacts.models import Contact, ContactDatabase, ContactPhone

BATCH = 20_000
CONTACT_TABLE = Contact._meta.db_table
PHONE_TABLE = ContactPhone._meta.db_table
CONTACT_COLUMNS = "id, database_id, external_id, fields, created_at, updated_at"
PHONE_COLUMNS = "contact_id, database_id, number, position"


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value: str) -> str:
    """Escape a value for COPY's text format (phones are E.164 digits and need none)."""
    return value.translate(_COPY_ESCAPES)


@dataclass
class _Pending:
    contact_id: int
    external_id: str
    fields: dict[str, Any]
    phones: list[str]


@dataclass
class WriteCounts:
    created: int = 0
    updated: int = 0
    skipped: int = 0


@dataclass
class ContactWriter:
    database: ContactDatabase
    policy: str
    key: str
    counts: WriteCounts = field(default_factory=WriteCounts)

    def __post_init__(self) -> None:
        self.now = timezone.now()
        self.pending: list[_Pending] = []
        self.pending_by_id: dict[int, _Pending] = {}
        self.updates: dict[int, ValidRow] = {}
        self.by_external_id: dict[str, int] = {}
        self.by_phone: dict[str, int] = {}
        # "allow" by phone needs no memory of what exists: nothing is compared.
        self.tracking = self.policy != DuplicatePolicy.ALLOW or self.key == DuplicateKey.EXTERNAL_ID
        if self.tracking:
            self._load_existing()
        self.next_id = self._max_id() + 1 if connection.vendor != "postgresql" else 0

    def _load_existing(self) -> None:
        contacts = Contact.objects.filter(database=self.database)
        if self.key == DuplicateKey.EXTERNAL_ID:
            self.by_external_id = dict(
                contacts.exclude(external_id="").values_list("external_id", "pk")
            )
        else:
            phones = ContactPhone.objects.filter(database=self.database)
            self.by_phone = dict(phones.values_list("number", "contact_id"))

    @staticmethod
    def _max_id() -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {CONTACT_TABLE}")  # noqa: S608 - table name from our model
            return int(cursor.fetchone()[0])

    def _existing(self, row: ValidRow) -> int | None:
        if not self.tracking:
            return None
        if self.key == DuplicateKey.EXTERNAL_ID:
            return self.by_external_id.get(row.external_id) if row.external_id else None
        for phone in row.phones:
            if phone in self.by_phone:
                return self.by_phone[phone]
        return None

    def add(self, row: ValidRow) -> None:
        existing = self._existing(row)
        if existing is not None and self.policy == DuplicatePolicy.SKIP:
            self.counts.skipped += 1
            return
        if existing is not None and self.policy == DuplicatePolicy.UPDATE:
            self._update(existing, row)
            return
        if self.key == DuplicateKey.EXTERNAL_ID and existing is not None and row.external_id:
            # "allow" cannot duplicate an external id: the database forbids it.
            self.counts.skipped += 1
            return
        self._create(row)

    def _update(self, contact_id: int, row: ValidRow) -> None:
        pending = self.pending_by_id.get(contact_id)
        if pending is not None:  # created earlier in this file
            pending.fields.update(row.fields)
            pending.phones = row.phones
        else:
            self.updates[contact_id] = row
        self.counts.updated += 1
        self._remember(contact_id, row.external_id, row.phones)

    def _create(self, row: ValidRow) -> None:
        pending = _Pending(0, row.external_id, dict(row.fields), list(row.phones))
        self.pending.append(pending)
        self.counts.created += 1
        if len(self.pending) >= BATCH:
            self.flush()

    def _remember(self, contact_id: int, external_id: str, phones: list[str]) -> None:
        if not self.tracking:
            return
        if self.key == DuplicateKey.EXTERNAL_ID:
            if external_id:
                self.by_external_id[external_id] = contact_id
        else:
            for phone in phones:
                self.by_phone.setdefault(phone, contact_id)

    def flush(self) -> None:
        if self.pending:
            self._assign_ids(self.pending)
            if connection.vendor == "postgresql":
                self._copy(self.pending)
            else:
                self._insert(self.pending)
            self.pending = []
            self.pending_by_id = {}

    def finish(self) -> WriteCounts:
        self.flush()
        self._apply_updates()
        return self.counts

    def _assign_ids(self, rows: list[_Pending]) -> None:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [CONTACT_TABLE, len(rows)],
                )
                ids = [r[0] for r in cursor.fetchall()]
        else:
            ids = list(range(self.next_id, self.next_id + len(rows)))
            self.next_id += len(rows)
        for pending, contact_id in zip(rows, ids, strict=True):
            pending.contact_id = contact_id
            self._remember(contact_id, pending.external_id, pending.phones)

    def _contact_rows(self, rows: list[_Pending]) -> Iterable[tuple[Any, ...]]:
        for p in rows:
            yield (
                p.contact_id,
                self.database.pk,
                p.external_id,
                json.dumps(p.fields),
                self.now,
                self.now,
            )

    def _phone_rows(self, rows: list[_Pending]) -> Iterable[tuple[Any, ...]]:
        for p in rows:
            for position, number in enumerate(p.phones):
                yield (p.contact_id, self.database.pk, number, position)

    def _copy(self, rows: list[_Pending]) -> None:
        """COPY in text format, written in one block per batch (far cheaper than row by row)."""
        now = self.now.isoformat()
        database = self.database.pk
        contacts = "".join(
            f"{p.contact_id}\t{database}\t{_copy_text(p.external_id)}\t"
            f"{_copy_text(json.dumps(p.fields, ensure_ascii=False))}\t{now}\t{now}\n"
            for p in rows
        )
        phones = "".join(
            f"{p.contact_id}\t{database}\t{number}\t{position}\n"
            for p in rows
            for position, number in enumerate(p.phones)
        )
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(f"COPY {CONTACT_TABLE} ({CONTACT_COLUMNS}) FROM STDIN") as copy:
                copy.write(contacts)
            with raw.copy(f"COPY {PHONE_TABLE} ({PHONE_COLUMNS}) FROM STDIN") as copy:
                copy.write(phones)

    def _insert(self, rows: list[_Pending]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {CONTACT_TABLE} ({CONTACT_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s)",  # noqa: S608
                list(self._contact_rows(rows)),
            )
            cursor.executemany(
                f"INSERT INTO {PHONE_TABLE} ({PHONE_COLUMNS}) VALUES (%s, %s, %s, %s)",  # noqa: S608
                list(self._phone_rows(rows)),
            )

    def _apply_updates(self) -> None:
        if not self.updates:
            return
        ids = list(self.updates)
        for start in range(0, len(ids), 1000):
            chunk = ids[start : start + 1000]
            contacts = list(Contact.objects.filter(pk__in=chunk))
            for contact in contacts:
                contact.fields = {**contact.fields, **self.updates[contact.pk].fields}
                contact.updated_at = self.now
            Contact.objects.bulk_update(contacts, ["fields", "updated_at"])
            with connection.cursor() as cursor:
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"DELETE FROM {PHONE_TABLE} WHERE contact_id IN ({marks})", chunk)  # noqa: S608
            ContactPhone.objects.bulk_create(
                ContactPhone(contact_id=cid, database=self.database, number=n, position=i)
                for cid in chunk
                for i, n in enumerate(self.updates[cid].phones)
            )


def contacts_delete_all(database: ContactDatabase) -> None:
    """Replace mode: remove every contact of the database without per-row signals."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {PHONE_TABLE} WHERE database_id = %s", [database.pk])  # noqa: S608
        cursor.execute(f"DELETE FROM {CONTACT_TABLE} WHERE database_id = %s", [database.pk])  # noqa: S608
