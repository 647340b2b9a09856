"""Organizer admin for attendees, one module per area of work."""
from .feedback import SurveyResponseAdmin, ThankYouAction
from .hosts import EventHostAdmin, EventHostInline, HostAdmin
from .invitations import InvitationAdmin
from .mail import EmailTemplateAdmin, OutboundEmailAdmin
from .registrations import RegistrationAdmin, ResearcherAdmin
from .requests import RegistrationRequestAdmin

__all__ = [
    "EmailTemplateAdmin", "EventHostAdmin", "EventHostInline", "HostAdmin", "InvitationAdmin", "OutboundEmailAdmin",
    "RegistrationAdmin", "RegistrationRequestAdmin", "ResearcherAdmin", "SurveyResponseAdmin", "ThankYouAction",
]
