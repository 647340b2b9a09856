"""Registering researchers and changing what happens to their registrations.

Every function here takes model instances or ids, never a request, so views, admin actions and
tasks share them.
"""
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Event

from .enums import PLACE_HOLDING_STATUSES, RegistrationStatus
from .exceptions import RegistrationError
from .models import CompanyInterest, Invitation, Registration, ResearchInterest, Researcher

PROFILE_FIELDS = (
    "first_name", "last_name", "native_name", "affiliation", "lab", "position",
    "graduation_year", "country", "homepage",
)


@dataclass(frozen=True)
class RegistrationOutcome:
    registration: Registration
    created: bool

    @property
    def waitlisted(self):
        return self.registration.status == RegistrationStatus.WAITLISTED


@dataclass
class StatusChangeReport:
    changed: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (registration, reason)


def places_taken(event):
    return event.registrations.filter(status__in=PLACE_HOLDING_STATUSES).count()


def register(*, event, email, profile, company_ids, research_area_ids, dietary_needs="",
             accessibility_needs="", invitation_code="", now=None):
    """Register a researcher for `event`, or find their existing registration.

    `profile` holds the Researcher fields in PROFILE_FIELDS; the researcher is matched by email,
    case-insensitively, and their profile is updated. `company_ids` and `research_area_ids` are
    in the researcher's order of preference.

    In one transaction, with the event row locked so that simultaneous registrations queue up:
    checks that registration is open and (invite-only events) that the invitation code is valid
    and unused; creates the Researcher if new; creates the Registration as `applied`, or
    `waitlisted` when the places are taken or others are already waiting; creates the ranked
    interests. An existing registration for the same email is returned unchanged
    (`created=False`). Raises RegistrationError with the form field it concerns; nothing is
    written then.
    """
    now = now or timezone.now()
    email = email.strip()
    try:
        with transaction.atomic():
            return _register_locked(
                event_id=event.pk, email=email, profile=profile, company_ids=company_ids,
                research_area_ids=research_area_ids, dietary_needs=dietary_needs,
                accessibility_needs=accessibility_needs, invitation_code=invitation_code, now=now,
            )
    except IntegrityError:
        # Only the same new email registering for two events at the same moment gets here
        # (researcher_email_unique_ci); the second attempt finds the first one's row.
        with transaction.atomic():
            return _register_locked(
                event_id=event.pk, email=email, profile=profile, company_ids=company_ids,
                research_area_ids=research_area_ids, dietary_needs=dietary_needs,
                accessibility_needs=accessibility_needs, invitation_code=invitation_code, now=now,
            )


def _register_locked(*, event_id, email, profile, company_ids, research_area_ids, dietary_needs,
                     accessibility_needs, invitation_code, now):
    event = Event.objects.select_for_update().get(pk=event_id)
    state = event.registration_state(now)
    if state == "not_yet":
        raise RegistrationError(
            _("Registration opens on %(date)s.") % {"date": _format_local(event, event.registration_opens_at)}
        )
    if state != "open":
        raise RegistrationError(_("Registration for this event is closed."))

    researcher = Researcher.objects.select_for_update().filter(email__iexact=email).first()
    if researcher is not None:
        existing = Registration.objects.filter(event=event, researcher=researcher).first()
        if existing is not None:
            return RegistrationOutcome(registration=existing, created=False)

    invitation = None
    if event.invite_only:
        invitation = _claim_invitation(event, invitation_code)

    if researcher is None:
        researcher = Researcher(email=email)
    for name in PROFILE_FIELDS:
        if name in profile:
            setattr(researcher, name, profile[name])
    researcher.save()
    is_returning = researcher.registrations.filter(event__starts_at__lt=event.starts_at).exists()

    someone_waiting = event.registrations.filter(status=RegistrationStatus.WAITLISTED).exists()
    full = places_taken(event) >= event.researcher_capacity
    status = RegistrationStatus.WAITLISTED if (full or someone_waiting) else RegistrationStatus.APPLIED

    registration = Registration.objects.create(
        event=event, researcher=researcher, status=status, is_returning=is_returning,
        invitation=invitation, dietary_needs=dietary_needs, accessibility_needs=accessibility_needs,
        consented_at=now, privacy_notice_version=settings.PRIVACY_NOTICE_VERSION, status_changed_at=now,
    )
    _save_interests(registration, company_ids, research_area_ids)
    researcher.research_areas.add(*research_area_ids)
    return RegistrationOutcome(registration=registration, created=True)


