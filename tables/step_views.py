"""The board's pages for steps that need a screen of their own: one person's actions (what the
board's menu offers, for a browser without JavaScript), "What the figures mean" and the confirmation
before publishing a round or re-optimizing it. Wrapped by RoundAdmin.get_urls like tables.views."""
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import board_html, services
from .board import build_board
from .models import Round, SeatingSettings
from .quality import seating_quality
from .queries import load_event_seating, load_round_people
from .views import CHANGE_PERMISSION, require_change, simple_action, start_run_and_report

# "What the figures mean" lists the researchers who lost the most points: a list to act on, not a ranking.
POORLY_SEATED_ON_BOARD = 10
# Publishing again names the researchers who will be emailed when they are this few: enough to check by eye.
NAMES_LISTED = 10



def _page(request, model_admin, round_, template, title, **extra):
    return TemplateResponse(request, f"admin/tables/round/{template}", {
        **model_admin.admin_site.each_context(request), "round": round_,
        "opts": Round._meta, "event": round_.event, "title": title, **extra,
    })


def explained(request, *, round_, model_admin):
    """The board's "What the figures mean": each seated round's counts in words and the poorly seated.

    The board's script loads it after the page and again after each change, so it follows hand moves
    (it used to be drawn with the page and then stood still while the summary above it changed); it
    reads the whole event, as the board does, which at 2,000 researchers was a fifth of the board's
    time. `?part=1` answers the panel alone; without it, a page of its own for browsers without
    JavaScript (the board links to it).
    """
    event = round_.event
    quality = seating_quality(event, data=load_event_seating(event, seat_rows=True),
                              settings=SeatingSettings.for_event(event), worst=POORLY_SEATED_ON_BOARD,
                              with_score=False)
    if request.GET.get("part"):
        return TemplateResponse(request, "admin/tables/round/_explained.html", {"quality": quality})
    return _page(request, model_admin, round_, "explained.html",
                 _("What the figures mean · %(round)s") % {"round": round_}, quality=quality)


def seat_actions(request, *, round_, model_admin, seat_id):
    """Move, swap or pin one person: the board's "Actions" menu as a page of its own."""
    data = load_round_people(round_)
    cards = build_board(data, round_).cards
    person = next((p for card in cards for p in card.people if p.seat.pk == seat_id), None)
    if person is None:
        raise Http404("not a seat of this round")
    return _page(request, model_admin, round_, "seat_actions.html",
                 _("%(name)s · %(round)s") % {"name": person.name, "round": round_},
                 person=person, can_change=request.user.has_perm(CHANGE_PERMISSION),
                 table_options=board_html.table_options(cards, selected=person.seat.table_id),
                 people_options=board_html.people_options(cards))


@require_http_methods(["GET", "POST"])
def publish(request, *, round_, model_admin):
    """GET: what publishing will do (how many emails), with the button; POST: publish."""
    require_change(request)
    if request.method == "POST":
        return simple_action(request, round_, lambda r: services.publish(round=r),
                              _("Published: researchers can see their tables and are being emailed."))
    return _page(request, model_admin, round_, "confirm_publish.html", _("Publish %(round)s?") % {"round": round_},
                 recipients=services.publish_recipients(round=round_), max_names=NAMES_LISTED)


@require_http_methods(["GET", "POST"])
def reoptimize(request, *, round_, model_admin):
    """GET: who re-optimizing may move, with the button; POST: start the run."""
    require_change(request)
    if request.method == "POST":
        return start_run_and_report(request, round_, [round_.number], keep_manual=False,
                                    fresh=bool(request.POST.get("fresh")),
                          started=_("Re-optimizing everyone who is not pinned; the board reloads when it is done."))
    return _page(request, model_admin, round_, "confirm_reoptimize.html",
                 _("Re-optimize %(round)s?") % {"round": round_}, scope=services.reoptimize_scope(round=round_))
