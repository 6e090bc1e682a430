"""Writes for contact databases, contacts and imports."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from itertools import islice
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cadencia.accounts.models import User
from cadencia.contacts.choices import DuplicateKey, DuplicatePolicy, ImportMode
from cadencia.contacts.events import ContactImportChanged
from cadencia.contacts.importing.parallel import check_rows_parallel
from cadencia.contacts.importing.reader import ReadError, Table, open_table
from cadencia.contacts.importing.rowfile import CheckedLine
from cadencia.contacts.importing.validate import (
    MAX_REPORTED,
    CheckedBatch,
    Mapping,
    RowValidator,
    check_rows,
)
from cadencia.contacts.importing.writer import (
    ContactWriter,
    contacts_delete_all,
    contacts_refresh_statistics,
    lock_database,
)
from cadencia.contacts.liveness import owner_is_dead, this_process
from cadencia.contacts.models import Company, Contact, ContactDatabase, ContactImport
from cadencia.core.events import publish
from cadencia.core.history import log_action
from cadencia.projects.services import owned_object_delete, owned_object_save

REFRESH_STATISTICS_ROWS = 10_000
Progress = Callable[[int], None]


def contact_database_save(
    *, database: ContactDatabase, project_ids: set[int], user: User | None
) -> ContactDatabase:
    owned_object_save(obj=database, project_ids=project_ids, user=user)
    return database


def contact_database_set_region(*, database: ContactDatabase, region: str) -> ContactDatabase:
    with transaction.atomic():
        database.default_region = region
        database.full_clean(exclude=["projects"])
        database.save(update_fields=["default_region"])
    return database


def contact_database_delete(*, database: ContactDatabase) -> None:
    with transaction.atomic():
        # Waits for imports and edits writing into it (``lock_database``), so the contacts they
        # wrote are deleted too: no database-level foreign key would stop an orphan.
        ContactDatabase.objects.select_for_update().filter(pk=database.pk).exists()
        # Its contacts go in one statement: Django's collector loaded and logged each one
        # (58 s for 20,000 contacts); the change log records the count with the database.
        database.contacts_deleted = contacts_delete_all(database)
        owned_object_delete(obj=database)


@dataclass(frozen=True)
class ImportOptions:
    mapping: Mapping
    duplicates: str = DuplicatePolicy.SKIP
    duplicate_key: str = DuplicateKey.PHONE
    mode: str = ImportMode.APPEND
    has_header: bool | None = None
    sheet: str | None = None

    def check(self) -> None:
        errors: dict[str, str] = {}
        if self.duplicates not in DuplicatePolicy.values:
            errors["duplicates"] = _("Unknown duplicate policy.")
        if self.duplicate_key not in DuplicateKey.values:
            errors["duplicate_key"] = _("Unknown duplicate key.")
        if self.mode not in ImportMode.values:
            errors["mode"] = _("Unknown import mode.")
        if errors:
            raise ValidationError(errors)


def max_upload_bytes() -> int:
    return int(settings.CONTACT_IMPORT_MAX_BYTES)


def estimate_rows(path: Path) -> int | None:
    """Lines in a CSV (fast byte count) for the progress bar; None for XLSX."""
    if path.suffix.lower() == ".xlsx":
        return None
    with path.open("rb") as handle:
        return max(
            sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b"")) - 1, 0
        )


def _valid_rows_path(contact_import: ContactImport) -> Path:
    directory = Path(settings.CONTACT_IMPORT_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    return directory / f"import-{contact_import.token}.jsonl"


def contact_import_create(
    *,
    database: ContactDatabase,
    path: Path,
    filename: str,
    options: ImportOptions,
    user: User | None,
) -> tuple[ContactImport, Table]:
    """Open the file and check the choices; record the import (status "validating")."""
    options.check()
    try:
        table = open_table(
            path,
            filename=filename,
            max_bytes=settings.CONTACT_IMPORT_MAX_BYTES,
            has_header=options.has_header,
            sheet=options.sheet,
        )
    except ReadError as exc:
        raise ValidationError({"file": str(exc)}) from exc
    mapping_errors = options.mapping.check(table.columns)
    if mapping_errors:
        raise ValidationError({"mapping": mapping_errors})
    contact_import = ContactImport.objects.create(
        database=database,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        filename=filename[:255],
        mode=options.mode,
        duplicates=options.duplicates,
        duplicate_key=options.duplicate_key,
        mapping=options.mapping.as_dict(),
        has_header=table.has_header,
        sheet=table.sheet or "",
        status=ContactImport.Status.VALIDATING,
        upload_name=path.name[:100],
    )
    return contact_import, table


def contact_import_validate(
    *,
    database: ContactDatabase,
    path: Path,
    filename: str,
    options: ImportOptions,
    user: User | None,
    progress: Progress | None = None,
) -> ContactImport:
    """Create the import and check every row (the command line and tests do both at once)."""
    contact_import, table = contact_import_create(
        database=database, path=path, filename=filename, options=options, user=user
    )
    return contact_import_check_rows(contact_import=contact_import, table=table, progress=progress)


def _checked_rows(validator: RowValidator, table: Table) -> Iterator[CheckedBatch]:
    """In parallel for big CSV files, in this process otherwise (small files, XLSX)."""
    workers = int(settings.CONTACT_IMPORT_WORKERS)
    big = table.path.stat().st_size >= settings.CONTACT_IMPORT_PARALLEL_BYTES
    if workers > 1 and big and table.kind == "csv" and _lines_end_in_newline(table.path):
        return check_rows_parallel(validator, table, workers)
    return check_rows(validator, table.rows())


def _lines_end_in_newline(path: Path) -> bool:
    """Segments are cut at line feeds: a file with bare CR line ends is checked in one piece."""
    with path.open("rb") as handle:
        head = handle.read(64 * 1024)
    return b"\n" in head or b"\r" not in head


def contact_import_check_rows(
    *, contact_import: ContactImport, table: Table, progress: Progress | None = None
) -> ContactImport:
    """Read and check every row; keep the valid ones (normalised) for ``contact_import_execute``
    and the report on the import. Writes no contact."""
    database = contact_import.database
    mapping = Mapping(**contact_import.mapping)
    problems: list[dict[str, Any]] = []
    read = valid = 0
    _claim(contact_import, ContactImport.Status.VALIDATING)
    try:
        with _valid_rows_path(contact_import).open("w", encoding="utf-8", newline="\n") as out:
            validator = RowValidator(table.columns, mapping, database.default_region)
            for batch in _checked_rows(validator, table):
                read += batch.read
                valid += batch.valid
                out.write(batch.text)
                room = MAX_REPORTED - len(problems)
                problems.extend(p.as_dict() for p in batch.problems[:room])
                if progress:
                    progress(read)
    except ReadError as exc:
        contact_import.status = ContactImport.Status.FAILED
        contact_import.error = str(exc)
        contact_import.finished_at = timezone.now()
        contact_import.save()
        _publish_changed(contact_import)
        raise ValidationError({"file": str(exc)}) from exc
    contact_import.status = ContactImport.Status.VALIDATED
    contact_import.existing = _count_existing(contact_import)
    contact_import.rows_read = read
    contact_import.rows_valid = valid
    contact_import.rows_rejected = read - valid
    contact_import.problems = problems
    contact_import.rejected_by_reason = dict(validator.reasons)
    contact_import.save()
    _publish_changed(contact_import)
    database.mapping = mapping.as_dict()
    # Columns are added, never dropped: a file with fewer columns (a partial list appended)
    # must not hide the values other contacts hold, nor break a campaign's script using them.
    known = {c["name"] for c in database.columns}
    database.columns = [
        *database.columns,
        *(
            {"name": c, "type": mapping.column_types.get(c, "text")}
            for c in table.columns
            if c not in mapping.phone_columns
            and c != mapping.external_id_column
            and c not in mapping.ignored
            and c not in known
        ),
    ]
    database.save(update_fields=["mapping", "columns"])
    return contact_import


def _count_existing(contact_import: ContactImport) -> int:
    """Checked rows the write will treat as duplicates of contacts already in the database:
    a known external ID always, a known phone when the key is the phone and the policy is not
    "allow" (the rule of ``ContactWriter``)."""
    database = contact_import.database
    if not Contact.objects.filter(database=database).exists():
        return 0
    by_phones = (
        contact_import.duplicate_key == DuplicateKey.PHONE
        and contact_import.duplicates != DuplicatePolicy.ALLOW
    )
    # Every number of the database at once: one pass over its contacts (no index can match a
    # chunk's thousands of numbers against the phone lists in one query).
    known: set[str] = set()
    if by_phones:
        contacts = Contact.objects.filter(database=database)
        for numbers in contacts.values_list("phones", flat=True).iterator(10_000):
            known.update(numbers)
    found = 0
    with _valid_rows_path(contact_import).open(encoding="utf-8", newline="\n") as lines:
        rows = (CheckedLine.parse(line) for line in lines)
        while chunk := list(islice(rows, 5_000)):
            ids = {row.external_id_text() for row in chunk if row.external_id}
            contacts = Contact.objects.filter(database=database, external_id__in=ids)
            known_ids = set(contacts.values_list("external_id", flat=True))
            found += sum(
                1
                for row in chunk
                if known.intersection(row.phones) or row.external_id_text() in known_ids
            )
    return found


def contact_import_require_validated(contact_import: ContactImport) -> None:
    if contact_import.status != ContactImport.Status.VALIDATED:
        raise ValidationError({"status": _("This import is not waiting to be imported.")})


def upload_path_for(contact_import: ContactImport) -> Path:
    return Path(settings.CONTACT_IMPORT_DIR) / contact_import.upload_name


def contact_import_execute(
    *, contact_import: ContactImport, progress: Progress | None = None
) -> ContactImport:
    """Write the validated rows in one transaction: all of them, or none on any failure."""
    contact_import_require_validated(contact_import)
    path = _valid_rows_path(contact_import)
    database = contact_import.database
    _claim(contact_import, ContactImport.Status.RUNNING)
    try:
        with transaction.atomic():
            lock_database(database)
            if contact_import.mode == ImportMode.REPLACE:
                contacts_delete_all(database)
            writer = ContactWriter(
                database=database,
                policy=contact_import.duplicates,
                key=contact_import.duplicate_key,
            )
            with path.open(encoding="utf-8", newline="\n") as lines:
                counts = writer.write(lines, progress)
            # Committed with the contacts: once they are visible, so is the outcome (a delete of
            # the database waiting on the lock may remove both right after).
            contact_import.status = ContactImport.Status.DONE
            contact_import.created = counts.created
            contact_import.updated = counts.updated
            contact_import.skipped = counts.skipped
            contact_import.finished_at = timezone.now()
            contact_import.save()
            _publish_changed(contact_import)  # on commit, with the contacts
    except Exception as exc:
        contact_import.status = ContactImport.Status.FAILED
        contact_import.created = contact_import.updated = contact_import.skipped = 0
        contact_import.error = f"{type(exc).__name__}: {exc}"[:2000]
        contact_import.finished_at = timezone.now()
        # Not when its database was deleted meanwhile (and the import with it).
        if ContactImport.objects.filter(pk=contact_import.pk).exists():
            contact_import.save()
            _publish_changed(contact_import)
        raise
    finally:
        path.unlink(missing_ok=True)
    big = counts.created + counts.updated >= REFRESH_STATISTICS_ROWS
    if big or contact_import.mode == ImportMode.REPLACE:
        contacts_refresh_statistics()
    return contact_import


def _publish_changed(contact_import: ContactImport) -> None:
    publish(
        ContactImportChanged(
            import_id=contact_import.pk,
            database_id=contact_import.database_id,
            status=contact_import.status,
            rows_valid=contact_import.rows_valid,
            rows_rejected=contact_import.rows_rejected,
            created=contact_import.created,
            updated=contact_import.updated,
            skipped=contact_import.skipped,
            error=contact_import.error_text(),
        ),
        projects=contact_import.project_ids(),
    )


DEAD_PROCESS = gettext_noop(
    "The process working on this import stopped (killed or the machine restarted). "
    "Nothing was written; you can retry it."
)
RETRY_CHECK, RETRY_WRITE = "check", "write"


def _claim(contact_import: ContactImport, status: str) -> None:
    """Record the step and this process as its owner, committed before the work starts."""
    contact_import.owner_host, contact_import.owner_pid = this_process()
    contact_import.status = status
    contact_import.save(update_fields=["status", "owner_host", "owner_pid"])
    _publish_changed(contact_import)


def contact_import_reap(*, contact_import: ContactImport) -> ContactImport:
    """Mark the import failed when the process working on it died (nothing was written: its
    transaction rolled back). Cheap enough to run on every status read."""
    working = (ContactImport.Status.VALIDATING, ContactImport.Status.RUNNING)
    if contact_import.status not in working or contact_import.owner_pid is None:
        return contact_import
    if not owner_is_dead(contact_import.owner_host, contact_import.owner_pid):
        return contact_import
    with transaction.atomic():
        current = ContactImport.objects.select_for_update().filter(pk=contact_import.pk).first()
        if current is None or (current.status, current.owner_pid) != (
            contact_import.status,
            contact_import.owner_pid,
        ):
            return current or contact_import  # someone else decided meanwhile
        step = RETRY_CHECK if current.status == ContactImport.Status.VALIDATING else RETRY_WRITE
        current.status = ContactImport.Status.FAILED
        current.error = DEAD_PROCESS
        current.retry_step = step
        current.finished_at = timezone.now()
        current.save(update_fields=["status", "error", "retry_step", "finished_at"])
        log_action(current, "contacts.import.process_died", step=step, pid=current.owner_pid)
        _publish_changed(current)
    return current


def contact_import_can_retry(contact_import: ContactImport) -> bool:
    if contact_import.status != ContactImport.Status.FAILED or not contact_import.retry_step:
        return False
    if contact_import.retry_step == RETRY_WRITE:
        return _valid_rows_path(contact_import).exists()
    return bool(contact_import.upload_name) and upload_path_for(contact_import).exists()


def contact_import_retry(*, contact_import: ContactImport) -> ContactImport:
    """Back to the step that died: the check (its upload is still there) or the write (its
    checked rows are). The caller enqueues the step's task."""
    if not contact_import_can_retry(contact_import):
        raise ValidationError(_("This import cannot be retried; upload the file again."))
    back = (
        ContactImport.Status.VALIDATING
        if contact_import.retry_step == RETRY_CHECK
        else ContactImport.Status.VALIDATED
    )
    with transaction.atomic():
        contact_import.status = back
        contact_import.error = ""
        contact_import.finished_at = None
        contact_import.owner_host, contact_import.owner_pid = "", None
        contact_import.save()
        log_action(contact_import, "contacts.import.retried", step=contact_import.retry_step)
        _publish_changed(contact_import)
    return contact_import


