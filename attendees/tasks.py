"""Background tasks (django-tasks; `./dev worker` runs them from the database queue)."""
from django_tasks import task

from .mail import delivery, writer


@task()
def write_outbound_emails(email_ids):
    """Write the text of stored emails (one task for all the emails of one change); each is then delivered."""
    return len(writer.write_emails(email_ids=email_ids))


@task()
def send_outbound_email(email_id):
    """Deliver one OutboundEmail; on a mail-server error it re-enqueues itself for later."""
    return delivery.deliver(email_id=email_id)
