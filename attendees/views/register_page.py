"""The registration page served whole from the cache (events/whole_pages.py), in two variants: with
and without the warning that the places are taken, which is counted for every visitor."""
from django.db.models import Count, Q
from django.utils import timezone

from events.queries import public_events

from ..enums import PLACE_HOLDING_STATUSES

VARIANT_ATTRIBUTE = "register_page_variant"


def places_taken(event, held):
    """Whether a new registration for `event`, `held` of whose places are held, would join the waitlist."""
    return held >= event.researcher_capacity


def variant_of(taken):
    return "taken" if taken else "free"


def events_with_places_held():
    """Public events, each with `held_places`: the registration page's one query."""
    return public_events().annotate(
        held_places=Count("registrations", filter=Q(registrations__status__in=PLACE_HOLDING_STATUSES)))


def register_page_variant(request, slug):
    """The variant of the blank registration page this request gets, or None when it must be rendered
    (registration not open, no such event). Remembered on the request, so the view keeps the page it
    renders only when it counted the same."""
    event = events_with_places_held().filter(slug=slug).first()
    if event is None or event.registration_state(timezone.now()) != "open":
        return None
    variant = variant_of(places_taken(event, held=event.held_places))
    setattr(request, VARIANT_ATTRIBUTE, variant)
    return variant
