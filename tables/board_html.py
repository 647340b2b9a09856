"""The board's table cards and its menus of tables and people, as HTML.

Built in Python rather than with the template engine: at 250 tables (2,250 people) the engine
took over a second for these rows alone, and the board must stay within a few times its time at
12 tables. Every value goes through `escape`: participant text is text, never markup.
"""
from html import escape as _escape

from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _


def escape(value):
    # The standard library's escape (same five characters as Django's) without Django's lazy-string
    # wrapper, which cost more than the rest of a row at 2,500 rows.
    return _escape(str(value))


class CardTexts:
    """What every card and row shows alike, translated and escaped once per page."""

    def __init__(self, round_, *, can_change):
        self.round = round_
        self.can_change = can_change
        self.seat_base = reverse("admin:tables_round_board", args=[round_.pk]) + "seat/"
        self.actions = escape(_("Actions"))
        self.hosts = escape(_("Hosts"))
        self.researchers = escape(_("Researchers"))
        self.fill_title = escape(_("researchers / seats"))
        self.no_theme = escape(_("no theme"))
        self.pinned = escape(_("pinned"))
        self.pinned_title = escape(_("Pinned: generating again keeps this seat"))
        self.by_hand = escape(_("by hand"))
        self.by_hand_title = escape(_("Placed by hand"))
        self.host = escape(_("host"))
        self.badges = {}   # match -> escaped label
        self.why = escape(_("Why here?"))
        self.choices = escape(_("Their choices:"))
        self.no_choices = escape(_("No choices given."))
        self.none_matched = escape(_("None of their choices is this table's theme."))

    def badge(self, person):
        if person.match not in self.badges:
            self.badges[person.match] = escape(person.match_label)
        return self.badges[person.match]


def person_row(person, texts):
    seat = person.seat
    classes = "sb-person" + (" sb-host" if person.is_host else "") + (" sb-pinned" if seat.pinned else "")
    parts = [f'<li class="{classes}" id="seat-{seat.pk}" data-seat="{seat.pk}" data-version="{seat.version}"',
             ' data-pinned="1">' if seat.pinned else ">",
             f'<div class="sb-person-line"><span class="sb-name">{escape(person.name)}</span>']
    if seat.pinned:
        parts.append(f' <span class="sb-tag sb-tag-pin" title="{texts.pinned_title}">{texts.pinned}</span>')
    elif person.manual:
        parts.append(f' <span class="sb-tag" title="{texts.by_hand_title}">{texts.by_hand}</span>')
    if not person.is_host or texts.round.basis == "research":
        parts.append(f' <span class="sb-badge sb-match-{person.match or "none"}">{texts.badge(person)}</span>')
    parts.append("</div>")
    if person.repeated_with:
        parts.append('<small class="sb-repeat">' + escape(
            _("Sat with %(names)s in another round") % {"names": ", ".join(person.repeated_with)}) + "</small>")
    parts.append(f'<div class="sb-person-meta"><small class="sb-detail">{escape(person.detail)}</small>')
    if texts.can_change:
        parts.append(f'<a class="sb-act" href="{texts.seat_base}{seat.pk}/">{texts.actions}'
                     f'<span class="sb-visually-hidden"> {escape(person.name)}</span></a>')
    parts.append("</div>")
    if not person.is_host:
        parts.append(why_here(person, texts))
    parts.append("</li>")
    return "".join(parts)


