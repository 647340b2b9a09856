"""Seat the demo event (called at the end of demo.data.seed_demo) so `./dev demo` opens on a seated board."""
from tables import services
from tables.models import Round, TableTheme

DEMO_SEARCH_SECONDS = 1.5  # a good plan for 100 researchers; the board's Generate button searches longer


def seat_demo_event(*, event, seed=0, published_at=None):
    """Theme every round of `event` as suggested and generate all rounds, unless it has themes already.

    Side effects: creates the TableThemes and the Seats (see services.apply_themes and
    services.generate); with `published_at` (a past event), marks every round published then.
    Does nothing when any round of the event is themed, so seeding twice changes nothing and an
    organizer's own themes are never replaced.
    """
    if TableTheme.objects.filter(round__event=event).exists():
        return False
    rounds = list(event.rounds.order_by("number"))
    for round_ in rounds:
        services.apply_themes(round=round_, proposal=services.suggest_themes(round=round_))
    services.generate(event=event, rounds=rounds, seed=seed, time_limit=DEMO_SEARCH_SECONDS)
    if published_at is not None:
        # Not services.publish: its "your tables" emails went out a year ago, the demo must not send them again
        # (announced then too, or the worker's recovery pass would store them as owed).
        Round.objects.filter(event=event).update(published_at=published_at, announced_at=published_at)
    return True
