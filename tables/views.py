"""The organizer's seating board: admin views. RoundAdmin.get_urls wraps each: staff only, the round of
one of the user's events, with the permission to see rounds and registrations; changes also need
tables.change_seat.

Each POST parses its form, calls one service and turns a SeatingError into a message: a JSON
answer for the board's script (Accept: application/json), a django message and a redirect to the
board otherwise, so every button also works without JavaScript.
"""
import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import adapter, board_html, services, tally
from .board import build_board
from .cards import host_cards
from .exceptions import NotOnThisBoard, SeatingConflict, SeatingError
from .exports import seating_csv
from .feedback import feedback_per_table
from .forms import GenerateForm, MoveForm, PinForm, SwapForm
from .enums import RunState
from .models import Round, SeatingRun, SeatingSettings
from .queries import load_event_seating, load_round_tables

CHANGE_PERMISSION = "tables.change_seat"
LATE_NAMES_SHOWN = 10  # beyond this the board gives the count only


def _board_url(round_, anchor=""):
    return reverse("admin:tables_round_board", args=[round_.pk]) + (f"#{anchor}" if anchor else "")


def _wants_json(request):
    return request.headers.get("Accept", "").startswith("application/json")


def require_change(request):
    if not request.user.has_perm(CHANGE_PERMISSION):
        raise PermissionDenied


def _settings_url(event):
    settings = SeatingSettings.for_event(event)
    if settings.pk:
        return reverse("admin:tables_seatingsettings_change", args=[settings.pk])
    return reverse("admin:tables_seatingsettings_add") + f"?event={event.pk}"


def _read_board(round_):
    """(the event's seating, the round as loaded with it, the round's board): what every board view shows."""
    data = load_event_seating(round_.event, seat_rows=True)
    round_ = next(r for r in data.rounds if r.pk == round_.pk)
    return data, round_, build_board(data, round_)


def card_texts(request, round_):
    return board_html.CardTexts(round_, can_change=request.user.has_perm(CHANGE_PERMISSION))


def board(request, *, round_, model_admin):
    """The board of one round: table cards (those a search finds), quality summary, buttons."""
    data, round_, seating_board = _read_board(round_)
    event = round_.event
    settings = SeatingSettings.for_event(event)
    try:
        proposal, proposal_error = services.suggest_themes(round=round_), ""
    except SeatingError as exc:
        proposal, proposal_error = None, str(exc)
    services.fail_abandoned_runs(event=event)  # a run whose worker died shows as failed, not in progress
    run = SeatingRun.objects.filter(event=event).first()
    summary, counters = _summary(data, settings)
    query = request.GET.get("q", "").strip()[:100]
    # The latest run is the last finished one most of the time: no second query then.
    last_done = run if run is None or run.state == RunState.DONE else (
        SeatingRun.objects.filter(event=event, state=RunState.DONE).first())
    late = services.late_changes(event=event, rounds=[round_], data=data, settings=settings)
    cards = [c for c in seating_board.cards if c.matches(query)] if query else seating_board.cards
    context = {
        **model_admin.admin_site.each_context(request),
        "round": round_,
        "can_change": request.user.has_perm(CHANGE_PERMISSION),
        "opts": Round._meta,
        "title": _("Seating board · %(round)s") % {"round": round_},
        "event": event,
        "rounds": data.rounds,
        "board": seating_board,
        "cards_html": board_html.table_cards(cards, card_texts(request, round_)),
        "shown": len(cards),
        "query": query,
        "jump_links": board_html.jump_links(seating_board.cards, _board_url(round_)),
        "summary": summary,
        # The counts a drag adds its change to (only while every rule is kept: see tables.tally).
        "counters": json.dumps(counters) if counters else "",
        "settings": settings,
        "settings_url": _settings_url(event),
        "proposal": proposal,
        "proposal_error": proposal_error,
        "has_themes": any(card.theme for card in seating_board.cards),
        "run": run,
        # Before a run: who needs a seat; after: who the last finished run moved, by round.
        "late": late,
        "late_names": [name for names in [*late.newcomers.values(), *late.invalid.values()] for name in names]
        if late.count <= LATE_NAMES_SHOWN else [],
        "last_done": last_done,
        "moved": [(number, names) for number, names in sorted(last_done.moved.items(), key=lambda i: int(i[0]))
                  if names] if last_done else [],
        "has_seats": bool(data.seats),
        "generate_form": GenerateForm(),
        "people_options": board_html.people_options(seating_board.cards),
        "table_options": board_html.table_options(seating_board.cards),
    }
    return TemplateResponse(request, "admin/tables/round/board.html", context)