def why_here(person, texts):
    """A researcher's seat explained from what the card already knows: their choices (the matched one
    in bold), anyone they meet again and same-lab neighbours. Closed by default, so it costs no room."""
    parts = [f'<details class="sb-why"><summary>{texts.why}</summary>']
    if person.choices:
        items = "".join(
            f"<li><strong>{escape(choice)}</strong></li>" if rank == person.match else f"<li>{escape(choice)}</li>"
            for rank, choice in enumerate(person.choices, start=1))
        parts.append(f"{texts.choices}<ol>{items}</ol>")
        if person.match is None:
            parts.append(f"<p>{texts.none_matched}</p>")
    else:
        parts.append(f"<p>{texts.no_choices}</p>")
    if person.repeated_with:
        parts.append("<p>" + escape(_("Meets again: %(names)s") % {"names": ", ".join(person.repeated_with)}) + "</p>")
    if person.same_lab_with:
        parts.append("<p>" + escape(_("Same lab: %(names)s") % {"names": ", ".join(person.same_lab_with)}) + "</p>")
    parts.append("</details>")
    return "".join(parts)


def table_card(card, texts):
    pk = card.table.pk
    theme = escape(card.theme) if card.theme else f"<em>{texts.no_theme}</em>"
    parts = [
        f'<section class="sb-card{" sb-full" if card.full else ""}" id="table-{pk}" data-table="{pk}" '
        f'data-number="{card.table.number}" data-free="{card.free}" aria-labelledby="table-{pk}-title">',
        f'<header class="sb-card-head"><h3 id="table-{pk}-title">{escape(card.label)}</h3>'
        f'<span class="sb-fill" title="{texts.fill_title}">{card.fill}/{card.table.capacity}</span></header>',
        f'<p class="sb-theme">{theme}</p>',
    ]
    if card.same_lab:
        parts.append('<ul class="sb-card-warnings">' + "".join(
            "<li>" + escape(_("Same lab (%(lab)s): %(names)s") % {"lab": lab, "names": ", ".join(names)}) + "</li>"
            for lab, names in card.same_lab) + "</ul>")
    parts.append(f'<h4 class="sb-sub">{texts.hosts}</h4>'
                 f'<ul class="sb-people sb-hosts" data-table="{pk}" data-kind="host">')
    parts.extend(person_row(person, texts) for person in card.hosts)
    parts.append(f'</ul><h4 class="sb-sub">{texts.researchers}</h4>'
                 f'<ul class="sb-people sb-researchers" data-table="{pk}" data-kind="researcher">')
    parts.extend(person_row(person, texts) for person in card.researchers)
    parts.append("</ul></section>")
    return "".join(parts)


def table_cards(cards, texts):
    return mark_safe("\n".join(table_card(card, texts) for card in cards))  # noqa: S308 (every value escaped above)


def _table_label(card):
    return f"{card.label} · {card.theme}" if card.theme else f"{card.label} · {_('no theme')}"


def table_options(cards, *, selected=None):
    """<option>s of every table: number, theme and free seats (the board's script refreshes the seats)."""
    parts = []
    for card in cards:
        label = escape(_table_label(card))
        free = escape(_("%(free)s free") % {"free": card.free})
        chosen = " selected" if card.table.pk == selected else ""
        parts.append(f'<option value="{card.table.pk}" data-label="{label}" data-free="{card.free}"{chosen}>'
                     f"{label} · {free}</option>")
    return mark_safe("".join(parts))  # noqa: S308 (every value escaped above)


def people_options(cards, *, selected=None):
    """<option>s of everyone seated, grouped by table (each person once), for swapping."""
    host = escape(_("host"))
    parts = [f'<option value="">{escape(_("— choose a person —"))}</option>']
    for card in cards:
        parts.append(f'<optgroup label="{escape(_table_label(card))}">')
        for person in card.people:
            seat = person.seat
            chosen = " selected" if seat.pk == selected else ""
            suffix = f" ({host})" if person.is_host else ""
            parts.append(f'<option value="{seat.pk}:{seat.version}"{chosen}>{escape(person.name)}{suffix}</option>')
        parts.append("</optgroup>")
    return mark_safe("".join(parts))  # noqa: S308 (every value escaped above)


def jump_links(cards, board_url):
    return mark_safe("".join(f'<a href="{board_url}#table-{c.table.pk}">{c.table.number}</a>' for c in cards))  # noqa: S308
