class SeatingError(Exception):
    """A seating change the organizer asked for cannot be made; the message says why, in their words."""


class SeatingConflict(SeatingError):
    """Someone else changed the same seat meanwhile: the board must be reloaded before trying again."""


class NotOnThisBoard(LookupError):
    """A seat or table named in a change to one round belongs to another round or event: the request
    was forged or garbled, not a race. Nothing was changed; the board's views answer 404."""
