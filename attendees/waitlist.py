"""The waitlist: first come, first served, by registration time (then id, for equal times)."""
from django.db.models import Q

from .enums import RegistrationStatus
from .models import Registration


def waiting(event_id):
    return (Registration.objects.filter(event_id=event_id, status=RegistrationStatus.WAITLISTED)
            .order_by("created_at", "pk"))


def waitlist_position(registration):
    """1 for the next person to get a place; None when the registration is not waitlisted."""
    if registration.status != RegistrationStatus.WAITLISTED or registration.pk is None:
        return None
    ahead = waiting(registration.event_id).filter(
        Q(created_at__lt=registration.created_at) | Q(created_at=registration.created_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def waitlist_positions(event_ids):
    """{registration id: position} for everyone waitlisted at `event_ids`: one query per event."""
    positions = {}
    for event_id in sorted(set(event_ids)):
        for position, pk in enumerate(waiting(event_id).values_list("pk", flat=True), start=1):
            positions[pk] = position
    return positions
