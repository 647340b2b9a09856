"""The event's "Clone for next year" and "Invite earlier attendees" pages (buttons on its admin page).

Both belong to the organizers of the event they start from: cloning needs the right to change the
source event and to add everything the clone is made of; inviting needs the right to change the
new event and to add invitations, and offers only earlier events the account works on.
"""
import re
from datetime import timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.access import events_of
from events.models import time_zone_choices

from . import next_year
from .next_year import Audience, NextYearError

CLONE_PERMISSIONS = ("events.add_event", "tables.add_table", "tables.add_round", "tables.add_tabletheme",
                     "tables.add_seatingsettings", "attendees.add_emailtemplate", "attendees.add_eventhost")
INVITE_PERMISSIONS = ("attendees.add_invitation", "attendees.view_registration")
LOCAL_DATETIME = forms.SplitDateTimeWidget(date_attrs={"type": "date"}, time_attrs={"type": "time"},
                                           date_format="%Y-%m-%d", time_format="%H:%M")


YEAR = re.compile(r"\b(19|20)\d\d\b")


def a_year_on(text):
    """"CVPR 2026" → "CVPR 2027": the form's first guess at next year's name, for the organizer to edit."""
    return YEAR.sub(lambda match: str(int(match.group()) + 1), text)


def a_year_later(moment, event):
    """The same weekday and wall-clock time 52 weeks on, in `event`'s zone (naive): a first guess to edit."""
    return timezone.make_naive(moment, event.tzinfo) + timedelta(weeks=52)


class CloneEventForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=200)
    name_ko = forms.CharField(label=_("Korean name"), max_length=200, required=False)
    conference = forms.CharField(label=_("conference"), max_length=100, help_text=_("e.g. CVPR 2026"))
    city = forms.CharField(label=_("city"), max_length=100)
    time_zone = forms.ChoiceField(label=_("time zone"), choices=time_zone_choices)
    starts_at = forms.SplitDateTimeField(label=_("starts at"), widget=LOCAL_DATETIME,
                                         help_text=_("In the event's time zone."))
    ends_at = forms.SplitDateTimeField(label=_("ends at"), widget=LOCAL_DATETIME,
                                       help_text=_("In the event's time zone."))
    with_hosts = forms.BooleanField(
        label=_("The same hosts"), required=False, initial=True,
        help_text=_("Hosts are the companies' staff and usually come back; remove those who do not on the new "
                    "event's page."))
    with_staff = forms.BooleanField(
        label=_("The same staff accounts"), required=False, initial=True,
        help_text=_("The accounts working on this event (with their roles) also work on the new one. Your own "
                    "account works on it in any case."))

    def __init__(self, *args, source, **kwargs):
        kwargs.setdefault("initial", {
            "name": a_year_on(source.name), "name_ko": a_year_on(source.name_ko),
            "conference": a_year_on(source.conference), "city": source.city, "time_zone": source.time_zone,
            "starts_at": a_year_later(source.starts_at, source), "ends_at": a_year_later(source.ends_at, source),
        })
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        zone_name = cleaned.get("time_zone")
        if zone_name:
            # Typed as the venue's clocks show it: the same wall-clock time, read in the chosen zone.
            entered_in, event_zone = timezone.get_current_timezone(), ZoneInfo(zone_name)
            for name in ("starts_at", "ends_at"):
                if cleaned.get(name):
                    cleaned[name] = timezone.make_aware(timezone.make_naive(cleaned[name], entered_in), event_zone)
        if cleaned.get("starts_at") and cleaned.get("ends_at") and cleaned["ends_at"] <= cleaned["starts_at"]:
            self.add_error("ends_at", _("The event must end after it starts."))
        return cleaned


