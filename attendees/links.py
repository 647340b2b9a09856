"""The unguessable, signed links a researcher gets: their personal page and their check-in QR code.

Each registration has a random 256-bit `token`; a link carries it signed with SECRET_KEY under a
salt of its own, so a personal-page link cannot be turned into a check-in link or the reverse, and
a tampered link is refused before any database lookup.
"""
from django.conf import settings
from django.core import signing
from django.urls import reverse

PERSONAL_PAGE_SALT = "attendees.personal-page"
CHECKIN_SALT = "attendees.checkin"


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
