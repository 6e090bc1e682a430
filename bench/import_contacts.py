"""Benchmark: import N contact rows through the real code path, against two references.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadencia_bench \
        .venv/bin/python bench/import_contacts.py --rows 1000000

Generates a CSV with 3 phone columns (main always, second 60 %, third 30 % filled, in mixed
national formats), 5 other fields, an external id, and ~3 % rows with a bad main phone (random
numbers are not all valid for their area either: ~14 % of rows end with no valid phone, and ~27 %
of the numbers are reported). Then, on the same rows:
  real         contact_import_validate + contact_import_execute (what users and the CLI run),
               duplicates allowed into an empty database: the write streams the checked rows
               into COPY; with --duplicates skip|update every row is compared (by phone) and
               the write goes by blocks
  bulk_create  reference (a): the usual approach: per-row parsing with the pure-Python
               phonenumbers + Django bulk_create, batches of 1,000
  copy floor   reference (b): the server's own work: COPY of the already-normalised rows, the
               COPY text prepared before the clock starts (PostgreSQL only)
Prints rows/s for each, the ratios, the check and write times of the real path and its peak RSS
(parent, and the largest check worker). The database is emptied of the bench's contact databases
before each run. Not run by CI.
"""

from __future__ import annotations  # annotations name models the workers never import

import argparse
import contextlib
import csv
import json
import os
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadencia.settings")

import django
import phonenumbers
import psutil
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from cadencia.contacts.importing.rowfile import CheckedLine
from cadencia.contacts.importing.validate import Mapping

# The check workers import this script again (multiprocessing's "spawn" runs the parent's main
# module). Like manage.py, it sets Django up only when run, so the workers start as they do in
# production instead of loading every app.
if __name__ == "__main__":
    django.setup()
    from cadencia.contacts import services
    from cadencia.contacts.models import Contact, ContactDatabase
    from cadencia.core.scoping import scopes_disabled
    from cadencia.projects.services import project_default

AREAS = ["351", "11", "341", "261", "381", "223"]
NAMES = ["Ana", "Luis", "María", "José", "Lucía", "Pedro", "Sofía", "Juan"]


def _phone(rng: random.Random) -> str:
    area = rng.choice(AREAS)
    local = str(rng.randint(10 ** (9 - len(area)), 10 ** (10 - len(area)) - 1))
    style = rng.randrange(4)
    if style == 0:
        return f"({'0' + area}) 15-{local[:-4]}-{local[-4:]}"
    if style == 1:
        return f"{area} {local[:-4]} {local[-4:]}"
    if style == 2:
        return f"+54 9 {area} {local[:-4]}-{local[-4:]}"
    return f"{area}{local}"


