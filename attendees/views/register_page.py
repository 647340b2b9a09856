"""The registration page served whole from the cache (events/whole_pages.py), in two variants: with
and without the warning that the places are taken, which is counted for every visitor."""
from django.utils import timezone

from events import page_cache
from events.queries import public_events

from ..enums import PLACE_HOLDING_STATUSES
from ..models import Registration

VARIANT_ATTRIBUTE = "register_page_variant"


def places_taken(event, held=None):
    """Whether a new registration for `event` would join the waitlist; `held`: its places held, if counted."""
    if held is None:
        held = Registration.objects.filter(event=event, status__in=PLACE_HOLDING_STATUSES).count()
    return held >= event.researcher_capacity


def variant_of(taken):
    return "taken" if taken else "free"


def register_page_variant(request, slug):
    """The variant of the blank registration page this request gets, or None when it must be rendered
    (registration not open, no such event). Remembered on the request, so the view keeps the page it
    renders only when it counted the same."""
    event = page_cache.cached_event(slug, lambda slug: public_events().filter(slug=slug).first())
    if event is None or event.registration_state(timezone.now()) != "open":
        return None
    variant = variant_of(places_taken(event))
    setattr(request, VARIANT_ATTRIBUTE, variant)
    return variant
