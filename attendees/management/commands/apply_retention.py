"""`manage.py apply_retention`: anonymize and blank what the retention settings say is due; prints what it did.

The worker runs the same once a day (attendees/receivers.py); run this from cron when no worker
runs `run_worker`, or to see at once what is due.
"""
from django.core.management.base import BaseCommand

from ...retention import apply_retention


class Command(BaseCommand):
    help = ("Anonymize researchers whose last event ended more than RETENTION_DAYS_AFTER_EVENT days ago; blank "
            "the email texts of events ended more than EMAIL_BODY_DAYS_AFTER_EVENT days ago.")

    def add_arguments(self, parser):
        parser.add_argument("--days-after-event", type=int, default=None,
                            help="override RETENTION_DAYS_AFTER_EVENT (365)")
        parser.add_argument("--email-body-days", type=int, default=None,
                            help="override EMAIL_BODY_DAYS_AFTER_EVENT (30)")

    def handle(self, *args, days_after_event=None, email_body_days=None, **options):
        report = apply_retention(days_after_event=days_after_event, email_body_days=email_body_days)
        self.stdout.write(str(report) if report else "Retention: nothing is due.")
