from .enums import EventStatus
from .models import Event

PUBLIC_STATUSES = (EventStatus.OPEN, EventStatus.CLOSED, EventStatus.FINISHED)


def public_events():
    """Events anyone may see: everything but drafts."""
    return Event.objects.filter(status__in=PUBLIC_STATUSES)
