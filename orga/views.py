"""The event's home: the page an organizer opens first (Admin → Events → the event's *home*).

EventAdmin.get_urls wraps `event_home` in the admin's login and checks the event is the user's
(events.access). Which links and sections show depends on the account's permissions: a recruiter
sees the figures and the charts, not the seating board's people, the door or the exports.
"""
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from attendees.enums import RegistrationStatus
from events.models import Event
from tables.feedback import feedback_per_table
from tables.quality import seating_quality
from tables.queries import load_event_seating

from . import charts
from .home import home_figures

EXPORT_PERMISSION = "attendees.export_registration"
PEOPLE_PERMISSION = "attendees.view_registration"
BOARD_PERMISSION = "tables.view_round"
DOOR_PERMISSION = "events.check_in_guests"

REGISTRATION_STATES = {
    "open": gettext_lazy("open"), "not_yet": gettext_lazy("not open yet"), "closed": gettext_lazy("closed"),
    "unavailable": gettext_lazy("not open (draft)"),
}
# Up to this many tables, each round's survey answers per table show unfolded; past it, folded (a round
# of 250 tables is a long table: the organizer opens the round they want).
FEEDBACK_OPEN_TABLES = 30


def event_home(request, *, object_id, model_admin):
    event = get_object_or_404(Event, pk=object_id)
    if not model_admin.has_view_permission(request, event):
        raise PermissionDenied
    user = request.user
    now = timezone.now()
    figures = home_figures(event, now=now)
    sees_seating = user.has_perm(BOARD_PERMISSION) and user.has_perm(PEOPLE_PERMISSION)
    quality = feedback = None
    feedback_open = False
    if sees_seating:  # one load of the seating for both: the same queries for 100 or 2,000 researchers
        data = load_event_seating(event)
        quality = seating_quality(event, data=data)
        feedback = feedback_per_table(event, data=data)
        feedback_open = len(data.tables) <= FEEDBACK_OPEN_TABLES
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Event._meta,
        "title": event.name,
        "event": event,
        "registration_state": REGISTRATION_STATES.get(event.registration_state(now), ""),
        "places_left": max(event.researcher_capacity - figures.counts["holding"], 0),
        "figures": figures,
        "charts": home_charts(event, figures),
        "quality": quality,
        "quality_rounds": quality_rounds(quality, feedback),
        "feedback": feedback,
        "feedback_open": feedback_open,
        "sees_seating": sees_seating,
        "links": links(user, event),
    }
    return TemplateResponse(request, "admin/orga/home.html", context)


def links(user, event):
    """Where the organizer goes from here: only the places this account may open."""
    def changelist(model):
        return reverse(f"admin:{model}_changelist") + f"?event__id__exact={event.pk}"

    found = {"settings": reverse("admin:events_event_change", args=[event.pk])}
    if user.has_perm(PEOPLE_PERMISSION):
        found["registrations"] = changelist("attendees_registration")
    if user.has_perm(EXPORT_PERMISSION):
        found["csv"] = reverse("admin:events_event_registrations_csv", args=[event.pk])
    if user.has_perm(DOOR_PERMISSION):
        found["door"] = reverse("checkin:event", kwargs={"slug": event.slug})
    if user.has_perm("attendees.view_emailtemplate"):
        found["templates"] = changelist("attendees_emailtemplate")
    if user.has_perm("attendees.view_invitation") and event.invite_only:
        found["invitations"] = changelist("attendees_invitation")
    found["boards"] = user.has_perm(BOARD_PERMISSION) and user.has_perm(PEOPLE_PERMISSION)
    found["seating_csv"] = found["boards"] and user.has_perm(EXPORT_PERMISSION)
    if found["boards"]:  # the printables ask what the boards ask (printing/views.py)
        found["printables"] = reverse("printing:event", args=[event.pk])
    # The follow-up is a sibling app on this floor: linked by URL name, never imported.
    if user.has_perm("followup.view_followup"):
        found["followup"] = reverse("admin:followup_followup_funnel") + f"?event={event.pk}"
    if user.has_perm("followup.add_hostnote"):
        found["host_notes"] = reverse("followup:hosts", kwargs={"slug": event.slug})
    found["public"] = event.get_absolute_url()
    return found


def home_charts(event, figures):
    counts = figures.counts
    per_day = figures.per_day
    funnel = [
        (_("Registered"), counts["total"]),
        (_("Confirmed"), counts[RegistrationStatus.CONFIRMED]),
        (_("Waitlisted"), counts[RegistrationStatus.WAITLISTED]),
        (_("Arrived"), counts["arrived"]),
    ]
    if counts["no_shows"] is not None:
        funnel.append((_("No-shows"), counts["no_shows"]))
    return {
        "per_day": charts.line_chart(
            [total for _day, _count, total in per_day],
            [formats.date_format(day, "SHORT_DATE_FORMAT") for day, _count, _total in per_day],
            reference=(event.researcher_capacity, _("capacity %(places)s") % {"places": event.researcher_capacity}),
        ) if per_day else None,
        "funnel": charts.bar_chart([(label, [value]) for label, value in funnel]),
        "companies": charts.bar_chart([(d.name, [d.first, d.seats]) for d in figures.companies], series=2)
        if figures.companies else None,
        "areas": charts.bar_chart([(d.name, [d.first, d.seats]) for d in figures.areas], series=2)
        if figures.areas else None,
        "positions": charts.bar_chart([(label, [count]) for label, count in figures.positions])
        if figures.positions else None,
        "affiliations": charts.bar_chart([(name, [count]) for name, count in figures.affiliations])
        if figures.affiliations else None,
        "returning": charts.stacked_bar([
            (_("returning"), counts["returning"]), (_("first time"), counts["holding"] - counts["returning"]),
        ]) if counts["holding"] else None,
        "check_ins": charts.line_chart(
            [rate or 0 for _moment, _arrived, rate in figures.check_ins],
            [moment.strftime("%H:%M") for moment, _arrived, _rate in figures.check_ins], maximum=100,
        ) if figures.check_ins else None,
    }


def quality_rounds(quality, feedback=None):
    """[(round summary, a bar split by which choice its researchers got, the chart's id, the round's survey
    answers (tables.feedback.RoundFeedback) or None)] per seated round."""
    if quality is None:
        return []
    answers = {r.round.number: r for r in feedback.rounds} if feedback is not None else {}
    rows = []
    for summary in quality.rounds:
        labels = [_("1st choice"), _("2nd choice"), _("3rd choice")]
        parts = list(zip(labels, summary.by_rank, strict=False)) + [(_("no choice"), summary.no_choice)]
        if summary.unseated:
            parts.append((_("not seated"), summary.unseated))
        rows.append((summary, charts.stacked_bar(parts), f"quality-{summary.round.number}",
                     answers.get(summary.round.number)))
    return rows
