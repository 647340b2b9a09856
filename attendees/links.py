"""The unguessable, signed links a researcher gets, and how long each one works.

- Personal page (`/my/<signed>/`, also its calendar file): until PERSONAL_LINK_DAYS_AFTER_EVENT days
  after the event ends.
- Check-in QR code (`/staff/checkin/guest/<signed>/`, staff only): until the event ends.
- Survey after the dinner (`/survey/<signed>/`): until SURVEY_DAYS_AFTER_EVENT days after the event ends.
- Confirmation of a registration (`/confirm/<signed>/`): CONFIRMATION_LINK_HOURS after the form was
  sent, once.

Stored emails hold none of these links: they are put in when the message is sent (mail/keys.py).

Each registration has a random 256-bit `token`; the personal and check-in links carry it signed
with SECRET_KEY under a salt of their own, so one cannot be turned into the other, and a tampered
link is refused before any database lookup. Their lifetime is worked out from the event when the
link is opened (an event moved to a later date keeps its links working), and the organizer's
"send a new personal link" gives the registration a new token, so every older link and QR code
stops working at once. A confirmation link carries its request's own token with a timestamp.
"""
import enum
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

PERSONAL_PAGE_SALT = "attendees.personal-page"
CHECKIN_SALT = "attendees.checkin"
CONFIRM_SALT = "attendees.confirm"
SURVEY_SALT = "attendees.survey"


class LinkProblem(enum.Enum):
    TAMPERED = "tampered"  # the signature does not match: we never made this link
    REVOKED = "revoked"  # we made it, but the registration has a new token since (or is gone)
    EXPIRED = "expired"
    USED = "used"  # a confirmation link that has done its job


def _sign(registration, salt):
    return signing.Signer(salt=salt).sign(registration.token)


def _unsign(value, salt):
    """The registration token inside a signed value, or None when the signature is wrong."""
    try:
        return signing.Signer(salt=salt).unsign(value)
    except signing.BadSignature:
        return None


def personal_page_token(registration):
    return _sign(registration, PERSONAL_PAGE_SALT)


def token_from_personal_page(value):
    return _unsign(value, PERSONAL_PAGE_SALT)


def checkin_token(registration):
    return _sign(registration, CHECKIN_SALT)


def token_from_checkin(value):
    return _unsign(value, CHECKIN_SALT)


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def personal_page_url(registration):
    return absolute(reverse("portal:personal", kwargs={"signed": personal_page_token(registration)}))


def checkin_url(registration):
    """What the QR code in the confirmation email opens on a staff member's phone."""
    return absolute(reverse("checkin:guest", kwargs={"signed": checkin_token(registration)}))


def survey_token(registration):
    return _sign(registration, SURVEY_SALT)


def survey_url(registration):
    return absolute(reverse("portal:survey", kwargs={"signed": survey_token(registration)}))


def survey_closes_at(event):
    return event.ends_at + timedelta(days=settings.SURVEY_DAYS_AFTER_EVENT)


def registration_for_survey_link(signed):
    """(registration, None) for a survey link we made for a registration that still has its token,
    else (None, LinkProblem). Whether the survey is open is the survey's business (attendees/feedback.py)."""
    from .models import Registration

    token = _unsign(signed, SURVEY_SALT)
    if token is None:
        return None, LinkProblem.TAMPERED
    registration = Registration.objects.select_related("event", "researcher").filter(token=token).first()
    if registration is None:
        return None, LinkProblem.REVOKED
    return registration, None


def personal_links_expire_at(event):
    return event.ends_at + timedelta(days=settings.PERSONAL_LINK_DAYS_AFTER_EVENT)


def checkin_link_expires_at(event):
    return event.ends_at


def registration_for_personal_link(signed, *, now):
    """(registration, None) when the personal link `signed` works at `now`, else (None, LinkProblem)."""
    from .models import Registration

    token = token_from_personal_page(signed)
    if token is None:
        return None, LinkProblem.TAMPERED
    registration = Registration.objects.select_related("event", "researcher").filter(token=token).first()
    if registration is None:
        return None, LinkProblem.REVOKED
    if now >= personal_links_expire_at(registration.event):
        return None, LinkProblem.EXPIRED
    return registration, None


class _TimestampSignerAt(signing.TimestampSigner):
    """Signs with the time of `moment` rather than now."""

    def __init__(self, *, moment, **kwargs):
        super().__init__(**kwargs)
        self.moment = moment

    def timestamp(self):
        return signing.b62_encode(int(self.moment.timestamp()))


def confirm_token(registration_request):
    """The signed part of the request's confirmation link, timed at the request's creation.

    The same whenever it is made: the email carrying it is built when it is sent (mail/keys.py),
    and the link's age counts from the form being sent, like the request's `expires_at`.
    """
    return _TimestampSignerAt(moment=registration_request.created_at, salt=CONFIRM_SALT).sign(
        registration_request.token)


def confirm_url(registration_request):
    return absolute(reverse("attendees:confirm", kwargs={"signed": confirm_token(registration_request)}))


def request_for_confirm_link(signed, *, now):
    """(request, problem) for a confirmation link opened at `now`.

    problem is None when the link may confirm. USED and EXPIRED come with the request when it is
    still stored (the view may know that this browser confirmed it, or name the event); TAMPERED
    comes without one. A request deleted after it expired reads as expired.
    """
    from .models import RegistrationRequest

    lifetime = timedelta(hours=settings.CONFIRMATION_LINK_HOURS)
    try:
        token = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(signed, max_age=lifetime)
    except signing.SignatureExpired:
        return None, LinkProblem.EXPIRED
    except signing.BadSignature:
        return None, LinkProblem.TAMPERED
    registration_request = RegistrationRequest.objects.select_related("event").filter(token=token).first()
    if registration_request is None:
        return None, LinkProblem.EXPIRED
    if registration_request.confirmed_at is not None:
        return registration_request, LinkProblem.USED
    if now >= registration_request.expires_at:
        return registration_request, LinkProblem.EXPIRED
    return registration_request, None
