"""A researcher's own data: everything we hold about them as JSON, and erasing it.

Erasing is anonymizing: the person's details go, what they counted for stays. Their
registrations keep their status, check-in time, "returning" mark, ranked interests and seats, so
an event's figures and its seating stay as they were; only the name on them now reads
"Anonymous". Used by the personal page ("Delete my data"), the organizer's admin action and the
retention command (attendees/retention.py).
"""
from dataclasses import dataclass, field

from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from auditlog.models import LogEntry

from textsafety.names import person_name

from . import services
from .enums import PLACE_HOLDING_STATUSES, RegistrationStatus
from .models import Invitation, OutboundEmail, Registration, RegistrationRequest, Researcher, SurveyResponse, new_token
from .signals import personal_data_wanted

ANONYMOUS_NAME = "Anonymous"
# Registrations that still expect the researcher: cancelled (the place goes on) when they are erased.
EXPECTED_STATUSES = (*PLACE_HOLDING_STATUSES, RegistrationStatus.WAITLISTED)


def anonymous_email(researcher_id):
    """A unique stand-in for the address (the column is unique, whatever the case), which no mail reaches."""
    return f"anonymous-{researcher_id}@invalid"


def _moment(value):
    return value.isoformat() if value else None


def export_researcher_data(*, researcher, events=None, now=None):
    """Everything held about `researcher` as a JSON-ready dict; no side effects.

    The profile, each registration (event, status, consent, dinner needs, ranked interests, check-in,
    survey answers), the emails written to them (subject and text) and what other apps add through
    the personal_data_wanted signal (followup: the stage and the hosts' notes). `events` (a queryset
    or list) limits the registrations and emails to those events: an organizer downloads what their
    own events hold.
    """
    now = now or timezone.now()
    registrations = researcher.registrations.select_related("event", "survey_response").prefetch_related(
        "company_interests__company", "research_interests__research_area").order_by("created_at", "pk")
    if events is not None:
        registrations = registrations.filter(event__in=events)
    registrations = list(registrations)
    emails = OutboundEmail.objects.filter(registration__in=registrations).order_by("created_at", "pk")
    by_registration = {}
    for email in emails:
        by_registration.setdefault(email.registration_id, []).append({
            "kind": email.kind, "to": email.to, "subject": email.subject, "text": email.body_text,
            "state": email.state, "written_at": _moment(email.created_at), "sent_at": _moment(email.sent_at),
        })
    more = {}  # registration pk -> {key: value} from the apps above (the follow-up)
    if registrations:
        for _receiver, found in personal_data_wanted.send(
                sender=Researcher, researcher_id=researcher.pk, registration_ids=[r.pk for r in registrations]):
            for pk, entries in (found or {}).items():
                more.setdefault(pk, {}).update(entries)
    return {
        "exported_at": _moment(now),
        "profile": {
            "first_name": researcher.first_name, "last_name": researcher.last_name,
            "native_name": researcher.native_name, "email": researcher.email,
            "affiliation": researcher.affiliation, "lab": researcher.lab, "position": researcher.position,
            "graduation_year": researcher.graduation_year, "country": researcher.country,
            "homepage": researcher.homepage,
            "research_areas": [area.name for area in researcher.research_areas.order_by("name")],
            "first_registered_at": _moment(researcher.created_at),
            "anonymized_at": _moment(researcher.anonymized_at),
        },
        "registrations": [{
            "event": {"name": r.event.name, "conference": r.event.conference, "city": r.event.city,
                      "starts_at": _moment(r.event.starts_at), "ends_at": _moment(r.event.ends_at)},
            "status": r.status,
            "registered_at": _moment(r.created_at),
            "returning": r.is_returning,
            "language": r.language,
            "consent": {"given_at": _moment(r.consented_at), "privacy_notice_version": r.privacy_notice_version},
            "dietary_needs": r.dietary_needs,
            "accessibility_needs": r.accessibility_needs,
            "company_interests": [i.company.name for i in r.company_interests.all()],
            "research_interests": [i.research_area.name for i in r.research_interests.all()],
            "checked_in_at": _moment(r.checked_in_at),
            "survey": _survey_answers(r),
            "emails": by_registration.get(r.pk, []),
            **more.get(r.pk, {}),
        } for r in registrations],
    }


def _survey_answers(registration):
    try:
        response = registration.survey_response
    except SurveyResponse.DoesNotExist:
        return None
    return {
        "overall_rating": response.overall_rating, "round_1_rating": response.round_1_rating,
        "round_2_rating": response.round_2_rating, "comments": response.comments,
        "would_come_again": response.would_come_again, "submitted_at": _moment(response.submitted_at),
        "changed_at": _moment(response.updated_at),
    }


@dataclass
class Anonymized:
    """What anonymize_researcher did: registrations cancelled on the way, emails and requests deleted."""

    researcher: Researcher
    already: bool = False
    cancelled: list = field(default_factory=list)
    promoted: list = field(default_factory=list)
    emails_deleted: int = 0
    requests_deleted: int = 0


