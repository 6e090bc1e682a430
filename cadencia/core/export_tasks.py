"""Background work of downloads: building the large ones."""

from django_tasks import task

from cadencia.core import exports
from cadencia.core.tasks import scoped_task


@task()
@scoped_task
def export_task(*, export_id: int) -> None:
    exports.export_build(export_id)
