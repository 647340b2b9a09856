"""The demo's follow-up (answering attendees.signals.demo_seeded): what recruiting made of a finished
dinner's guests, so the funnel, the hosts' page and the returning researchers' earlier stages show data.

Through the services, as hosts and recruiters would write it. Fixed random seed; nothing is added to an
event that has a follow-up already, so seeding twice changes nothing.
"""
import random
from datetime import timedelta

from events.enums import EventStatus
from tables.models import Seat

from . import services
from .enums import Stage
from .models import FollowUp

# Of last year's 20 guests, what became of those someone wrote about (the rest: nobody did).
STAGES = ([Stage.HIRED] * 2 + [Stage.OFFER] + [Stage.INTERVIEWING] * 3 + [Stage.CONTACTED] * 4 + [Stage.MET] * 4
          + [Stage.NOT_PURSUED] * 3)
DAYS_AFTER = {Stage.CONTACTED: 5, Stage.NOT_PURSUED: 9, Stage.INTERVIEWING: 21, Stage.OFFER: 48, Stage.HIRED: 76}
AT_THE_DINNER = [
    "Works on video generation; graduating next spring.",
    "Strong systems background, asked about internships in Seoul.",
    "Interested in the multimodal team. Has two CVPR papers this year.",
    "Wants to stay in research after the PhD; asked about publishing at LG.",
    "Good fit for the vision team: follow up after the conference.",
    "Asked about research scientist roles and relocation.",
]
LATER = {
    Stage.CONTACTED: "Sent the team overview and asked for a CV.",
    Stage.NOT_PURSUED: "Not looking before graduation; keep in touch for next year.",
    Stage.INTERVIEWING: "Technical interview scheduled with the vision team.",
    Stage.OFFER: "Offer sent; waiting for an answer.",
    Stage.HIRED: "Accepted the offer; starts after graduation.",
}


def seed_follow_ups(event, *, seed=2026):
    """Follow-ups for `event`'s checked-in guests; returns how many were made (0 if it has any already).

    Each begins with a note by the host of the guest's round-1 table, written during the dinner; those
    that went further get their stage later and a note from the staff (no account: the demo has none).
    """
    if FollowUp.objects.filter(registration__event=event).exists():
        return 0
    rng = random.Random(seed)
    guests = list(event.registrations.exclude(checked_in_at=None).order_by("pk").values_list("pk", flat=True))
    chosen = rng.sample(guests, min(len(STAGES), len(guests)))
    seats = Seat.objects.filter(round__event=event, round__number=1)
    table_of = dict(seats.filter(registration_id__in=chosen).values_list("registration_id", "table_id"))
    host_of = dict(seats.filter(event_host__isnull=False).order_by("pk").values_list("table_id", "event_host_id"))
    for index, (registration_id, stage) in enumerate(zip(sorted(chosen), STAGES, strict=False)):
        at_dinner = event.starts_at + timedelta(minutes=75 + 3 * index)
        services.add_note(registration_id=registration_id, text=rng.choice(AT_THE_DINNER),
                          event_host_id=host_of.get(table_of.get(registration_id)), now=at_dinner)
        if stage == Stage.MET:
            services.set_stage(registration_id=registration_id, stage=stage, now=at_dinner)
            continue
        later = event.ends_at + timedelta(days=DAYS_AFTER[stage], hours=rng.randrange(9))
        services.set_stage(registration_id=registration_id, stage=stage, now=later)
        services.add_note(registration_id=registration_id, text=LATER[stage], now=later)
    return len(chosen)


def seed_finished_events(events):
    """The demo's finished events (last year's dinner) get their follow-up."""
    return sum(seed_follow_ups(event) for event in events if event.status == EventStatus.FINISHED)