def _summary(data, settings):
    """(the quality summary, the counters a drag adds to, or None while some rule is broken)."""
    counters = tally.event_counters(data, settings=settings)
    if counters["feasible"]:
        return tally.figures_of(counters, settings=settings), counters
    # Something is wrong: the engine says what, in its words (counters stay off until it is fixed).
    return adapter.figures_dict(data, adapter.current_figures(data, settings=settings)), None


def _posted_counters(request):
    try:
        counters = json.loads(request.POST.get("counters", ""))
    except ValueError:
        return None
    return counters if isinstance(counters, dict) else None


def _change_response(request, round_, change=None, error=None, conflict=False, local=None):
    """After a move, swap or pin: JSON with the redrawn tables and figures, or a message and a redirect.

    The figures come from the counters the board sent plus what the change did at its tables
    (tables.tally); a board without counters (some rule broken, or an old page) is scored whole.
    """
    if not _wants_json(request):
        if error:
            messages.error(request, error)
        else:
            for warning in change.warnings:
                messages.warning(request, warning)
            messages.success(request, _("Saved."))
        # Back at the table the person went to (or stays at), where the message shows beside it.
        table = (change.moves[0][2] if change.moves else next(iter(change.table_ids))) if change else None
        anchor = f"table-{table}" if table else ""
        return redirect(_board_url(round_, anchor))
    if conflict:
        return JsonResponse({"ok": False, "conflict": True, "message": error}, status=409)
    if error:
        return JsonResponse({"ok": False, "conflict": False, "message": error}, status=400)
    round_ = next(r for r in local.rounds if r.pk == round_.pk)
    round_.event = local.event
    settings = SeatingSettings.for_event(round_.event)
    texts = card_texts(request, round_)
    tables = {card.table.pk: board_html.table_card(card, texts) for card in build_board(local, round_).cards}
    counters = _posted_counters(request)
    if counters is not None:
        before = tally.undo_moves(local, round_, change.moves)
        counters = tally.apply_change(counters, before, local, round_, change.table_ids, settings=settings)
    if counters is not None:
        summary = tally.figures_of(counters, settings=settings)
    else:
        summary, counters = _summary(load_event_seating(round_.event, seat_rows=True), settings)
    return JsonResponse({
        "ok": True,
        "warnings": change.warnings,
        "tables": {str(pk): html for pk, html in tables.items()},
        "figures": summary,
        "counters": counters,
        "summary_html": render_to_string("admin/tables/round/_summary.html", {"summary": summary, "round": round_},
                                         request=request),
    })


def _seat_change(request, round_, form_class, call):
    require_change(request)
    form = form_class(request.POST)
    if not form.is_valid():
        errors = "; ".join(str(e) for errors in form.errors.values() for e in errors)
        return _change_response(request, round_, error=errors or _("Check the form."))
    try:
        with transaction.atomic():  # the tables are read back under the round lock the change took
            change = call(round_, form.cleaned_data)
            local = load_round_tables(round_, change.table_ids) if _wants_json(request) else None
    except NotOnThisBoard:
        raise Http404("not a seat or table of this round") from None
    except SeatingConflict as exc:
        return _change_response(request, round_, error=str(exc), conflict=True)
    except SeatingError as exc:
        return _change_response(request, round_, error=str(exc))
    return _change_response(request, round_, change=change, local=local)


@require_POST
def move(request, *, round_, model_admin):
    return _seat_change(request, round_, MoveForm, lambda r, d: services.move(
        round_id=r.pk, seat_id=d["seat"], to_table_id=d["to_table"], expected_version=d["version"]))


