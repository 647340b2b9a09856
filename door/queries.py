"""What the door page reads: guests and hosts matching a search, with their tables in each round."""
from django.db.models import OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce, NullIf

from attendees.models import EventHost, Registration
from tables.models import Seat, TableTheme

GUEST_FIELDS = ["researcher__first_name", "researcher__last_name", "researcher__native_name", "researcher__email",
                "researcher__affiliation"]
HOST_FIELDS = ["host__first_name", "host__last_name", "host__native_name", "host__email", "host__company__name"]


def seats_with_theme():
    """Seats with their round and table, and the table's theme in that round as `theme_name`/`theme_name_ko`."""
    theme = TableTheme.objects.filter(round=OuterRef("round_id"), table=OuterRef("table_id"))
    return (
        Seat.objects.select_related("round", "table")
        .annotate(
            theme_name=Subquery(theme.values(name=Coalesce("company__name", "research_area__name"))[:1]),
            theme_name_ko=Subquery(theme.values(name=Coalesce(
                NullIf("company__name_ko", Value("")), NullIf("research_area__name_ko", Value(""))))[:1]),
        )
        .order_by("round__number")
    )


def _matching_every_word(queryset, query, fields):
    """Rows where each word of `query` is found in at least one of `fields` (case-insensitive)."""
    for word in query.split():
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(any_field)
    return queryset


def _search(queryset, query, *, fields, person, related, limit):
    return list(
        _matching_every_word(queryset, query, fields).select_related(related)
        .prefetch_related(Prefetch("seats", queryset=seats_with_theme()))
        .order_by(f"{person}__last_name", f"{person}__first_name", "pk")[:limit]
    )


def search_guests(*, event, query, limit=30):
    """The event's registrations (any status) whose researcher matches every word of `query`.

    A word matches the first, last or native name (Hangul too: "서연" finds 박서연), the email or
    the affiliation. Each registration comes with its researcher and its seats (`seats_with_theme`).
    """
    return _search(Registration.objects.filter(event=event), query, fields=GUEST_FIELDS, person="researcher",
                   related="researcher", limit=limit)


def search_hosts(*, event, query, limit=10):
    """The event's hosts matching every word of `query` (name, native name, email or company)."""
    return _search(EventHost.objects.filter(event=event), query, fields=HOST_FIELDS, person="host",
                   related="host__company", limit=limit)
