"""Registering a researcher for an event: the part of a registration that takes the place in line.

Like pretix's quota check, only what decides the place runs with the event row locked: reading
how many places are taken and whether anyone waits, inserting the registration, its interests and
its email row (written after the commit, mail/queue.py), and the commit. Everything about the
person (the researcher's row and profile, their research areas, whether they are returning, an
invitation code) is done before, under the researcher's row lock only, so simultaneous
registrations of different people queue up on the event row for milliseconds.

Locks are always taken in this order: the researcher, then an invitation, then the event, then the
registration. The organizer's status changes (services.change_status) take the event, then the
registrations; update_details the registration, then the researcher, on a registration register()
never writes (an active one), so no two of them wait on each other.
"""
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from events.models import Event

from .addresses import with_address
from .enums import PLACE_HOLDING_STATUSES, RegistrationStatus
from .exceptions import RegistrationError
from .mail.enums import EmailKind
from .mail.queue import queue_registration_email
from .mail.rendering import language_or_default
from .models import CompanyInterest, Invitation, Registration, ResearchInterest, Researcher, new_token

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


def register(*, event, email, profile, company_ids, research_area_ids, dietary_needs="",
             accessibility_needs="", invitation_code="", language=None, now=None):
    """Register a researcher for `event`, or find their existing registration.

    `profile` holds the Researcher fields in PROFILE_FIELDS; the researcher is matched by email,
    case-insensitively, and their profile is updated. `company_ids` and `research_area_ids` are
    in the researcher's order of preference.

    One transaction. With the researcher's row locked: checks that registration is open and
    (invite-only events) that the invitation code is valid and unused; creates the Researcher if
    new and writes the profile. Then, with the event row locked so that simultaneous registrations
    queue up (see the module): creates the Registration as `applied`, or `waitlisted` when the
    places are taken or others are already waiting; creates the ranked interests; stores
    `language` (default: the active language) for the researcher's emails and stores the
    "registration received" (or "on the waitlist") email, written and sent after the commit. An
    existing registration for the same email is returned unchanged (`created=False`, no email,
    profile untouched), unless it is cancelled: then the same row is registered again, at the back
    of the line, with a new token (the cancelled registration's links stop working) and
    `created=True`. Raises RegistrationError with the form field it concerns; nothing is written then.

    The caller has proven that `email` is the researcher's (address_proof.confirm_registration,
    or an invitation sent to it): this overwrites the stored profile.
    """
    now = now or timezone.now()
    arguments = dict(
        event=event, email=email.strip(), profile=profile, company_ids=company_ids,
        research_area_ids=research_area_ids, dietary_needs=dietary_needs, accessibility_needs=accessibility_needs,
        invitation_code=invitation_code, language=language_or_default(language or get_language()), now=now,
    )
    try:
        with transaction.atomic():
            return _register(**arguments)
    except IntegrityError:
        # Only the same new email registering at the same moment gets here (researcher_email_unique_ci);
        # the second attempt finds the first one's row.
        with transaction.atomic():
            return _register(**arguments)


def ensure_registration_open(event, now):
    """Raises RegistrationError unless `event` takes registrations at `now`."""
    state = event.registration_state(now)
    if state == "not_yet":
        raise RegistrationError(
            _("Registration opens on %(date)s.") % {"date": event.format_local(event.registration_opens_at)}
        )
    if state != "open":
        raise RegistrationError(_("Registration for this event is closed."))


