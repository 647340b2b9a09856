"""What a QR code scanned at the door means: the guest card it opens, or why it opens none.

The door's scanner sends the text it decoded; only a check-in link (attendees/mail/qr.py) of this
event's registrations opens a card. Only the link's path counts, not its host: the same code works
whatever address the door's phones use (a demo port, a staging host), since its signature is what
proves that Roundtable made it.
"""
import enum
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

from attendees import links
from attendees.models import Registration

GUEST_VIEW = "checkin:guest"
MAX_PATH = 500  # a check-in path is about 130 characters; longer text is some other code


class ScanProblem(enum.Enum):
    NOT_A_CHECKIN_CODE = "not-a-checkin-code"  # some other QR code: a website, a ticket, a Wi-Fi code
    UNKNOWN_GUEST = "unknown-guest"  # a check-in link we did not sign, or one replaced by a newer link
    OTHER_EVENT = "other-event"
    EXPIRED = "expired"

    @property
    def message(self):
        return {
            ScanProblem.NOT_A_CHECKIN_CODE: _(
                "This QR code is not a check-in code. Ask for the code in the guest's confirmation email, "
                "or search by name."),
            ScanProblem.UNKNOWN_GUEST: _(
                "This check-in code matches no guest: it may be an old one, replaced by a newer link. "
                "Search for the guest by name."),
            ScanProblem.OTHER_EVENT: _("This check-in code is for another event. Search for the guest by name."),
            ScanProblem.EXPIRED: _("This check-in code expired when the event ended."),
        }[self]


@dataclass(frozen=True)
class Scan:
    registration: Registration | None
    problem: ScanProblem | None
    guest_url: str = ""  # the card's address on this server (a path), when the code opens one


def signed_part(code):
    """The signed value of a check-in link in `code` (any host, trailing spaces allowed), or None."""
    try:
        path = urlsplit(code.strip()).path
    except ValueError:  # e.g. "http://[" : a broken address is simply not ours
        return None
    if len(path) > MAX_PATH or not path.startswith("/"):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.kwargs.get("signed") if match.view_name == GUEST_VIEW else None


def read_scanned_code(*, event, code, now):
    """What the text `code` of a QR code scanned at `event`'s door opens, as of `now`.

    A check-in link of one of this event's registrations, whatever its status, opens the guest's
    card (which says whether they may come in). Reads at most one registration; changes nothing.
    """
    signed = signed_part(code)
    if signed is None:
        return Scan(registration=None, problem=ScanProblem.NOT_A_CHECKIN_CODE)
    token = links.token_from_checkin(signed)
    registration = Registration.objects.filter(token=token).first() if token is not None else None
    if registration is None:
        return Scan(registration=None, problem=ScanProblem.UNKNOWN_GUEST)
    if registration.event_id != event.pk:
        return Scan(registration=None, problem=ScanProblem.OTHER_EVENT)
    if now >= links.checkin_link_expires_at(event):
        return Scan(registration=None, problem=ScanProblem.EXPIRED)
    return Scan(registration=registration, problem=None, guest_url=reverse(GUEST_VIEW, kwargs={"signed": signed}))
