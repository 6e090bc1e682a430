"""Background work of the audit: building large exports."""

from django_tasks import task

from cadencia.audits import exports
from cadencia.core.tasks import scoped_task


@task()
@scoped_task
def audit_export_task(*, export_id: int) -> None:
    exports.export_build(export_id)