def _claim_invitation(event, code):
    code = (code or "").strip().upper()
    if not code:
        raise RegistrationError(_("This event is by invitation only: enter your invitation code."), field="invitation_code")
    invitation = Invitation.objects.select_for_update().filter(code=code).first()
    if invitation is None or invitation.event_id != event.pk:
        raise RegistrationError(_("This invitation code is not valid for this event."), field="invitation_code")
    if Registration.objects.filter(invitation=invitation).exists():
        raise RegistrationError(_("This invitation code has already been used."), field="invitation_code")
    return invitation


def _save_interests(registration, company_ids, research_area_ids):
    CompanyInterest.objects.bulk_create(
        CompanyInterest(registration=registration, company_id=pk, rank=rank)
        for rank, pk in enumerate(company_ids, start=1)
    )
    ResearchInterest.objects.bulk_create(
        ResearchInterest(registration=registration, research_area_id=pk, rank=rank)
        for rank, pk in enumerate(research_area_ids, start=1)
    )


def _format_local(event, moment):
    return timezone.localtime(moment, event.tzinfo).strftime("%Y-%m-%d %H:%M %Z")


ALLOWED_TRANSITIONS = {
    RegistrationStatus.CONFIRMED: {RegistrationStatus.APPLIED, RegistrationStatus.WAITLISTED, RegistrationStatus.DECLINED},
    RegistrationStatus.WAITLISTED: {RegistrationStatus.APPLIED, RegistrationStatus.CONFIRMED, RegistrationStatus.DECLINED},
    RegistrationStatus.DECLINED: {RegistrationStatus.APPLIED, RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED},
    RegistrationStatus.CANCELLED: {RegistrationStatus.APPLIED, RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED},
}


def change_status(*, registration_ids, status, now=None):
    """Move registrations to `status` (organizer actions: confirm, waitlist, decline, cancel).

    Per event, with the event row locked: a registration that would take a place (confirming
    one that does not hold a place yet) is skipped when the event is full, with the reason.
    Transitions not in ALLOWED_TRANSITIONS (e.g. confirming a cancelled registration) are skipped
    too. Returns a StatusChangeReport; all changes happen in one transaction.
    """
    now = now or timezone.now()
    report = StatusChangeReport()
    with transaction.atomic():
        registrations = list(
            Registration.objects.filter(pk__in=registration_ids)
            .select_related("researcher").order_by("event_id", "created_at", "pk")
        )
        event_ids = sorted({r.event_id for r in registrations})
        events = {e.pk: e for e in Event.objects.select_for_update().filter(pk__in=event_ids).order_by("pk")}
        free = {pk: e.researcher_capacity - places_taken(e) for pk, e in events.items()}
        for registration in registrations:
            if registration.status == status:
                continue
            if registration.status not in ALLOWED_TRANSITIONS[status]:
                report.skipped.append((registration, _("a %(status)s registration cannot be changed this way")
                                       % {"status": registration.get_status_display().lower()}))
                continue
            takes_place = status in PLACE_HOLDING_STATUSES and registration.status not in PLACE_HOLDING_STATUSES
            frees_place = status not in PLACE_HOLDING_STATUSES and registration.status in PLACE_HOLDING_STATUSES
            if takes_place and free[registration.event_id] <= 0:
                report.skipped.append((registration, _("the event is full; raise its capacity first")))
                continue
            free[registration.event_id] += frees_place - takes_place
            registration.status = status
            registration.status_changed_at = now
            registration.save(update_fields=["status", "status_changed_at", "updated_at"])
            report.changed.append(registration)
    return report
