"""The organizer's seating board: admin views. RoundAdmin.get_urls wraps each: staff only, the round of
one of the user's events, with the permission to see rounds and registrations; changes also need
tables.change_seat.

Each POST parses its form, calls one service and turns a SeatingError into a message: a JSON
answer for the board's script (Accept: application/json), a django message and a redirect to the
board otherwise, so every button also works without JavaScript.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import adapter, services
from .board import build_board
from .cards import host_cards
from .exceptions import NotOnThisBoard, SeatingConflict, SeatingError
from .exports import seating_csv
from .feedback import feedback_per_table
from .forms import GenerateForm, MoveForm, PinForm, SwapForm
from .models import Round, SeatingRun, SeatingSettings
from .queries import load_event_seating

CHANGE_PERMISSION = "tables.change_seat"


def _board_url(round_, anchor=""):
    return reverse("admin:tables_round_board", args=[round_.pk]) + (f"#{anchor}" if anchor else "")


def _wants_json(request):
    return request.headers.get("Accept", "").startswith("application/json")


def _require_change(request):
    if not request.user.has_perm(CHANGE_PERMISSION):
        raise PermissionDenied


def _settings_url(event):
    settings = SeatingSettings.for_event(event)
    if settings.pk:
        return reverse("admin:tables_seatingsettings_change", args=[settings.pk])
    return reverse("admin:tables_seatingsettings_add") + f"?event={event.pk}"


def _read_board(round_):
    """(the event's seating, the round as loaded with it, the round's board): what every board view shows."""
    data = load_event_seating(round_.event)
    round_ = next(r for r in data.rounds if r.pk == round_.pk)
    return data, round_, build_board(data, round_)


def board(request, *, round_, model_admin):
    """The board of one round: table cards, quality summary, buttons."""
    data, round_, seating_board = _read_board(round_)
    event = round_.event
    settings = SeatingSettings.for_event(event)
    try:
        proposal, proposal_error = services.suggest_themes(round=round_), ""
    except SeatingError as exc:
        proposal, proposal_error = None, str(exc)
    services.fail_abandoned_runs(event=event)  # a run whose worker died shows as failed, not in progress
    run = SeatingRun.objects.filter(event=event).first()
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Round._meta,
        "title": _("Seating board · %(round)s") % {"round": round_},
        "round": round_,
        "event": event,
        "rounds": data.rounds,
        "board": seating_board,
        "tables": data.tables,
        "summary": adapter.figures_dict(data, adapter.current_figures(data, settings=settings)),
        "settings": settings,
        "settings_url": _settings_url(event),
        "proposal": proposal,
        "proposal_error": proposal_error,
        "has_themes": any(card.theme for card in seating_board.cards),
        "run": run,
        "generate_form": GenerateForm(),
        "can_change": request.user.has_perm(CHANGE_PERMISSION),
    }
    return TemplateResponse(request, "admin/tables/round/board.html", context)


def _change_response(request, round_, change=None, error=None, conflict=False):
    """After a move, swap or pin: JSON with the redrawn tables and figures, or a message and a redirect."""
    if not _wants_json(request):
        if error:
            messages.error(request, error)
        else:
            for warning in change.warnings:
                messages.warning(request, warning)
            messages.success(request, _("Saved."))
        return redirect(_board_url(round_))
    if conflict:
        return JsonResponse({"ok": False, "conflict": True, "message": error}, status=409)
    if error:
        return JsonResponse({"ok": False, "conflict": False, "message": error}, status=400)
    data, round_, seating_board = _read_board(round_)
    context = {"round": round_, "tables": data.tables, "can_change": True}
    tables = {
        str(pk): render_to_string("admin/tables/round/_table_card.html",
                                  {**context, "card": seating_board.card(pk)}, request=request)
        for pk in change.table_ids
    }
    summary = adapter.figures_dict(data, adapter.current_figures(data))
    return JsonResponse({
        "ok": True,
        "warnings": change.warnings,
        "tables": tables,
        "figures": summary,
        "summary_html": render_to_string("admin/tables/round/_summary.html", {"summary": summary, "round": round_},
                                         request=request),
    })


def _seat_change(request, round_, form_class, call):
    _require_change(request)
    form = form_class(request.POST)
    if not form.is_valid():
        errors = "; ".join(str(e) for errors in form.errors.values() for e in errors)
        return _change_response(request, round_, error=errors or _("Check the form."))
    try:
        change = call(round_, form.cleaned_data)
    except NotOnThisBoard:
        raise Http404("not a seat or table of this round") from None
    except SeatingConflict as exc:
        return _change_response(request, round_, error=str(exc), conflict=True)
    except SeatingError as exc:
        return _change_response(request, round_, error=str(exc))
    return _change_response(request, round_, change=change)


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


def _simple_action(request, round_, call, success):
    _require_change(request)
    try:
        call(round_)
    except SeatingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return redirect(_board_url(round_))


@require_POST
def apply_themes(request, *, round_, model_admin):
    return _simple_action(
        request, round_,
        lambda r: services.apply_themes(round=r, proposal=services.suggest_themes(round=r)),
        _("The suggested themes were applied. Generate the round to seat people by them."),
    )


@require_POST
def generate(request, *, round_, model_admin):
    _require_change(request)
    form = GenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the form."))
        return redirect(_board_url(round_))
    if form.cleaned_data["scope"] == "all":
        numbers = list(round_.event.rounds.values_list("number", flat=True))
    else:
        numbers = [round_.number]
    return _start_run(request, round_, numbers, keep_manual=form.cleaned_data["keep_manual"],
                      fresh=form.cleaned_data["fresh"],
                      started=_("Seating started; the board reloads when it is done."))


@require_POST
def reoptimize(request, *, round_, model_admin):
    _require_change(request)
    return _start_run(request, round_, [round_.number], keep_manual=False,
                      started=_("Re-optimizing everyone who is not pinned; the board reloads when it is done."))


def _start_run(request, round_, round_numbers, *, keep_manual, started, fresh=False):
    try:
        services.start_run(event=round_.event, round_numbers=round_numbers, keep_manual=keep_manual, fresh=fresh,
                           requested_by=request.user)
    except SeatingError as exc:
        messages.error(request, str(exc))
    else:
        messages.info(request, started)
    return redirect(_board_url(round_))


@require_POST
def publish(request, *, round_, model_admin):
    return _simple_action(request, round_, lambda r: services.publish(round=r),
                          _("Published: researchers can see their tables and are being emailed."))


@require_POST
def unpublish(request, *, round_, model_admin):
    return _simple_action(request, round_, lambda r: services.unpublish(round=r),
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
