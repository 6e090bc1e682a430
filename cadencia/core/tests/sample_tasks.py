"""A task used by the worker tests: it reports which workers were alive while it ran."""

from django_tasks import task

from cadencia.core.models import WorkerHeartbeat


@task()
def workers_alive() -> list[str]:
    return sorted(WorkerHeartbeat.objects.values_list("worker_id", flat=True))
