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


# Kinds whose message carries the check-in QR code and the calendar file: the researcher holds a place.
KINDS_WITH_TICKET = (EmailKind.REGISTERED, EmailKind.CONFIRMED, EmailKind.PROMOTED)


class EmailState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")  # claimed by a worker (claimed_at); recovery takes it back if that worker died
    RETRYING = "retrying", _("Retrying")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


# What an organizer may send again. Not `sending`: the worker that holds it may be alive.
UNSENT_STATES = (EmailState.QUEUED, EmailState.RETRYING, EmailState.FAILED)
