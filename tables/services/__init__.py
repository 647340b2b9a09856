"""Seating an event, one module per job: table themes, generating plans (in the request or a
background run), moving people by hand, publishing.

Every function takes keyword arguments (model instances or ids, never a request) and raises
SeatingError with a message for the organizer when it refuses; nothing is written then.
"""
from .generation import GenerationResult, LateChangesPreview, generate, late_changes, reoptimize
from .moves import ReoptimizeScope, SeatChange, move, reoptimize_scope, set_pinned, swap
from .publishing import publish, publish_recipients, unpublish
from .runs import execute_run, fail_abandoned_runs, outcome_message, start_run
from .themes import ThemeProposal, ThemeShare, apply_themes, suggest_themes

__all__ = [
    "GenerationResult", "LateChangesPreview", "ReoptimizeScope", "SeatChange", "ThemeProposal", "ThemeShare",
    "apply_themes", "execute_run", "fail_abandoned_runs", "generate", "late_changes", "move", "outcome_message",
    "publish", "publish_recipients", "reoptimize", "reoptimize_scope", "set_pinned", "start_run", "suggest_themes",
    "swap", "unpublish",
]
