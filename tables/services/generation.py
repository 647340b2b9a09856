"""Generating a plan with the seating engine and saving it (in the request or in a background run)."""
from dataclasses import dataclass

from .. import adapter
from ..models import Round
from ..queries import load_event_seating


@dataclass(frozen=True)
class GenerationResult:
    created: int
    moved: int
    removed: int
    score: int


def generate(*, event, rounds, keep_manual=True, seed=0, time_limit=None, progress=None):
    """Seat `rounds` (Round instances or numbers) of `event` with the engine and save the plan.

    Keeps pinned seats, and the organizer's manual placements unless `keep_manual` is False;
    other rounds that are seated already are taken as they are (the engine avoids their
    table-mates). The engine runs outside any transaction; the plan is saved in one transaction
    with the event's round rows locked (see tables.adapter.solve_and_save). `progress(fraction,
    best score)` is called now and then. Raises SeatingError (the engine's refusal, in readable
    words) with nothing written.
    """
    numbers = [r.number if isinstance(r, Round) else int(r) for r in rounds]
    outcome, plan = adapter.solve_and_save(
        event=event, round_numbers=numbers, keep_manual=keep_manual, seed=seed, time_limit=time_limit,
        progress=progress,
    )
    return GenerationResult(created=outcome.created, moved=outcome.moved, removed=outcome.removed,
                            score=_score_of(event))


def _score_of(event):
    return adapter.current_figures(load_event_seating(event)).score


def reoptimize(*, round, seed=0, time_limit=None, progress=None):
    """Seat `round` again, moving everyone who is not pinned (manual placements included).

    Same side effects as `generate` for that one round.
    """
    return generate(event=round.event, rounds=[round], keep_manual=False, seed=seed, time_limit=time_limit,
                    progress=progress)
