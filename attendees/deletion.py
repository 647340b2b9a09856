"""Deleting registrations for good, without freeing a place behind the waitlist's back.

Organizers cancel (an action); only an account with the delete permission (superusers) deletes,
and then the registration is first cancelled through services.change_status, so its place goes to
the next person waiting and its seats are freed, exactly as a cancellation does.
"""
from django.db import transaction
from django.utils import timezone

from .enums import PLACE_HOLDING_STATUSES, RegistrationStatus
from .models import Registration
from .services import change_status


class PlaceStillHeld(Exception):
    """A registration that holds a place was about to be deleted without being cancelled first."""


def delete_registrations(*, registration_ids, now=None):
    """Delete registrations for good, after cancelling those still on the list.

    In one transaction: change_status(CANCELLED) on every one of them (seats freed through
    places_released, each freed place handed to the next waitlisted person, who gets the
    "promoted" email, as long as the event has not started), then the rows are deleted with what
    belongs to them (interests, seats, stored emails). The deleted researchers get no email:
    deleting is not a cancellation they are told about. Returns change_status's report (its
    `promoted` lists who got a place).
    """
    now = now or timezone.now()
    ids = list(registration_ids)
    with transaction.atomic():
        report = change_status(registration_ids=ids, status=RegistrationStatus.CANCELLED, now=now,
                               email_changed=False)
        # Read again under the same transaction: the rows are cancelled now, so the guard lets them go.
        Registration.objects.filter(pk__in=ids).delete()
    return report


def refuse_freeing_a_place(registration):
    """The pre_delete guard: a registration that holds a place is deleted only through delete_registrations.

    Anything else (a queryset's delete in a shell, a future cascade) would free the place without
    promoting the first person waiting; it raises instead, and the transaction rolls back.
    """
    if registration.status in PLACE_HOLDING_STATUSES:
        raise PlaceStillHeld(
            f"Registration {registration.pk} holds a place: delete it with attendees.deletion.delete_registrations "
            "(or cancel it first), so that the next person waiting gets the place."
        )
