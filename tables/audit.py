"""What the audit trail (django-auditlog) records of seating, registered in TablesConfig.ready().

Rounds: publishing and unpublishing (`published_at`), number, basis and start. Seats: which table a
person sits at and whether the seat is pinned, so a move on the board names who made it. A
generation writes seats in bulk and is not logged seat by seat: its run (Admin → Seating runs)
names who started it.
"""
from auditlog.registry import auditlog


def register_models():
    from .models import Round, Seat

    auditlog.register(Round, include_fields=["number", "basis", "starts_at", "published_at"])
    auditlog.register(Seat, include_fields=["table", "pinned"])
