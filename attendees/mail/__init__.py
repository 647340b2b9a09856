"""Email to researchers: what is sent when (queue.py), how it reads (rendering.py, templates/emails/),
what is attached (calendar.py, qr.py) and how it reaches the mail server (delivery.py).

Every message is an OutboundEmail row created in the same transaction as the change that causes
it; the `send_outbound_email` task (attendees/tasks.py) delivers it after the commit and retries
with backoff while the mail server is unreachable.
"""


def send_invitations(*, invitation_ids, now=None):
    """See attendees.mail.queue.send_invitations (imported late: this package is loaded by the models)."""
    from .queue import send_invitations as queue_invitations

    return queue_invitations(invitation_ids=invitation_ids, now=now)
