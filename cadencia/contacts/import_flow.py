"""The steps the web pages and the API share to import a file: store the upload, open it, show
its first rows, check the import's status, and hand the work to the task worker once the data
it needs is committed."""

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from cadencia.accounts.models import User
from cadencia.contacts import services
from cadencia.contacts.importing.reader import Table, open_table
from cadencia.contacts.models import ContactImport
from cadencia.contacts.tasks import contact_import_check_task, contact_import_execute_task
from cadencia.core.scoping import scope_for_user

PREVIEW_ROWS = 5


def upload_dir() -> Path:
    directory = Path(settings.CONTACT_IMPORT_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def upload_store(upload: UploadedFile) -> Path:
    """Save an uploaded file where every web process and worker can read it."""
    path = upload_dir() / f"upload-{uuid.uuid4()}{Path(upload.name or '').suffix.lower()}"
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return path


def upload_open(path: Path, *, filename: str, has_header: bool | None, sheet: str | None) -> Table:
    """Open a stored upload (raises ReadError); the caller removes a file it refuses."""
    return open_table(
        path,
        filename=filename,
        max_bytes=services.max_upload_bytes(),
        has_header=has_header,
        sheet=sheet,
    )


def preview(table: Table) -> list[list[str]]:
    rows = zip(range(PREVIEW_ROWS), table.rows(), strict=False)
    return [cells for _i, (_number, cells) in rows]


def task_scope(user: User) -> dict[str, Any]:
    """The requester's scope and identity, handed to the background task."""
    scope = scope_for_user(user)
    return {
        "scope_projects": sorted(scope) if isinstance(scope, frozenset) else None,
        "actor_id": user.pk,
    }


def enqueue_check(contact_import: ContactImport, *, user: User) -> None:
    scope = task_scope(user)
    transaction.on_commit(
        lambda: contact_import_check_task.enqueue(import_id=contact_import.pk, **scope)
    )


def enqueue_write(contact_import: ContactImport, *, user: User) -> None:
    """Start the write of a checked import (ValidationError when it is not waiting for it)."""
    services.contact_import_require_validated(contact_import)
    scope = task_scope(user)
    transaction.on_commit(
        lambda: contact_import_execute_task.enqueue(import_id=contact_import.pk, **scope)
    )


def retry(contact_import: ContactImport, *, user: User) -> None:
    """Start a failed import again from the step that died (ValidationError when it cannot)."""
    with transaction.atomic():
        services.contact_import_retry(contact_import=contact_import)
        if contact_import.status == ContactImport.Status.VALIDATING:
            enqueue_check(contact_import, user=user)
        else:
            enqueue_write(contact_import, user=user)
