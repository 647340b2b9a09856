from . import checkin
from .checkin import EventCheckinView, GuestCheckinView
from .confirm import ConfirmRegistrationView
from .links import LostLinkView, lost_link_sent
from .personal import PersonalCalendarView, PersonalCancelView, PersonalPageView
from .registration import RegisterDoneView, RegisterView

__all__ = [
    "checkin", "ConfirmRegistrationView", "EventCheckinView", "GuestCheckinView", "LostLinkView", "lost_link_sent",
    "PersonalCalendarView", "PersonalCancelView", "PersonalPageView", "RegisterDoneView", "RegisterView",
]