class InviteReturningForm(forms.Form):
    source = forms.ModelChoiceField(label=_("Attendees of"), queryset=None, empty_label=None)
    audience = forms.ChoiceField(label=_("Invite"), choices=Audience.choices, initial=Audience.ARRIVED,
                                 widget=forms.RadioSelect(attrs={"class": "radiolist"}))

    def __init__(self, *args, event, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only earlier events: their attendees count as returning when they register.
        self.fields["source"].queryset = (events_of(user).filter(starts_at__lt=event.starts_at)
                                          .exclude(pk=event.pk).order_by("-starts_at"))


class NextYearAdmin:
    """ModelAdmin mixin for Event: the clone and invite pages and the buttons that lead to them."""

    def get_urls(self):
        return [
            path("<int:event_id>/clone/", self.admin_site.admin_view(self.clone_view), name="events_event_clone"),
            path("<int:event_id>/invite-returning/", self.admin_site.admin_view(self.invite_returning_view),
                 name="events_event_invite_returning"),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and self.has_change_permission(request, obj):
            context["may_clone"] = request.user.has_perms(CLONE_PERMISSIONS)
            context["may_invite_returning"] = request.user.has_perms(INVITE_PERMISSIONS)
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def _may(self, request, event, permissions):
        return self.has_change_permission(request, event) and request.user.has_perms(permissions)

    def _event_for(self, request, event_id, permissions):
        event = self.get_object(request, str(event_id))  # None for an event the account does not work on
        if event is None:
            raise Http404
        if not self._may(request, event, permissions):
            raise PermissionDenied
        return event

    def _page(self, request, template, title, form, **context):
        request.current_app = self.admin_site.name
        adminform = helpers.AdminForm(form, [(None, {"fields": list(form.fields)})], {})  # the admin's own rows
        return TemplateResponse(request, f"admin/events/event/{template}", {
            **self.admin_site.each_context(request), "title": title, "opts": self.opts, "form": form,
            "adminform": adminform, **context})

    def clone_view(self, request, event_id):
        source = self._event_for(request, event_id, CLONE_PERMISSIONS)
        form = CloneEventForm(request.POST or None, source=source)
        if request.method == "POST" and form.is_valid():
            try:
                event = next_year.clone_event(source=source, by=request.user, **form.cleaned_data)
            except NextYearError as error:
                form.add_error(None, str(error))
            else:
                self.log_addition(request, event, str(_("Cloned from %(event)s.") % {"event": source}))
                self.message_user(request, _(
                    "%(event)s is a draft made from %(source)s, without anyone's registration. Check its texts, "
                    "venue, registration dates and hosts, then open it for registration.") % {
                    "event": event, "source": source}, messages.SUCCESS)
                return redirect(reverse("admin:events_event_change", args=[event.pk]))
        return self._page(request, "clone.html", _("Clone %(event)s for next year") % {"event": source},
                          original=source, form=form)

    def invite_returning_view(self, request, event_id):
        event = self._event_for(request, event_id, INVITE_PERMISSIONS)
        form = InviteReturningForm(request.POST or None, event=event, user=request.user)
        plan = None
        if request.method == "POST" and form.is_valid():
            choice = {"event": event, "source": form.cleaned_data["source"],
                      "audience": form.cleaned_data["audience"]}
            try:
                if request.POST.get("confirmed") == "yes":
                    done = next_year.invite_returning(by=request.user, **choice)
                    self.log_change(request, event, str(_("Invited %(count)d attendees of %(event)s.") % {
                        "count": done.invited, "event": choice["source"]}))
                    self._report(request, done)
                    return redirect(reverse("admin:attendees_invitation_changelist")
                                    + f"?event__id__exact={event.pk}")
                plan = next_year.plan_returning_invitations(**choice)
            except NextYearError as error:
                form.add_error(None, str(error))
        return self._page(request, "invite_returning.html",
                          _("Invite earlier attendees to %(event)s") % {"event": event},
                          original=event, form=form, plan=plan)

    def _report(self, request, done):
        self.message_user(request, ngettext(
            "%(count)d researcher invited; the invitation email is on its way.",
            "%(count)d researchers invited; the invitation emails are on their way.", done.invited,
        ) % {"count": done.invited}, messages.SUCCESS)
        if done.already_registered or done.already_invited or done.erased:
            self.message_user(request, _(
                "Left out: %(registered)d already registered, %(invited)d already invited, %(erased)d whose data "
                "was erased.") % {"registered": done.already_registered, "invited": done.already_invited,
                                  "erased": done.erased}, messages.INFO)
