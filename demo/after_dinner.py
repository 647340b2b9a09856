"""Last year's dinner as it looks months later: the guests' answers to the survey (here) and, through the
demo_seeded signal, what recruiting made of them (followup/demo.py: demo imports no sibling app).

Fixed random seed, and nothing is added to an event that has answers already: seeding twice changes nothing.
"""
import random
from datetime import timedelta

from attendees.enums import WouldComeAgain
from attendees.models import SurveyResponse
from tables.board import build_board
from tables.queries import load_event_seating

NOT_ANSWERING = 4  # of last year's 20 guests: a survey is never answered by everyone
COMMENTS = [
    "Great conversations, especially in the first round.",
    "The research table was a bit too broad for me.",
    "I would have liked more time with the hosts.",
    "Very well organized, thank you!",
    "The table mixed labs nicely; I met people I would not have met otherwise.",
    "",
    "",
    "",
]


def _rating(rng, match):
    """A table's conversation as its guest rated it: better at a table they chose, best at their first."""
    base = {1: 4, 2: 4, 3: 3}.get(match, 3)
    return max(1, min(5, base + rng.choice([-1, 0, 0, 1, 1])))


def answer_survey(event, *, seed=2026):
    """Survey answers of `event`'s checked-in guests, all but NOT_ANSWERING of them; returns how many were made.

    Each round's rating follows how well the guest was seated (their seats as the board reads them),
    so the home's answers per table tell something. Does nothing if any guest of the event answered.
    """
    if SurveyResponse.objects.filter(registration__event=event).exists():
        return 0
    rng = random.Random(seed)
    data = load_event_seating(event)
    matches = {}  # (registration pk, round number) -> rank of the table's theme among their choices, or None
    for round_ in data.rounds:
        for card in build_board(data, round_).cards:
            for person in card.researchers:
                matches[(person.seat.registration_id, round_.number)] = person.match
    guests = list(event.registrations.exclude(checked_in_at=None).order_by("pk").values_list("pk", flat=True))
    answering = sorted(rng.sample(guests, max(len(guests) - NOT_ANSWERING, 0)))
    morning = event.ends_at + timedelta(hours=12)
    responses = []
    for index, registration_id in enumerate(answering):
        ratings = {n: _rating(rng, matches[(registration_id, n)]) if (registration_id, n) in matches else None
                   for n in (1, 2)}
        rated = [r for r in ratings.values() if r is not None]
        overall = max(1, min(5, round(sum(rated) / len(rated)) + rng.choice([-1, 0, 0, 1]))) if rated else 4
        again = WouldComeAgain.YES if overall >= 4 else WouldComeAgain.MAYBE if overall == 3 else WouldComeAgain.NO
        submitted = morning + timedelta(minutes=23 * index + rng.randrange(20))
        responses.append(SurveyResponse(
            registration_id=registration_id, overall_rating=overall, round_1_rating=ratings[1],
            round_2_rating=ratings[2], comments=rng.choice(COMMENTS), would_come_again=again,
            submitted_at=submitted, updated_at=submitted))
    SurveyResponse.objects.bulk_create(responses)
    return len(responses)
