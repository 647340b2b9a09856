from . import checkin
from .checkin import EventCheckinView, GuestCheckinView
from .personal import PersonalCalendarView, PersonalCancelView, PersonalPageView
from .registration import RegisterDoneView, RegisterView

__all__ = [
    "checkin", "EventCheckinView", "GuestCheckinView", "PersonalCalendarView", "PersonalCancelView",
    "PersonalPageView", "RegisterDoneView", "RegisterView",
]
