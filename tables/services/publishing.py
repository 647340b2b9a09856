"""Publishing a round's seating to the researchers, and taking it back."""
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from attendees.enums import PLACE_HOLDING_STATUSES, RegistrationStatus
from attendees.models import Registration

from ..exceptions import SeatingError
from ..models import Round, Seat
from ..signals import round_published


@dataclass(frozen=True)
class PublishRecipients:
    """Who publishing a round emails: everyone seated the first time; afterwards only the moved."""

    registrations: list  # Registration rows with their researcher, by pk
    seating: dict  # {registration id (str): table id}, what they will have been told
    first: bool  # no table of this round was ever emailed
    unseated: int  # emailed a table before, seated no more: not emailed (their page no longer shows one)

    def __len__(self):
        return len(self.registrations)


def publish_recipients(*, round):
    """Who publishing `round` emails: the researchers holding a place whose table in it differs from
    the one last emailed (`Round.announced_seating`), or who were not seated then; everyone seated on
    the first publication. The publish confirmation shows this, and portal.mail emails exactly these."""
    seated = {str(registration_id): table_id for registration_id, table_id in Seat.objects.filter(
        round=round, registration__status__in=PLACE_HOLDING_STATUSES).values_list("registration_id", "table_id")}
    announced = round.announced_seating or {}
    moved = [int(key) for key, table_id in seated.items() if announced.get(key) != table_id]
    registrations = list(Registration.objects.filter(pk__in=moved).select_related("researcher").order_by("pk"))
    return PublishRecipients(registrations=registrations, seating=seated, first=not announced,
                             unseated=len(announced.keys() - seated.keys()))


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
