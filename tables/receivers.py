"""Signal receivers, connected in TablesConfig.ready()."""
from django.dispatch import receiver

from attendees.signals import places_released
from worker.signals import recovery_pass

from . import services
from .models import Seat


@receiver(places_released, dispatch_uid="tables.free_released_seats")
def free_released_seats(sender, registration_ids, **kwargs):
    """Researchers who no longer hold a place lose their seats, in the transaction that released them."""
    Seat.objects.filter(registration_id__in=registration_ids).delete()


@receiver(recovery_pass, dispatch_uid="tables.fail_abandoned_runs")
def fail_abandoned_runs(sender, now, **kwargs):
    """The worker's recovery pass: seating runs whose worker died are marked failed, so Generate works again."""
    failed = services.fail_abandoned_runs(now=now)
    return f"seating runs: {failed} whose worker died marked failed" if failed else ""
