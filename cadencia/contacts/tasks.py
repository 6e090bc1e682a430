"""Background work of contact imports: checking rows and writing them."""

from django.core.exceptions import ValidationError
from django_tasks import task

from cadencia.contacts import services
from cadencia.contacts.importing.reader import open_table
from cadencia.contacts.models import ContactImport
from cadencia.contacts.progress import progress_start, progress_update
from cadencia.core.tasks import scoped_task


@task()
@scoped_task
def contact_import_check_task(*, import_id: int) -> None:
    contact_import = ContactImport.objects.select_related("database").get(pk=import_id)
    path = services.upload_path_for(contact_import)
    try:
        table = open_table(
            path,
            filename=contact_import.filename,
            max_bytes=services.max_upload_bytes(),
            has_header=contact_import.has_header,
            sheet=contact_import.sheet or None,
        )
        token = contact_import.token
        progress_start(token, "validating", services.estimate_rows(path))
        services.contact_import_check_rows(
            contact_import=contact_import,
            table=table,
            progress=lambda n: progress_update(token, n),
        )
    except ValidationError:
        pass  # recorded on the import as "failed" with its reason
    finally:
        path.unlink(missing_ok=True)


@task()
@scoped_task
def contact_import_execute_task(*, import_id: int) -> None:
    contact_import = ContactImport.objects.select_related("database").get(pk=import_id)
    token = contact_import.token
    progress_start(token, "importing", contact_import.rows_valid)
    services.contact_import_execute(
        contact_import=contact_import, progress=lambda n: progress_update(token, n)
    )
