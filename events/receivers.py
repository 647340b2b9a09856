"""Any change to what the public pages show makes their cached fragments stale (events/page_cache.py)."""
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from . import page_cache
from .models import Company, Event, ResearchArea


@receiver([post_save, post_delete], sender=Event)
@receiver([post_save, post_delete], sender=Company)
@receiver([post_save, post_delete], sender=ResearchArea)
def public_record_changed(sender, **kwargs):
    page_cache.bump_version()


@receiver(m2m_changed, sender=Event.companies.through)
@receiver(m2m_changed, sender=Event.research_areas.through)
def offerings_changed(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        page_cache.bump_version()
