"""Publishing a round's seating to the researchers, and taking it back."""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from attendees.enums import PLACE_HOLDING_STATUSES, RegistrationStatus
from attendees.models import Registration

from ..exceptions import SeatingError
from ..models import Round
from ..signals import round_published


def publish_recipients(*, round):
    """How many researchers publishing `round` would email: those seated in it who hold a place
    (the ones portal.mail.queue_seating_emails writes to)."""
    return (Registration.objects.filter(seats__round=round, status__in=PLACE_HOLDING_STATUSES)
            .values("pk").distinct().count())


def publish(*, round, now=None):
    """Publish the seating of `round`: researchers may see their table, and get an email.

    In one transaction with the round locked: refuses when a confirmed researcher has no seat in
    the round; sets `published_at` and clears `announced_at`. tables.signals.round_published is
    sent after the commit (portal emails each seated researcher from it and sets `announced_at`).
    Publishing a published round does nothing.
    """
    with transaction.atomic():
        round = Round.objects.select_for_update().select_related("event").get(pk=round.pk)
        if round.published_at is not None:
            return round
        unseated = Registration.objects.filter(event=round.event_id, status=RegistrationStatus.CONFIRMED).exclude(
            seats__round=round).count()
        if unseated:
            raise SeatingError(
                _("%(count)d confirmed researcher(s) have no seat in this round: generate the round first.")
                % {"count": unseated}
            )
        round.published_at = now or timezone.now()
        round.announced_at = None  # owed until the emails are stored (portal), even if the task is lost
        round.save(update_fields=["published_at", "announced_at"])
        transaction.on_commit(lambda: round_published.send(sender=Round, round=round))
    return round


def unpublish(*, round):
    """Take the seating of `round` back (researchers no longer see it); no email is sent. One UPDATE."""
    with transaction.atomic():
        round = Round.objects.select_for_update().get(pk=round.pk)
        round.published_at = None
        round.save(update_fields=["published_at"])
    return round
