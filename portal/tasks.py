"""Background tasks of the personal page's part (django-tasks; `./dev worker` runs them)."""
from django_tasks import task

from tables.models import Round

from .mail import queue_seating_emails


@task()
def email_published_round(round_id):
    """Write the "your tables" emails of a published round in bulk (each then goes out by its own task)."""
    round = Round.objects.filter(pk=round_id, published_at__isnull=False).first()
    if round is None:  # taken back before the worker got to it: nothing to announce
        return 0
    return len(queue_seating_emails(round=round))