def generate(path: Path, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(
            ["id", "tel1", "tel2", "tel3", "nombre", "apellido", "deuda", "vence", "ciudad"]
        )
        for i in range(rows):
            bad = rng.random() < 0.03
            tel1 = "12" if bad else _phone(rng)
            tel2 = _phone(rng) if rng.random() < 0.6 else ""
            tel3 = _phone(rng) if rng.random() < 0.3 else ""
            if bad:
                tel2 = tel3 = ""
            out.writerow(
                [
                    f"C{i}",
                    tel1,
                    tel2,
                    tel3,
                    rng.choice(NAMES),
                    rng.choice(NAMES) + "ez",
                    f"{rng.randint(0, 99999)},{rng.randint(0, 99):02d}",
                    f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2027",
                    rng.choice(AREAS),
                ]
            )


MAPPING = Mapping(["tel1", "tel2", "tel3"], "id", {"deuda": "number", "vence": "date"})


def fresh_database(name: str) -> ContactDatabase:
    Contact.objects.filter(database__name__startswith="bench-")._raw_delete(connection.alias)
    ContactDatabase.objects.filter(name__startswith="bench-").delete()
    if connection.vendor == "postgresql":
        # Every run starts alike: compact tables (the last run's rows gone, not left as free
        # space to refill), fresh statistics even where autovacuum is off (as on this machine),
        # and no checkpoint still flushing the last run's pages.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM FULL ANALYZE contacts_contact")
            cursor.execute("CHECKPOINT")
    database = ContactDatabase.objects.create(name=name, default_region="AR")
    database.projects.add(project_default())
    return database


class PeakMemory:
    """Largest RSS of this process, and of its largest child, sampled while the block runs
    (ru_maxrss would also count the cleanup of an earlier run's rows)."""

    def __init__(self) -> None:
        self.parent = self.child = 0
        self._stop = threading.Event()

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.wait(0.05):
            self.parent = max(self.parent, me.memory_info().rss)
            for child in me.children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    self.child = max(self.child, child.memory_info().rss)

    def __enter__(self) -> PeakMemory:
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def run_real(path: Path, duplicates: str) -> tuple[float, int, float, float]:
    database = fresh_database("bench-real")
    started = time.perf_counter()
    contact_import = services.contact_import_validate(
        database=database,
        path=path,
        filename=path.name,
        options=services.ImportOptions(mapping=MAPPING, duplicates=duplicates),
        user=None,
    )
    validated = time.perf_counter()
    contact_import = services.contact_import_execute(contact_import=contact_import)
    done = time.perf_counter()
    return done - started, contact_import.created, validated - started, done - validated


def run_bulk_create(path: Path) -> float:
    database = fresh_database("bench-bulk")
    started = time.perf_counter()
    with transaction.atomic(), path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        batch: list[Contact] = []

        def flush() -> None:
            Contact.objects.bulk_create(batch, batch_size=1000)
            batch.clear()

        for row in reader:
            phones = []
            for column in ("tel1", "tel2", "tel3"):
                if row[column]:
                    try:
                        number = phonenumbers.parse(row[column], "AR")
                    except phonenumbers.NumberParseException:
                        continue
                    if phonenumbers.is_valid_number(number):
                        phones.append(phonenumbers.format_number(number, 0))
            if not phones:
                continue
            fields = {k: row[k] for k in ("nombre", "apellido", "deuda", "vence", "ciudad")}
            batch.append(
                Contact(database=database, external_id=row["id"], phones=phones, fields=fields)
            )
            if len(batch) >= 1000:
                flush()
        flush()
    return time.perf_counter() - started


def run_copy_floor(path: Path) -> float | None:
    if connection.vendor != "postgresql":
        return None
    database = fresh_database("bench-copy")
    contact_import = services.contact_import_validate(
        database=database,
        path=path,
        filename=path.name,
        options=services.ImportOptions(mapping=MAPPING, duplicates="allow"),
        user=None,
    )
    rows_path = Path(services._valid_rows_path(contact_import))
    rows = [CheckedLine.parse(line) for line in rows_path.open(encoding="utf-8", newline="\n")]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('contacts_contact', 'id')) FROM generate_series(1, %s)",
            [len(rows)],
        )
        ids = [r[0] for r in cursor.fetchall()]
    # The COPY text is prepared before the clock starts: the floor is the server's own work.
    now = timezone.now().isoformat()
    contacts = "".join(
        f"{i}\t{database.pk}\t{r.external_id}\t{json.dumps(r.phones)}\t{r.fields}\t{now}\t{now}\n"
        for i, r in zip(ids, rows, strict=True)
    )
    del rows
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(
            "COPY contacts_contact (id, database_id, external_id, phones, fields, created_at, updated_at) FROM STDIN"
        ) as copy:
            copy.write(contacts)
    elapsed = time.perf_counter() - started
    services.contact_import_cancel(contact_import=contact_import)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--skip-bulk", action="store_true", help="skip reference (a)")
    parser.add_argument(
        "--duplicates",
        default="allow",
        choices=["allow", "skip", "update"],
        help="the real path's policy (key: phone); with skip or update every row is compared",
    )
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    with tempfile.TemporaryDirectory() as tmp, scopes_disabled():
        path = Path(tmp) / "contacts.csv"
        started = time.perf_counter()
        generate(path, args.rows)
        print(
            f"generated {args.rows:,} rows ({path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - started:.1f} s on {connection.vendor}"
        )
        with PeakMemory() as memory:
            real, created, validate_s, write_s = run_real(path, args.duplicates)
        peak_mb, worker_mb = memory.parent / 1e6, memory.child / 1e6
        print(
            f"real path:    {real:7.1f} s  {args.rows / real:9,.0f} rows/s  (validate {validate_s:.1f} s, write {write_s:.1f} s; {created:,} contacts; peak RSS {peak_mb:.0f} MB, check workers {worker_mb:.0f} MB each at most)"
        )
        if not args.skip_bulk:
            bulk = run_bulk_create(path)
            print(
                f"bulk_create:  {bulk:7.1f} s  {args.rows / bulk:9,.0f} rows/s  → real path is {bulk / real:.2f}x faster"
            )
        floor = run_copy_floor(path)
        if floor is not None:
            print(
                f"copy floor:   {floor:7.1f} s  {args.rows / floor:9,.0f} rows/s  → real path takes {real / floor:.1f}x the floor"
            )
        fresh_database("bench-cleanup").delete()


if __name__ == "__main__":
    main()
