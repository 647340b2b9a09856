"""Sending personal links again: the public "lost your link?" form and the organizer's "new link".

How long a link works, and what it opens, is attendees/links.py.
"""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import links
from .addresses import with_address
from .mail.answers import queue_answer, queue_not_registered
from .mail.enums import EmailKind
from .models import Registration, new_token
from .services import StatusChangeReport


def links_expired(event, now):
    """Whether the personal links of `event` have stopped working (a new one would too)."""
    return now >= links.personal_links_expire_at(event)


def send_personal_link(*, event, email, language, now=None):
    """The "lost your link?" form: email the personal link to `email` if it is registered for `event`.

    One email, written now and sent after the commit: "your personal link" to the registration's
    address (whatever its status), else "no registration with this address" in `language`. Nothing
    when the event's links have expired, or when the same answer went to the address within
    mail.answers.REPEAT_WINDOW. The caller answers the same whatever happened. Returns the
    EmailKind written, or None.
    """
    now = now or timezone.now()
    email = email.strip()
    if links_expired(event, now):
        return None
    with transaction.atomic():
        registration = (
            with_address(Registration.objects.filter(event=event), email, field="researcher__email")
            .select_related("event", "researcher").first()
        )
        if registration is not None:
            sent = queue_answer(registration=registration, kind=EmailKind.PERSONAL_LINK, now=now)
        else:
            sent = queue_not_registered(event=event, to=email, language=language, now=now)
    return sent.kind if sent is not None else None


def send_new_personal_links(*, registration_ids, now=None):
    """The organizer's "send a new personal link": every older link of these registrations stops working.

    For each registration (rows locked in id order, one transaction): a new token, so the old
    personal-page link, calendar link and check-in QR code stop working, and the "new personal
    link" email with the new one, sent after the commit. Registrations whose links have expired
    (PERSONAL_LINK_DAYS_AFTER_EVENT after their event) are skipped with the reason. Returns a
    StatusChangeReport (changed, skipped).
    """
    now = now or timezone.now()
    report = StatusChangeReport()
    with transaction.atomic():
        registrations = (
            Registration.objects.select_for_update(of=("self",)).filter(pk__in=list(registration_ids))
            .select_related("event", "researcher").order_by("pk")
        )
        for registration in registrations:
            if links_expired(registration.event, now):
                report.skipped.append((registration, _("its links have expired with its event")))
                continue
            registration.token = new_token()
            registration.save(update_fields=["token", "updated_at"])
            queue_answer(registration=registration, kind=EmailKind.NEW_LINK, now=now)
            report.changed.append(registration)
    return report
