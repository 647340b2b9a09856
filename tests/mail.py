"""Stored emails in tests, which run inside a transaction that never commits."""
from attendees.mail.enums import EmailState
from attendees.mail.writer import write_emails
from attendees.models import OutboundEmail


def write_pending():
    """What the writer task does right after a commit: give every `pending` email its text.

    A test's transaction never commits, so transaction.on_commit never enqueues that task; tests
    that read an email's text call this first. Returns the ids written.
    """
    return write_emails(email_ids=OutboundEmail.objects.filter(state=EmailState.PENDING).values_list("pk", flat=True))


def written(email):
    """`email` (a stored OutboundEmail) as the writer leaves it after the commit."""
    write_pending()
    email.refresh_from_db()
    return email
