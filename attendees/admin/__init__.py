"""Organizer admin for attendees, one module per area of work."""
from .hosts import EventHostAdmin, EventHostInline, HostAdmin
from .invitations import InvitationAdmin
from .registrations import RegistrationAdmin, ResearcherAdmin

__all__ = ["EventHostAdmin", "EventHostInline", "HostAdmin", "InvitationAdmin", "RegistrationAdmin", "ResearcherAdmin"]
