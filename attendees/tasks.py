"""Background tasks (django-tasks; `./dev worker` runs them from the database queue)."""
from django_tasks import task

from .mail import delivery


@task()
def send_outbound_email(email_id):
    """Deliver one OutboundEmail; on a mail-server error it re-enqueues itself for later."""
    return delivery.deliver(email_id=email_id)
