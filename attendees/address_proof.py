"""Proof of the address: the public form changes nothing until its address's owner follows the emailed link.

submit_registration()   the form is sent: one email to the typed address says what applies; the
                        page after it is the same for every address.
confirm_registration()  the link is followed and its button pressed: the registration is made
                        now (services.register), under the event lock, so the place in line is
                        taken at that moment; only now is a stored profile updated.

An invitation sent to an address counts as proof for that address: its code with that address
registers at once.
"""
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language

from . import links, services
from .addresses import with_address
from .enums import RegistrationStatus
from .exceptions import RegistrationError
from .mail.answers import REPEAT_WINDOW, queue_answer, queue_confirmation_request
from .mail.enums import EmailKind
from .mail.rendering import language_or_default
from .models import Registration, RegistrationRequest, Researcher

# Requests are deleted this long after their link expired: they hold personal data nobody confirmed.
KEEP_EXPIRED_REQUESTS = timedelta(days=1)


class ConfirmationError(RegistrationError):
    """The link cannot confirm (any more); `problem` is a links.LinkProblem (USED or EXPIRED)."""

    def __init__(self, problem):
        super().__init__(problem.value)
        self.problem = problem


@dataclass(frozen=True)
class Submission:
    """What submit_registration wrote, for tests and logs: the page must not depend on it."""

    answer: str | None  # the EmailKind written (None: the same went out just before)
    registration_request: RegistrationRequest | None = None


def submit_registration(*, event, email, profile, company_ids, research_area_ids, dietary_needs="",
                        accessibility_needs="", invitation_code="", language=None, now=None):
    """The public registration form was sent for `event` with `email`.

    Raises RegistrationError (with its form field) when registration is not open, or, for an
    invite-only event, when the code is missing, not this event's or already used; nothing is
    written then. Otherwise, in one transaction, exactly one of:

    - the invitation code was sent to this very address: services.register() at once (its
      "registration received" / "on the waitlist" email), or "already registered" if it is;
    - the address is registered for the event (any status but cancelled): the "already
      registered" email with the personal link; nothing else changes;
    - the address cancelled its registration: a RegistrationRequest and the "register again"
      email with the link that confirms it;
    - otherwise: a RegistrationRequest and the "confirm your registration" email.

    The same submission again within mail.answers.REPEAT_WINDOW writes nothing more. Requests
    expired for over KEEP_EXPIRED_REQUESTS are deleted. Returns a Submission.
    """
    now = now or timezone.now()
    email = email.strip()
    language = language_or_default(language or get_language())
    services.ensure_registration_open(event, now)
    details = dict(profile=profile, company_ids=list(company_ids), research_area_ids=list(research_area_ids),
                   dietary_needs=dietary_needs, accessibility_needs=accessibility_needs)
    if event.invite_only:
        invitation = services.find_invitation(event, invitation_code)
        if invitation.email.casefold() == email.casefold():
            return _register_invited(event=event, email=email, invitation_code=invitation.code, language=language,
                                     now=now, details=details)
        services.ensure_invitation_unused(invitation)
    data = {**details, "invitation_code": (invitation_code or "").strip().upper() if event.invite_only else ""}
    with transaction.atomic():
        RegistrationRequest.objects.filter(expires_at__lt=now - KEEP_EXPIRED_REQUESTS).delete()
        existing = _registration_of(event, email)
        if existing is not None and existing.status != RegistrationStatus.CANCELLED:
            return _answered(queue_answer(registration=existing, kind=EmailKind.ALREADY_REGISTERED, now=now))
        if _same_request_pending(event=event, email=email, data=data, language=language, now=now):
            return Submission(answer=None)
        registration_request = RegistrationRequest.objects.create(
            event=event, email=email, language=language, data=data, created_at=now,
            expires_at=now + timedelta(hours=settings.CONFIRMATION_LINK_HOURS),
        )
        sent = queue_confirmation_request(registration_request=registration_request, registration=existing, now=now)
    return Submission(answer=sent.kind, registration_request=registration_request)


def _register_invited(*, event, email, invitation_code, language, now, details):
    outcome = services.register(event=event, email=email, invitation_code=invitation_code, language=language,
                                now=now, **details)
    if outcome.created:
        return Submission(answer=EmailKind.WAITLISTED if outcome.waitlisted else EmailKind.REGISTERED)
    with transaction.atomic():
        return _answered(queue_answer(registration=outcome.registration, kind=EmailKind.ALREADY_REGISTERED, now=now))


def _answered(email):
    return Submission(answer=email.kind if email is not None else None)


def _registration_of(event, email):
    researcher = with_address(Researcher.objects.all(), email).first()
    if researcher is None:
        return None
    return Registration.objects.filter(event=event, researcher=researcher).select_related("event", "researcher").first()


def _same_request_pending(*, event, email, data, language, now):
    recent = with_address(RegistrationRequest.objects.filter(
        event=event, confirmed_at__isnull=True, created_at__gte=now - REPEAT_WINDOW), email)
    return any(r.data == data and r.language == language for r in recent)


def confirm_registration(*, request_id, now=None):
    """The owner of the request's address followed its link and pressed the button: register now.

    One transaction, with the request locked (then, in services.register, the researcher, then the
    event row for the moment the place in line is taken): raises ConfirmationError when
    the request is confirmed already (USED) or its link has expired (EXPIRED), RegistrationError
    when registration has closed meanwhile or the invitation code was used by someone else;
    nothing is written then. Otherwise services.register() with what was submitted (choices the
    event no longer offers are dropped): the researcher's profile is written, the registration
    takes its place in line (applied or waitlisted) and gets its email. The request is marked
    confirmed and points to the registration. An address registered meanwhile changes nothing
    (`created=False`) and gets the "already registered" email. Returns the RegistrationOutcome.
    """
    now = now or timezone.now()
    with transaction.atomic():
        # A second press of the button waits here for the first one's commit, then finds the request used.
        registration_request = (RegistrationRequest.objects.select_for_update(of=("self",)).select_related("event")
                                .filter(pk=request_id).first())
        if registration_request is None:  # deleted meanwhile, KEEP_EXPIRED_REQUESTS after it expired
            raise ConfirmationError(links.LinkProblem.EXPIRED)
        if registration_request.confirmed_at is not None:
            raise ConfirmationError(links.LinkProblem.USED)
        if now >= registration_request.expires_at:
            raise ConfirmationError(links.LinkProblem.EXPIRED)
        data, event = registration_request.data, registration_request.event
        outcome = services.register(
            event=event, email=registration_request.email, profile=data["profile"],
            company_ids=_still_offered(data["company_ids"], event.companies),
            research_area_ids=_still_offered(data["research_area_ids"], event.research_areas),
            dietary_needs=data["dietary_needs"], accessibility_needs=data["accessibility_needs"],
            invitation_code=data["invitation_code"], language=registration_request.language, now=now,
        )
        registration_request.confirmed_at = now
        registration_request.registration = outcome.registration
        registration_request.save(update_fields=["confirmed_at", "registration"])
        if not outcome.created:
            queue_answer(registration=outcome.registration, kind=EmailKind.ALREADY_REGISTERED, now=now)
    return outcome


def _still_offered(ids, offered):
    """`ids` in their order, without those the event stopped offering since the form was sent."""
    available = set(offered.filter(pk__in=ids).values_list("pk", flat=True))
    return [pk for pk in ids if pk in available]
