"""The emails that answer the public forms, written to the address that was typed in.

The page after the registration form or the "lost your link?" form says the same for every
address; these emails say what applies. Each is an OutboundEmail row stored in the caller's
transaction, written and sent after the commit, like every email (queue.py).

The same answer to the same address is not written again within REPEAT_WINDOW, so a double tap on
a button, or a page sent twice, gives one email.
"""
from datetime import timedelta

from ..models import OutboundEmail
from .enums import EmailKind
from .queue import queue_email, queue_registration_email

REPEAT_WINDOW = timedelta(minutes=5)


def sent_recently(*, event, to, kind, now):
    return OutboundEmail.objects.filter(
        event=event, to__iexact=to, kind=kind, created_at__gte=now - REPEAT_WINDOW
    ).exists()


def queue_answer(*, registration, kind, now):
    """`kind` (already registered, personal link, new link) to the registration's own address.

    Returns the OutboundEmail, or None when the same was written to that address just before.
    """
    if kind != EmailKind.NEW_LINK and sent_recently(
        event=registration.event, to=registration.researcher.email, kind=kind, now=now
    ):
        return None
    return queue_registration_email(registration=registration, kind=kind, now=now)


def queue_confirmation_request(*, registration_request, registration=None, now):
    """"Confirm your registration", or "register again" when `registration` is the address's cancelled one."""
    kind = EmailKind.CONFIRM if registration is None else EmailKind.REREGISTER
    return queue_email(
        event=registration_request.event, kind=kind, language=registration_request.language,
        to=registration_request.email, registration=registration, registration_request=registration_request, now=now,
    )


def queue_not_registered(*, event, to, language, now):
    """"No registration with this address" (the lost-link form), unless written to it just before."""
    if sent_recently(event=event, to=to, kind=EmailKind.NOT_REGISTERED, now=now):
        return None
    return queue_email(event=event, kind=EmailKind.NOT_REGISTERED, language=language, to=to, now=now)
