"""Signal receivers, connected in TablesConfig.ready()."""
from django.dispatch import receiver

from attendees.signals import places_released

from .models import Seat


@receiver(places_released, dispatch_uid="tables.free_released_seats")
def free_released_seats(sender, registration_ids, **kwargs):
    """Researchers who no longer hold a place lose their seats, in the transaction that released them."""
    Seat.objects.filter(registration_id__in=registration_ids).delete()
