"""What a researcher may see of the seating: their tables in the rounds the organizer has published.

Read-only. Three queries however many rounds, tables or researchers: the researchers' seats, the
themes of those tables, and the hosts seated at them.
"""
from collections import defaultdict

from attendees.published import PublishedTable

from .models import Seat, TableTheme

__all__ = ["PublishedTable", "published_seating", "published_seating_by_registration"]


def published_seating(registration):
    """The registration's tables, one row per published round, in round order."""
    return published_seating_by_registration(event_id=registration.event_id, registration_ids=[registration.pk]).get(
        registration.pk, []
    )


def published_seating_by_registration(*, event_id, registration_ids):
    """{registration id: [PublishedTable, ...]} for the given registrations of one event.

    Registrations without a seat in a published round are left out.
    """
    seats = list(
        Seat.objects.filter(
            registration_id__in=registration_ids, round__event_id=event_id, round__published_at__isnull=False,
        ).select_related("round", "table").order_by("round__number")
    )
    if not seats:
        return {}
    round_ids = {seat.round_id for seat in seats}
    table_ids = {seat.table_id for seat in seats}
    themes = {
        (theme.round_id, theme.table_id): theme
        for theme in TableTheme.objects.filter(round_id__in=round_ids, table_id__in=table_ids)
        .select_related("company", "research_area")
    }
    hosts = defaultdict(list)
    host_seats = (
        Seat.objects.filter(round_id__in=round_ids, table_id__in=table_ids, event_host__isnull=False)
        .select_related("event_host__host__company").order_by("event_host__host__last_name", "pk")
    )
    for seat in host_seats:
        host = seat.event_host.host
        hosts[(seat.round_id, seat.table_id)].append(f"{host.full_name} ({host.company.display_name})")

    rows = defaultdict(list)
    for seat in seats:
        key = (seat.round_id, seat.table_id)
        theme = themes.get(key)
        rows[seat.registration_id].append(PublishedTable(
            round_number=seat.round.number, round_basis=seat.round.basis, table_number=seat.table.number,
            table_name=seat.table.name, theme=theme.subject.display_name if theme else "",
            host_names=tuple(hosts[key]),
        ))
    return dict(rows)
