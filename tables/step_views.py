"""The board's pages for steps that need a screen of their own: one person's actions (what the
board's menu offers, for a browser without JavaScript) and the confirmation before publishing a
round or re-optimizing it. Wrapped by RoundAdmin.get_urls like tables.views."""
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import board_html, services
from .board import build_board
from .models import Round
from .queries import load_round_people
from .views import CHANGE_PERMISSION, require_change, simple_action, start_run_and_report

# Publishing again names the researchers who will be emailed when they are this few: enough to check by eye.
NAMES_LISTED = 10



def _page(request, model_admin, round_, template, title, **extra):
    return TemplateResponse(request, f"admin/tables/round/{template}", {
        **model_admin.admin_site.each_context(request), "round": round_,
        "opts": Round._meta, "event": round_.event, "title": title, **extra,
    })


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