def _register(*, event, email, profile, company_ids, research_area_ids, dietary_needs, accessibility_needs,
              invitation_code, language, now):
    ensure_registration_open(event, now)  # as the caller loaded it; again below, under the lock
    # The person: their own row lock serializes two registrations of the same address.
    researcher = with_address(Researcher.objects.select_for_update(), email).first()
    cancelled = None
    if researcher is not None:
        existing = Registration.objects.filter(event=event, researcher=researcher).first()
        if existing is not None and existing.status != RegistrationStatus.CANCELLED:
            return RegistrationOutcome(registration=existing, created=False)
        cancelled = existing
    invitation = cancelled.invitation if cancelled is not None else None
    if event.invite_only:
        invitation = _claim_invitation(event, invitation_code, registering_again=cancelled)
    if researcher is None:
        researcher = Researcher(email=email)
    for name in PROFILE_FIELDS:
        if name in profile:
            setattr(researcher, name, profile[name])
    researcher.save()
    researcher.research_areas.add(*research_area_ids)
    is_returning = researcher.registrations.filter(event__starts_at__lt=event.starts_at).exists()

    # The place in line: only this runs with the event row locked.
    event = Event.objects.select_for_update().get(pk=event.pk)
    ensure_registration_open(event, now)  # the organizer may have closed it meanwhile
    line = Registration.objects.filter(event=event).aggregate(
        taken=Count("pk", filter=Q(status__in=PLACE_HOLDING_STATUSES)),
        waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITLISTED)),
    )
    full = line["taken"] >= event.researcher_capacity
    status = RegistrationStatus.WAITLISTED if (full or line["waiting"]) else RegistrationStatus.APPLIED
    fields = dict(
        status=status, is_returning=is_returning, invitation=invitation, dietary_needs=dietary_needs,
        accessibility_needs=accessibility_needs, consented_at=now,
        privacy_notice_version=settings.PRIVACY_NOTICE_VERSION, status_changed_at=now, language=language,
    )
    if cancelled is None:
        registration = Registration.objects.create(event=event, researcher=researcher, **fields)
    else:
        registration = _register_again(cancelled, fields)
    save_interests(registration, company_ids, research_area_ids)
    kind = EmailKind.WAITLISTED if status == RegistrationStatus.WAITLISTED else EmailKind.REGISTERED
    queue_registration_email(registration=registration, kind=kind, now=now)
    return RegistrationOutcome(registration=registration, created=True)


def _register_again(registration, fields):
    """The same row (one per researcher and event) for a researcher who cancelled and registers again.

    They go to the back of the line like anyone registering now (the waitlist and the places go by
    registration time), get a new token (links from before stop working) and new interests.
    """
    for name, value in fields.items():
        setattr(registration, name, value)
    registration.created_at = timezone.now()
    registration.token = new_token()
    registration.checked_in_at = None
    registration.reregistrations += 1
    registration.save()
    registration.company_interests.all().delete()
    registration.research_interests.all().delete()
    return registration


def find_invitation(event, code):
    """The invitation with `code` for `event`; RegistrationError (field invitation_code) when none."""
    code = (code or "").strip().upper()
    if not code:
        raise RegistrationError(
            _("This event is by invitation only: enter your invitation code."), field="invitation_code"
        )
    invitation = Invitation.objects.filter(code=code, event=event).first()
    if invitation is None:
        raise RegistrationError(_("This invitation code is not valid for this event."), field="invitation_code")
    return invitation


def ensure_invitation_unused(invitation, *, registering_again=None):
    """RegistrationError unless no registration (but the one `registering_again`) used `invitation`."""
    used = Registration.objects.filter(invitation=invitation)
    if registering_again is not None:
        used = used.exclude(pk=registering_again.pk)
    if used.exists():
        raise RegistrationError(_("This invitation code has already been used."), field="invitation_code")


def _claim_invitation(event, code, *, registering_again=None):
    invitation = find_invitation(event, code)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    ensure_invitation_unused(invitation, registering_again=registering_again)
    return invitation


def save_interests(registration, company_ids, research_area_ids):
    """The ranked interests of `registration`, in the order given: two INSERTs however many."""
    CompanyInterest.objects.bulk_create(
        CompanyInterest(registration=registration, company_id=pk, rank=rank)
        for rank, pk in enumerate(company_ids, start=1)
    )
    ResearchInterest.objects.bulk_create(
        ResearchInterest(registration=registration, research_area_id=pk, rank=rank)
        for rank, pk in enumerate(research_area_ids, start=1)
    )
