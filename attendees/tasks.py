"""Background tasks (django-tasks; `./dev worker` runs them from the database queue)."""
from django_tasks import task

from .mail import delivery, writer


@task()
def write_outbound_emails(email_ids):
    """Write the text of stored emails (one task for all the emails of one change), then send them from here.

    Sending from the same task spares a task per email. Every email of the task is tried, also one
    another writer wrote meanwhile; delivery claims each, so none goes out twice, and skips one not
    written yet (the writer that holds it sends it). An email this worker does not get to (it died)
    is due and unclaimed, and the recovery pass enqueues its delivery.
    """
    written = writer.write_emails(email_ids=email_ids)
    for email_id in email_ids:
        delivery.deliver(email_id=email_id)
    return len(written)


@task()
def send_outbound_email(email_id):
    """Deliver one OutboundEmail; on a mail-server error it re-enqueues itself for later."""
    return delivery.deliver(email_id=email_id)