@require_POST
def swap(request, *, round_, model_admin):
    return _seat_change(request, round_, SwapForm, lambda r, d: services.swap(
        round_id=r.pk, seat_a_id=d["seat_a"][0], seat_b_id=d["seat_b"][0], versions=(d["seat_a"][1], d["seat_b"][1])))


@require_POST
def pin(request, *, round_, model_admin):
    return _seat_change(request, round_, PinForm, lambda r, d: services.set_pinned(
        round_id=r.pk, seat_id=d["seat"], pinned=d["pinned"], expected_version=d["version"]))


def simple_action(request, round_, call, success):
    require_change(request)
    try:
        call(round_)
    except SeatingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return redirect(_board_url(round_))


@require_POST
def apply_themes(request, *, round_, model_admin):
    return simple_action(
        request, round_,
        lambda r: services.apply_themes(round=r, proposal=services.suggest_themes(round=r)),
        _("The suggested themes were applied. Generate the round to seat people by them."),
    )


@require_POST
def generate(request, *, round_, model_admin):
    require_change(request)
    form = GenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the form."))
        return redirect(_board_url(round_))
    if form.cleaned_data["scope"] == "all":
        numbers = list(round_.event.rounds.values_list("number", flat=True))
    else:
        numbers = [round_.number]
    return start_run_and_report(request, round_, numbers, keep_manual=form.cleaned_data["keep_manual"],
                                fresh=form.cleaned_data["fresh"],
                                started=_("Seating started; the board reloads when it is done."))


def start_run_and_report(request, round_, round_numbers, *, keep_manual, started, fresh=False):
    try:
        services.start_run(event=round_.event, round_numbers=round_numbers, keep_manual=keep_manual, fresh=fresh,
                           requested_by=request.user)
    except SeatingError as exc:
        messages.error(request, str(exc))
    else:
        messages.info(request, started)
    return redirect(_board_url(round_))


@require_POST
def unpublish(request, *, round_, model_admin):
    return simple_action(request, round_, lambda r: services.unpublish(round=r),
                          _("Unpublished: researchers no longer see this round's tables."))


def run_status(request, *, round_, model_admin):
    """The event's latest seating run, for the board's progress bar (a run whose worker died: failed)."""
    services.fail_abandoned_runs(event=round_.event)
    run = SeatingRun.objects.filter(event=round_.event_id).first()
    if run is None:
        return JsonResponse({"run": None})
    return JsonResponse({"run": {
        "id": run.pk, "state": run.state, "state_label": run.get_state_display(), "active": run.active,
        "progress": round(run.progress, 3), "best_score": run.best_score, "message": run.message,
    }})


def export_csv(request, *, round_, model_admin):
    """CSV of this round, or of every round of the event with ?scope=event: people's addresses, so an export."""
    if not request.user.has_perm("attendees.export_registration"):
        raise PermissionDenied
    whole_event = request.GET.get("scope") == "event"
    text = seating_csv(event=round_.event, rounds=None if whole_event else [round_])
    name = f"{round_.event.slug}-seating" + ("" if whole_event else f"-round-{round_.number}")
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def print_view(request, *, round_, model_admin):
    """One card per table for its hosts (tables.cards): who sits there, what they share, two openers."""
    data = load_event_seating(round_.event)
    round_ = next(r for r in data.rounds if r.pk == round_.pk)
    return TemplateResponse(request, "tables/round_print.html", {
        "round": round_, "event": round_.event, "cards": host_cards(data, round_),
    })


def feedback_view(request, *, round_, model_admin):
    """"Feedback per table": the survey's answers beside the seating figures, every round of the event."""
    event = round_.event
    return TemplateResponse(request, "admin/tables/round/feedback.html", {
        **model_admin.admin_site.each_context(request),
        "opts": Round._meta, "title": _("Feedback per table · %(event)s") % {"event": event},
        "round": round_, "event": event, "feedback": feedback_per_table(event),
    })
