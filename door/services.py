"""Checking guests in at the door: researchers (by registration) and company hosts, one way for both.

Every function takes ids, never a request, and does its work in one transaction with the row
locked, so two staff phones scanning the same QR code at the same moment record one arrival.
"""
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from attendees.enums import PLACE_HOLDING_STATUSES
from attendees.models import EventHost, Registration


class CheckInError(Exception):
    """A check-in (or its undoing) that cannot happen; the message is meant for the staff member."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CheckInOutcome:
    checked_in_at: datetime
    already: bool  # True when the guest had arrived before: nothing was changed


@dataclass(frozen=True)
class GuestKind:
    """What differs between checking in a researcher and a host: the row, and who may not come in."""

    model: type
    person: str          # the row's field holding the person (their name is shown)
    form_field: str      # the POST field of the door's buttons that carries the row's id
    update_fields: tuple
    not_checked_in: str  # message when undoing an arrival that was never recorded

    def refusal(self, guest):
        """Why `guest` may not check in, or None."""
        if self.model is Registration and guest.status not in PLACE_HOLDING_STATUSES:
            return _("This registration is %(status)s: only confirmed guests can check in.") % {
                "status": guest.get_status_display().lower()}
        return None


RESEARCHER = GuestKind(
    model=Registration, person="researcher", form_field="registration", update_fields=("checked_in_at", "updated_at"),
    not_checked_in=gettext_noop("This guest was not checked in."),
)
HOST = GuestKind(
    model=EventHost, person="host", form_field="event_host", update_fields=("checked_in_at",),
    not_checked_in=gettext_noop("This host was not checked in."),
)


def arrive(*, kind, guest_id, now=None):
    """Record that guest `guest_id` (a `kind.model` row) has arrived.

    In one transaction, with the row locked: refuses (CheckInError) a researcher who holds no
    place (waitlisted, declined, cancelled); sets `checked_in_at` to `now` the first time only.
    A second check-in changes nothing and reports the first arrival time (`already=True`).
    Raises `kind.model.DoesNotExist` for an unknown id.
    """
    now = now or timezone.now()
    with transaction.atomic():
        guest = kind.model.objects.select_for_update().get(pk=guest_id)
        refusal = kind.refusal(guest)
        if refusal:
            raise CheckInError(refusal)
        if guest.checked_in_at is not None:
            return CheckInOutcome(checked_in_at=guest.checked_in_at, already=True)
        guest.checked_in_at = now
        guest.save(update_fields=kind.update_fields)
        return CheckInOutcome(checked_in_at=now, already=False)


def undo_arrival(*, kind, guest_id):
    """Forget a mistaken check-in of guest `guest_id`.

    In one transaction, with the row locked: clears `checked_in_at` and returns the arrival time
    that was removed. Raises CheckInError when the guest was not checked in.
    """
    with transaction.atomic():
        guest = kind.model.objects.select_for_update().get(pk=guest_id)
        if guest.checked_in_at is None:
            raise CheckInError(_(kind.not_checked_in))
        arrived_at = guest.checked_in_at
        guest.checked_in_at = None
        guest.save(update_fields=kind.update_fields)
        return arrived_at


def check_in(*, registration_id, now=None):
    return arrive(kind=RESEARCHER, guest_id=registration_id, now=now)


def undo_check_in(*, registration_id):
    return undo_arrival(kind=RESEARCHER, guest_id=registration_id)


def check_in_host(*, event_host_id, now=None):
    return arrive(kind=HOST, guest_id=event_host_id, now=now)


def undo_host_check_in(*, event_host_id):
    return undo_arrival(kind=HOST, guest_id=event_host_id)
