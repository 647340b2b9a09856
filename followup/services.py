"""Recruiting follow-up: hosts' notes and stages. Plain functions taking ids, called by the phone
page and the admin alike; each works in one transaction with the follow-up row locked, so two phones
at one table write one follow-up."""
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from attendees.models import EventHost, Registration
from textsafety.cleaning import clean_line

from .enums import Stage
from .models import FollowUp, HostNote

MAX_NOTE = 2000


class FollowUpError(Exception):
    """A note or stage that cannot be saved; the message is meant for the staff member."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def clean_note(text):
    """A note as text people read: every line cleaned like a name field (NFC, no invisible or
    direction-changing characters), blank lines at the ends dropped, at most MAX_NOTE characters."""
    lines = [clean_line(line) for line in (text or "").replace("\r\n", "\n").split("\n")]
    cleaned = "\n".join(lines).strip("\n")
    if not cleaned.strip():
        raise FollowUpError(_("The note is empty."))
    if len(cleaned) > MAX_NOTE:
        raise FollowUpError(_("A note can be at most %(max)d characters long.") % {"max": MAX_NOTE})
    return cleaned


def _locked_follow_up(registration_id):
    """The registration's follow-up, made if it has none, locked until the transaction ends."""
    try:
        with transaction.atomic():
            FollowUp.objects.get_or_create(registration_id=registration_id)
    except IntegrityError:  # another phone made it at this moment (or the registration is gone)
        if not Registration.objects.filter(pk=registration_id).exists():
            raise Registration.DoesNotExist from None
    return FollowUp.objects.select_for_update().get(registration_id=registration_id)


def _event_host(event_host_id, registration_id):
    if event_host_id is None:
        return None
    event_host = EventHost.objects.select_related("host").get(pk=event_host_id)
    if not Registration.objects.filter(pk=registration_id, event_id=event_host.event_id).exists():
        raise FollowUpError(_("This host does not take part in this guest's event."))
    return event_host


def _take_over(follow_up, *, user, event_host):
    """A follow-up nobody owns yet goes to whoever first works on it, for the host's company."""
    if follow_up.owner_id is None and user is not None and user.is_authenticated:
        follow_up.owner = user
    if follow_up.company_id is None and event_host is not None:
        follow_up.company_id = event_host.host.company_id


def add_note(*, registration_id, text, user=None, event_host_id=None, now=None):
    """Write a note about registration `registration_id`, by `user` (as host `event_host_id`, if given).

    Makes the follow-up (stage "met") if there is none yet; it gets `user` as owner and the host's
    company when it had none. Raises FollowUpError for an empty or too long note.
    """
    text = clean_note(text)
    with transaction.atomic():
        event_host = _event_host(event_host_id, registration_id)
        follow_up = _locked_follow_up(registration_id)
        _take_over(follow_up, user=user, event_host=event_host)
        follow_up.save()
        return HostNote.objects.create(follow_up=follow_up, text=text, event_host=event_host,
                                       author=user if user is not None and user.is_authenticated else None,
                                       created_at=now or timezone.now())


def set_stage(*, registration_id, stage, user=None, event_host_id=None, now=None):
    """Move registration `registration_id`'s follow-up to `stage` (a Stage value) and return it.

    Makes the follow-up if there is none; the owner and company are filled in as add_note does.
    Setting the stage it already has changes nothing but the owner and company when they were empty.
    """
    if stage not in Stage.values:
        raise FollowUpError(_("Unknown stage."))
    with transaction.atomic():
        event_host = _event_host(event_host_id, registration_id)
        follow_up = _locked_follow_up(registration_id)
        _take_over(follow_up, user=user, event_host=event_host)
        if follow_up.stage != stage or follow_up.stage_changed_at is None:
            follow_up.stage, follow_up.stage_changed_at = stage, now or timezone.now()
        follow_up.save()
        return follow_up


def erase_notes(*, researcher_id):
    """Delete every note written about researcher `researcher_id` (they asked to be erased)."""
    return HostNote.objects.filter(follow_up__registration__researcher_id=researcher_id).delete()[0]
