"""CSV of the seating: one row per person and round, tables in order, hosts first."""
import csv
import io

from django.utils.translation import gettext as _

from .board import build_board
from .queries import load_event_seating


def seating_csv(*, event, rounds=None):
    """The seats of `rounds` (default: every round of the event) as CSV text. Reads only."""
    data = load_event_seating(event)
    wanted = {r.pk for r in rounds} if rounds is not None else None
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([
        _("round"), _("table"), _("table name"), _("theme"), _("role"), _("name"), _("affiliation"),
        _("lab"), _("company"), _("email"), _("choice"), _("pinned"), _("placed by"),
    ])
    for round_ in data.rounds:
        if wanted is not None and round_.pk not in wanted:
            continue
        board = build_board(data, round_)
        for card in board.cards:
            theme = str(card.theme) if card.theme else ""
            for person in card.people:
                seat = person.seat
                if person.is_host:
                    host = seat.event_host.host
                    role, affiliation, lab, company = _("host"), "", "", host.company.name
                else:
                    researcher = seat.registration.researcher
                    role, affiliation, lab, company = _("researcher"), researcher.affiliation, researcher.lab, ""
                writer.writerow([
                    round_.number, card.table.number, card.table.name, theme, role, person.name, affiliation, lab,
                    company, person.email, person.match or "", _("yes") if seat.pinned else "",
                    seat.get_placed_by_display(),
                ])
    return out.getvalue()
