from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailKind(models.TextChoices):
    REGISTERED = "registered", _("Registration received")
    CONFIRMED = "confirmed", _("Place confirmed")
    WAITLISTED = "waitlisted", _("On the waitlist")
    PROMOTED = "promoted", _("Promoted from the waitlist")
    CANCELLED = "cancelled", _("Registration cancelled")
    SEATING = "seating", _("Your tables")
    INVITATION = "invitation", _("Invitation")
    THANK_YOU = "thank_you", _("Thank you, and the survey")
    # Answers to the public forms, written to the address that was typed in (proof of the address).
    CONFIRM = "confirm", _("Confirm your registration")
    ALREADY_REGISTERED = "already", _("Already registered")
    REREGISTER = "reregister", _("Register again after cancelling")
    PERSONAL_LINK = "link", _("Your personal link")
    NEW_LINK = "new_link", _("A new personal link")
    NOT_REGISTERED = "unregistered", _("No registration with this address")


# Kinds whose message carries the check-in QR code and the calendar file: the researcher holds a place.
KINDS_WITH_TICKET = (EmailKind.REGISTERED, EmailKind.CONFIRMED, EmailKind.PROMOTED)

# Kinds written to an address that has no registration for the event (yet), so no registration row to point at.
ADDRESS_KINDS = (EmailKind.CONFIRM, EmailKind.NOT_REGISTERED)


class EmailState(models.TextChoices):
    # Who, what and in which language are stored; the text is written after the commit (mail/writer.py).
    PENDING = "pending", _("To be written")
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")  # claimed by a worker (claimed_at); recovery takes it back if that worker died
    RETRYING = "retrying", _("Retrying")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


# What an organizer may send again. Not `sending`: the worker that holds it may be alive.
UNSENT_STATES = (EmailState.QUEUED, EmailState.RETRYING, EmailState.FAILED)
