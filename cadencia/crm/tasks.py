"""Background work of the CRM: e-mailing comments."""

from django_tasks import task

from cadencia.core.tasks import scoped_task
from cadencia.crm import comments


@task()
@scoped_task
def comment_email_task(*, comment_id: int) -> None:
    comments.comment_email_send(comment_id)


@task()
@scoped_task
def sms_send_task(*, message_id: int) -> None:
    from cadencia.crm.sms.services import sms_deliver

    sms_deliver(message_id)
