"""Taking the demo back to how `seed_demo` made it: `seed_demo --fresh` removes its events and people first."""
from django.db import transaction

from attendees.enums import RegistrationStatus
from attendees.models import Host, Registration, Researcher
from events.models import Event

from .data import DEMO_EVENT_SLUGS, DEMO_HOST_EMAIL_DOMAIN


@transaction.atomic
def remove_demo():
    """Delete the demo's two events with everything that hangs on them, their researchers and the demo hosts.

    Registrations are cancelled by a plain UPDATE first, not through services.change_status: the
    whole event goes, so nobody is promoted, emailed or freed a seat (the deletion guard lets
    cancelled rows go). Researchers go only when no other event knows them; companies, research
    areas and accounts stay (seeding finds them again). Returns how many events were removed.
    """
    events = Event.objects.filter(slug__in=DEMO_EVENT_SLUGS)
    registrations = Registration.objects.filter(event__in=events)
    researcher_ids = set(registrations.values_list("researcher_id", flat=True))
    registrations.update(status=RegistrationStatus.CANCELLED)
    registrations.delete()
    count = len(events)
    events.delete()
    Researcher.objects.filter(pk__in=researcher_ids, registrations__isnull=True).delete()
    Host.objects.filter(email__iendswith=f"@{DEMO_HOST_EMAIL_DOMAIN}", participations__isnull=True).delete()
    return count
