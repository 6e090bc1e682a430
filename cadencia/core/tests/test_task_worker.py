import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus

from cadencia.core.models import WorkerHeartbeat
from cadencia.core.tests.sample_tasks import workers_alive


@pytest.mark.django_db(transaction=True)
def test_worker_runs_tasks_while_its_heartbeat_is_visible() -> None:
    result = workers_alive.enqueue()
    call_command(
        "task_worker", "--batch", "--no-startup-delay", "--worker-id", "test-worker", "--no-reload"
    )
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == ["test-worker"]
    # A worker that stops cleanly removes its heartbeat so /healthz reports it gone at once.
    assert not WorkerHeartbeat.objects.exists()
