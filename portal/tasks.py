"""Background tasks of the personal page's part (django-tasks; `./dev worker` runs them)."""
from django_tasks import task

from tables.models import Round

from .mail import queue_seating_emails


@task()
def email_published_round(round_id):
    """Store the "your tables" emails of a published round in bulk (then written and sent by their tasks)."""
    round = Round.objects.filter(pk=round_id).first()
    if round is None:
        return 0
    return len(queue_seating_emails(round=round))
