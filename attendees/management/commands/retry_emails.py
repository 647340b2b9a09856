"""Send every unsent email again now, in this process: after a mail-server outage, or for failed ones."""
from django.core.management.base import BaseCommand

from attendees.mail import delivery
from attendees.mail.enums import UNSENT_STATES, EmailState
from attendees.models import OutboundEmail


class Command(BaseCommand):
    help = "Retry unsent emails (queued, retrying and failed) now; prints how many went out."

    def add_arguments(self, parser):
        parser.add_argument("--event", help="only this event (its slug)")
        parser.add_argument("--state", choices=[s.value for s in UNSENT_STATES], action="append",
                            help="only emails in this state (repeatable); default: every unsent state")

    def handle(self, *args, event=None, state=None, **options):
        emails = OutboundEmail.objects.filter(state__in=state or UNSENT_STATES)
        if event:
            emails = emails.filter(event__slug=event)
        ids = delivery.requeue(email_ids=list(emails.values_list("pk", flat=True)))
        outcomes = [delivery.deliver(email_id=email_id) for email_id in ids]
        sent = outcomes.count(EmailState.SENT)
        self.stdout.write(f"{sent} sent, {len(ids) - sent} not sent (see the admin's Emails list for the errors).")
