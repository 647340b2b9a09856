"""After the dinner: the thank-you email with the survey link, and the survey's answers.

The thank-you goes to those who arrived (checked in), once each (`Registration.thank_you_sent_at`),
at settings.THANK_YOU_HOUR in the event's time zone on the day after the event ends: the worker's
recovery pass (attendees/receivers.py) sends it when due, and the organizer can send it at once from
the event's admin list. The survey is reached through the signed link in that email (portal); the
answers can be given and changed until settings.SURVEY_DAYS_AFTER_EVENT days after the event ends.
"""
import enum
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event

from .links import survey_closes_at
from .mail.enums import EmailKind
from .mail.queue import queue_registration_emails
from .models import Registration, SurveyResponse


class SurveyProblem(enum.Enum):
    NOT_ARRIVED = "not_arrived"  # the survey asks about the evening: only those who came answer it
    CLOSED = "closed"


SURVEY_PROBLEM_MESSAGES = {
    SurveyProblem.NOT_ARRIVED: _("This survey is for the researchers who came to the dinner. "
                                 "We have no record of your arrival, so there is nothing to answer here."),
    SurveyProblem.CLOSED: _("The survey has closed. Thank you for your interest."),
}


class SurveyClosed(Exception):
    def __init__(self, problem):
        super().__init__(problem.value)
        self.problem = problem
        self.message = SURVEY_PROBLEM_MESSAGES[problem]


def thank_you_due_at(event):
    """THANK_YOU_HOUR o'clock on the morning after the event ends, in the event's time zone."""
    last_day = timezone.localtime(event.ends_at, event.tzinfo).date()
    morning = datetime.combine(last_day + timedelta(days=1), time(settings.THANK_YOU_HOUR), tzinfo=event.tzinfo)
    return morning


def survey_problem(registration, *, now):
    """Why `registration` cannot answer the survey at `now`, or None when it can."""
    if registration.checked_in_at is None:
        return SurveyProblem.NOT_ARRIVED
    if now >= survey_closes_at(registration.event):
        return SurveyProblem.CLOSED
    return None


def send_thank_you(event, *, now=None, when_due=False):
    """Write the thank-you email to every arrival of `event` who has not had it (nor erased their data);
    returns the OutboundEmail rows.

    Idempotent: the registrations are locked in id order and marked in the same transaction, so two
    callers at once (two workers, a worker and the admin action) send each email once; a late
    check-in gets it on the next call. Nothing once the survey has closed, and, with `when_due`
    (the worker), nothing before thank_you_due_at(event).
    """
    now = now or timezone.now()
    if now >= survey_closes_at(event) or (when_due and now < thank_you_due_at(event)):
        return []
    with transaction.atomic():
        registrations = list(
            Registration.objects.select_for_update(of=("self",))
            .filter(event=event, checked_in_at__isnull=False, thank_you_sent_at__isnull=True,
                    researcher__anonymized_at__isnull=True)
            .select_related("event", "researcher").order_by("pk")
        )
        emails = queue_registration_emails(
            emails=[(registration, EmailKind.THANK_YOU) for registration in registrations], now=now)
        Registration.objects.filter(pk__in=[r.pk for r in registrations]).update(thank_you_sent_at=now)
    return emails


def send_due_thank_yous(*, now=None):
    """The worker's part: the thank-you of every event whose morning after has come; returns how many were written.

    One query when nothing is due: events that ended within the survey's time with an arrival not yet thanked.
    """
    now = now or timezone.now()
    events = Event.objects.filter(
        ends_at__lt=now, ends_at__gt=now - timedelta(days=settings.SURVEY_DAYS_AFTER_EVENT),
        registrations__checked_in_at__isnull=False, registrations__thank_you_sent_at__isnull=True,
        registrations__researcher__anonymized_at__isnull=True,
    ).distinct().order_by("ends_at", "pk")
    return sum(len(send_thank_you(event, now=now, when_due=True)) for event in events)


def save_survey_response(*, registration_id, answers, now=None):
    """Store or replace the survey answers of a registration; raises SurveyClosed when it may not answer.

    `answers` holds overall_rating, round_1_rating, round_2_rating (None for a round not rated),
    comments (already cleaned by the form) and would_come_again. Returns (response, created).
    """
    now = now or timezone.now()
    with transaction.atomic():
        registration = Registration.objects.select_for_update().select_related("event").get(pk=registration_id)
        problem = survey_problem(registration, now=now)
        if problem is not None:
            raise SurveyClosed(problem)
        fields = {name: answers.get(name) for name in (
            "overall_rating", "round_1_rating", "round_2_rating", "would_come_again")}
        fields["comments"] = answers.get("comments") or ""
        response, created = SurveyResponse.objects.update_or_create(
            registration=registration, defaults={**fields, "updated_at": now}, create_defaults={
                **fields, "submitted_at": now, "updated_at": now},
        )
    return response, created
