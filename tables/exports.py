"""CSV of the seating: one row per person and round, tables in order, hosts first."""
from django.utils.translation import gettext as _

from textsafety.spreadsheets import csv_text

from .board import build_board
from .queries import load_event_seating


def seating_csv(*, event, rounds=None):
    """The seats of `rounds` (default: every round of the event) as CSV text for spreadsheets. Reads only.

    The text starts with the byte-order mark and its cells are formula-escaped (textsafety.spreadsheets);
    round and table numbers stay numbers.
    """
    data = load_event_seating(event)
    wanted = {r.pk for r in rounds} if rounds is not None else None
    rows = [[
        _("round"), _("table"), _("table name"), _("theme"), _("role"), _("name"), _("affiliation"),
        _("lab"), _("company"), _("email"), _("choice"), _("pinned"), _("placed by"),
    ]]
    for round_ in data.rounds:
        if wanted is not None and round_.pk not in wanted:
            continue
        board = build_board(data, round_)
        for card in board.cards:
            theme = str(card.theme) if card.theme else ""
            for person in card.people:
                seat = person.seat
                if person.is_host:
                    host = data.event_host_by_pk[seat.event_host_id].host
                    role, affiliation, lab, company = _("host"), "", "", host.company.name
                else:
                    researcher = data.registration_by_pk[seat.registration_id].researcher
                    role, affiliation, lab, company = _("researcher"), researcher.affiliation, researcher.lab, ""
                rows.append([
                    round_.number, card.table.number, card.table.name, theme, role, person.name, affiliation, lab,
                    company, person.email, person.match or "", _("yes") if seat.pinned else "",
                    seat.get_placed_by_display(),
                ])
    return csv_text(rows)
