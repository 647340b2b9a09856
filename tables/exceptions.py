class SeatingError(Exception):
    """A seating change the organizer asked for cannot be made; the message says why, in their words."""


class SeatingConflict(SeatingError):
    """Someone else changed the same seat meanwhile: the board must be reloaded before trying again."""
