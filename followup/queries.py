"""What the hosts' phone page reads: an event's hosts with their tables, and the guests of one host's tables."""
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from attendees.models import EventHost, Registration
from tables.models import Seat

from .figures import earlier_follow_ups
from .models import FollowUp, HostNote


@dataclass
class Guest:
    registration: Registration
    seats: list = field(default_factory=list)  # this guest's seats at the host's tables
    follow_up: FollowUp | None = None
    notes: list = field(default_factory=list)  # latest first
    earlier: list = field(default_factory=list)  # follow-ups at earlier events, latest first

    @property
    def stage(self):
        return self.follow_up.stage if self.follow_up else None


def hosts_with_tables(event):
    """The event's hosts (company, name order), each with its seats (round and table)."""
    seats = Seat.objects.select_related("round", "table").order_by("round__number")
    return list(EventHost.objects.filter(event=event).select_related("host__company")
                .prefetch_related(Prefetch("seats", queryset=seats))
                .order_by("host__company__name", "host__last_name", "host__first_name", "pk"))


def guests_of(event_host):
    """The researchers seated at `event_host`'s tables, in every round (round, then table, then name).

    A guest who sits with the host in both rounds is listed once, with both seats. A constant
    number of queries, whatever the number of guests.
    """
    tables = list(Seat.objects.filter(event_host=event_host).values_list("round_id", "table_id"))
    if not tables:
        return []
    at_the_tables = Q()
    for round_id, table_id in tables:
        at_the_tables |= Q(round_id=round_id, table_id=table_id)
    seats = (Seat.objects.filter(at_the_tables, registration__isnull=False)
             .select_related("round", "table", "registration__researcher", "registration__event")
             .order_by("round__number", "table__number", "registration__researcher__last_name",
                       "registration__researcher__first_name", "pk"))
    guests = {}
    for seat in seats:
        guest = guests.setdefault(seat.registration_id, Guest(registration=seat.registration))
        guest.seats.append(seat)
    follow_ups = FollowUp.objects.filter(registration_id__in=guests).select_related("company", "owner")
    for follow_up in follow_ups:
        guests[follow_up.registration_id].follow_up = follow_up
    notes = defaultdict(list)
    for note in (HostNote.objects.filter(follow_up__registration_id__in=guests)
                 .select_related("follow_up", "author", "event_host__host")):
        notes[note.follow_up.registration_id].append(note)
    earlier = earlier_follow_ups(guest.registration for guest in guests.values())
    for registration_id, guest in guests.items():
        guest.notes = notes[registration_id]
        guest.earlier = earlier.get(guest.registration.researcher_id, [])
    return list(guests.values())


def seats_the_guest(event_host, registration_id):
    """Whether the registration sits at one of the host's tables in some round."""
    tables = Seat.objects.filter(event_host=event_host).values_list("round_id", "table_id")
    return any(Seat.objects.filter(round_id=round_id, table_id=table_id, registration_id=registration_id).exists()
               for round_id, table_id in tables)