def anonymize_researcher(*, researcher_id, now=None):
    """Erase the personal data of researcher `researcher_id`, keeping what they counted for.

    In one transaction: registrations of events that have not started and still expect them
    (applied, confirmed, waitlisted) are cancelled through services.change_status, so the place
    goes to the first person waiting (who is emailed; the erased person is not, their address is
    gone). Then: name, native name, affiliation, lab, country, homepage and graduation year are
    cleared, the address becomes anonymous-<id>@invalid; every registration loses its dinner
    needs and gets a new token (every personal link and check-in code dies); the invitations they
    used lose name and address; the emails written to them and their registration requests are
    deleted; the descriptions of their entries in the audit trail and the admin's history are
    rewritten; their survey answers lose their comments. Kept: statuses, check-in times,
    "returning", ranked interests, research areas, position, seats, consent records, survey
    ratings. Running it again does nothing (`already`).
    """
    now = now or timezone.now()
    with transaction.atomic():
        researcher = Researcher.objects.select_for_update().get(pk=researcher_id)
        if researcher.anonymized_at is not None:
            return Anonymized(researcher=researcher, already=True)
        report = Anonymized(researcher=researcher)
        names = [researcher.full_name, person_name(researcher.first_name, researcher.last_name),
                 f"{researcher.first_name} {researcher.last_name}".strip(), researcher.email]
        described = _objects_about(researcher)  # before cancelling: a cancelled registration loses its seats
        expected = list(researcher.registrations.filter(status__in=EXPECTED_STATUSES, event__starts_at__gt=now)
                        .values_list("pk", flat=True))
        if expected:
            change = services.change_status(registration_ids=expected, status=RegistrationStatus.CANCELLED, now=now)
            report.cancelled, report.promoted = change.changed, change.promoted
        old_email = researcher.email
        registration_ids = list(researcher.registrations.values_list("pk", flat=True))
        report.emails_deleted = OutboundEmail.objects.filter(
            Q(registration_id__in=registration_ids) | Q(registration__isnull=True, to__iexact=old_email)).delete()[0]
        report.requests_deleted = RegistrationRequest.objects.filter(
            Q(registration_id__in=registration_ids) | Q(email__iexact=old_email)).delete()[0]
        registrations = list(researcher.registrations.select_related("invitation", "event"))
        names += [r.invitation.email for r in registrations if r.invitation is not None]
        _clear_profile(researcher, now)
        SurveyResponse.objects.filter(registration_id__in=registration_ids).update(comments="")
        for registration in registrations:
            registration.researcher = researcher
            _clear_registration(registration)
        _rewrite_history(described, names)
    return report


def _objects_about(researcher):
    """{model: ids} of the rows whose description names the researcher: them, their registrations,
    the invitations they used, their seats (tables' model, reached through the relation: no import)."""
    registrations = researcher.registrations.all()
    seat_model = Registration._meta.get_field("seats").related_model
    return {
        Researcher: [researcher.pk],
        Registration: list(registrations.values_list("pk", flat=True)),
        Invitation: list(registrations.exclude(invitation=None).values_list("invitation_id", flat=True)),
        seat_model: list(seat_model.objects.filter(registration__researcher=researcher).values_list("pk", flat=True)),
    }


def _clear_profile(researcher, now):
    researcher.first_name, researcher.last_name, researcher.native_name = ANONYMOUS_NAME, "", ""
    researcher.email = anonymous_email(researcher.pk)
    researcher.affiliation = researcher.lab = researcher.country = researcher.homepage = ""
    researcher.graduation_year = None
    researcher.anonymized_at = now
    researcher.save()


def _clear_registration(registration):
    registration.dietary_needs = registration.accessibility_needs = ""
    registration.token = new_token()
    registration.save(update_fields=["dietary_needs", "accessibility_needs", "token", "updated_at"])
    invitation = registration.invitation
    if invitation is not None:
        invitation.email = f"anonymous-invitation-{invitation.pk}@invalid"
        invitation.first_name = invitation.last_name = invitation.affiliation = ""
        invitation.save(update_fields=["email", "first_name", "last_name", "affiliation"])


def _rewrite_history(objects, names):
    """Entries of the audit trail and the admin's own history describe objects by name: take the names out.

    `objects` maps a model to the ids of its rows that were about the person (rows deleted meanwhile,
    such as the seats of a cancelled registration, included); each of `names` becomes "Anonymous".
    """
    names = sorted({name for name in names if name}, key=len, reverse=True)
    for model, ids in objects.items():
        content_type = ContentType.objects.get_for_model(model)
        for log_model, id_values in ((LogEntry, ids), (AdminLogEntry, [str(pk) for pk in ids])):
            entries = log_model.objects.filter(content_type=content_type, object_id__in=id_values)
            for pk, description in entries.values_list("pk", "object_repr"):
                anonymous = description
                for name in names:
                    anonymous = anonymous.replace(name, ANONYMOUS_NAME)
                if anonymous != description:
                    log_model.objects.filter(pk=pk).update(object_repr=anonymous)
