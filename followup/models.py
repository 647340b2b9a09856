from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from attendees.models import EventHost, Registration
from events.models import Company

from .enums import Stage


class FollowUp(models.Model):
    """What recruiting made of one registration after the dinner: a stage, the company pursuing it and
    the staff member who owns it. Made on demand, by the first note or stage."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="follow_up", verbose_name=_("registration"))
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.MET)
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("company"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="owned_follow_ups",
        verbose_name=_("owner"), help_text=_("The staff member who follows this researcher up."))
    stage_changed_at = models.DateTimeField(_("stage changed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        indexes = [models.Index(fields=["stage"])]
        permissions = [("export_followup", _("Can export the follow-up list (CSV, XLSX)"))]

    def __str__(self):
        # No name: the audit trail keeps this text, and it must not outlive an erased researcher.
        return _("Follow-up %(number)s") % {"number": self.pk}


class HostNote(models.Model):
    """A note a host (or another staff member) wrote about a guest, during or after the dinner."""

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="notes",
                                  verbose_name=_("follow-up"))
    text = models.TextField(_("note"), max_length=2000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("written by"))
    event_host = models.ForeignKey(EventHost, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name=_("as host"))
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("host's note")
        verbose_name_plural = _("hosts' notes")

    def __str__(self):
        return _("Note %(number)s") % {"number": self.pk}

    @property
    def author_name(self):
        """The host who wrote it when it was written as a host, else the account."""
        if self.event_host_id:
            return self.event_host.host.full_name
        if self.author_id:
            return self.author.get_full_name() or self.author.get_username()
        return "—"
