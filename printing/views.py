"""The event's printables: a page to choose them, and the PDFs (badges, table cards, place cards).

Staff only (printing/urls.py wraps every view in the admin's login), and like the board's print view:
the event must be one the account works on, with the permission to see rounds and registrations.
A bad paper, language or part in the address goes back to the page with a message.
"""
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from events.access import may_access
from events.models import Event
from tables.models import Round

from . import documents
from .documents import BADGES, PER_PART, PLACE_CARDS, TABLE_CARDS
from .forms import PrintOptions
from .pdf import PdfUnavailable, render_pdf

REQUIRED_PERMISSIONS = ("tables.view_round", "attendees.view_registration")


def _check(request, event):
    if not (request.user.has_perms(REQUIRED_PERMISSIONS) and may_access(request.user, event)):
        raise PermissionDenied


def _current_language():
    return translation.get_supported_language_variant(translation.get_language())


def _parts(kind, event):
    """[(part, first, last)] of the event's document of `kind`: which people or tables each part holds."""
    size, items = PER_PART[kind], documents.item_count(kind, event)
    return [(n, (n - 1) * size + 1, min(n * size, items))
            for n in range(1, documents.part_count(kind, event, items) + 1)]


def event_page(request, event_id):
    event = get_object_or_404(Event, pk=event_id)
    _check(request, event)
    context = {
        **admin.site.each_context(request),
        "title": _("Printables · %(event)s") % {"event": event},
        "event": event,
        "rounds": Round.objects.filter(event=event).order_by("number"),
        "form": PrintOptions(initial={"paper": "a4", "lang": _current_language()}),
        "badge_parts": _parts(BADGES, event),
        "table_parts": _parts(PLACE_CARDS, event),
        "table_card_parts": _parts(TABLE_CARDS, event),
    }
    return TemplateResponse(request, "printing/event.html", context)


def _pdf(request, event, *, kind, name, build):
    """Check the options, then render `build(part)`'s (template, context, stylesheets) in the chosen language."""
    _check(request, event)
    parts = documents.part_count(kind, event)
    options = PrintOptions({"paper": request.GET.get("paper", "a4"),
                            "lang": request.GET.get("lang", _current_language()),
                            "part": request.GET.get("part", "")}, parts=parts)
    back = redirect(reverse("printing:event", args=[event.pk]))
    if not options.is_valid():
        for errors in options.errors.values():
            for error in errors:
                messages.error(request, error)
        return back
    paper, language, part = (options.cleaned_data[key] for key in ("paper", "lang", "part"))
    try:
        with translation.override(language):
            template, context, stylesheets = build(part)
            pdf = render_pdf(template, {**context, "event": event, "language": language}, paper=paper,
                             stylesheets=stylesheets)
    except PdfUnavailable:
        messages.error(request, _("PDFs cannot be made on this server: WeasyPrint's system libraries (pango) are "
                                  "missing. The README's Printing section says how to install them."))
        return back
    response = HttpResponse(pdf, content_type="application/pdf")
    part_name = f"-part-{part}" if parts > 1 else ""
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-{name}{part_name}-{paper}-{language}.pdf"'
    return response


def badges(request, event_id):
    event = get_object_or_404(Event, pk=event_id)
    return _pdf(request, event, kind=BADGES, name="badges", build=lambda part: (
        "printing/badges.html", {"people": documents.badges(event, part=part)}, ["css/printables.css"]))


def table_cards(request, round_id):
    round_ = get_object_or_404(Round.objects.select_related("event"), pk=round_id)

    def build(part):
        loaded_round, cards = documents.table_cards(round_, part=part)
        return ("printing/table_cards.html", {"round": loaded_round, "cards": cards},
                ["css/table-cards.css", "css/printables.css"])
    return _pdf(request, round_.event, kind=TABLE_CARDS, name=f"round-{round_.number}-table-cards", build=build)


def place_cards(request, round_id):
    round_ = get_object_or_404(Round.objects.select_related("event"), pk=round_id)
    return _pdf(request, round_.event, kind=PLACE_CARDS, name=f"round-{round_.number}-place-cards",
                build=lambda part: ("printing/place_cards.html",
                                    {"round": round_, "tables": documents.place_cards(round_, part=part)},
                                    ["css/printables.css"]))