def contact_import_cancel(*, contact_import: ContactImport) -> ContactImport:
    if contact_import.status != ContactImport.Status.VALIDATED:
        raise ValidationError(_("Only an import waiting to be imported can be cancelled."))
    _valid_rows_path(contact_import).unlink(missing_ok=True)
    contact_import.status = ContactImport.Status.CANCELLED
    contact_import.finished_at = timezone.now()
    contact_import.save()
    _publish_changed(contact_import)
    return contact_import


class Unchanged(Enum):
    """A field the caller leaves as it is (``None`` would clear it)."""

    KEEP = "keep"


def contact_company_check(contact: Contact, company: Company | None) -> None:
    """A contact's company must be seen by every project that sees the contact, or a project
    would read (by the contact) a company it does not own."""
    if company is None:
        return
    missing = set(contact.database.project_ids()) - set(company.project_ids())
    if missing:
        raise ValidationError(
            {"company": _("This company is not shared with every project of the contact's list.")}
        )


def contact_save(
    *,
    contact: Contact,
    phones: list[str],
    fields: dict[str, Any],
    external_id: str,
    company: Company | Unchanged | None = Unchanged.KEEP,
) -> Contact:
    """Create or edit one contact by hand; phones are normalised with the database's region."""
    from cadencia.contacts.importing.phones import PhoneError, normalise_phone

    errors: dict[str, list[str]] = {}
    numbers: list[str] = []
    for line, value in enumerate(phones, start=1):
        try:
            number = normalise_phone(value, contact.database.default_region)
        except PhoneError as exc:
            errors.setdefault("phones", []).append(
                _("Line %(line)s (“%(value)s”): %(reason)s")
                % {"line": line, "value": value[:40], "reason": exc}
            )
            continue
        if number not in numbers:
            numbers.append(number)
    if not numbers and "phones" not in errors:
        errors["phones"] = [_("A contact needs at least one phone number.")]
    external_id = external_id.strip()
    duplicate = Contact.objects.filter(database=contact.database, external_id=external_id)
    if external_id and duplicate.exclude(pk=contact.pk).exists():
        errors["external_id"] = [_("Another contact of this database has this external ID.")]
    if company is Unchanged.KEEP:
        company = contact.company if contact.company_id else None
    try:
        contact_company_check(contact, company)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        lock_database(contact.database)
        contact.external_id = external_id
        contact.phones = numbers
        contact.fields = fields
        contact.company = company
        contact.full_clean(exclude=["database"])
        contact.save()
    return contact


def company_save(*, company: Company, project_ids: set[int], user: User | None) -> Company:
    owned_object_save(obj=company, project_ids=project_ids, user=user)
    return company


def company_delete(*, company: Company) -> None:
    owned_object_delete(obj=company)


def contact_delete(*, contact: Contact) -> None:
    with transaction.atomic():
        contact.delete()
