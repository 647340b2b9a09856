"""The staff check-in pages used on a phone at the door. Staff only; they translate HTTP to attendees.checkin."""
from crispy_forms.bootstrap import FieldWithButtons, StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import time_format
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

import brakes
from events.models import Event

from .. import checkin, links
from ..models import EventHost, Registration


class GuestSearchForm(forms.Form):
    """The big search box at the door (GET, so it works without JavaScript)."""

    q = forms.CharField(label=gettext_lazy("Name, email or affiliation"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({
            "autofocus": True, "autocomplete": "off", "autocapitalize": "none", "spellcheck": "false",
            "enterkeyhint": "search", "type": "search", "class": "form-control-lg",
        })
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_id = "guest-search"
        self.helper.layout = Layout(FieldWithButtons(
            "q", StrictButton(_("Search"), type="submit", css_class="btn btn-primary btn-lg", css_id="search-button"),
        ))


def local_time(event, moment):
    return time_format(timezone.localtime(moment, event.tzinfo), "H:i")


@method_decorator(staff_member_required, name="dispatch")
class StaffOnlyView(View):
    """Anyone not logged in as staff is sent to the admin login."""


class EventCheckinView(StaffOnlyView, TemplateView):
    """Search box, counters, and the matching guests (and hosts) with their tables and a button."""

    template_name = "checkin/event.html"

    def get_context_data(self, **kwargs):
        event = get_object_or_404(Event, slug=kwargs["slug"])
        form = GuestSearchForm(self.request.GET or None)
        query = form.cleaned_data["q"].strip() if form.is_valid() else ""
        if query:
            brakes.enforce(self.request, "door_search")
        context = super().get_context_data(**kwargs)
        context.update(
            event=event, query=query, form=form, counts=checkin.arrival_counts(event=event),
            registrations=checkin.search_guests(event=event, query=query) if query else [],
            event_hosts=checkin.search_hosts(event=event, query=query) if query else [],
            back_url=f"{self.request.path}?{urlencode({'q': query})}" if query else self.request.path,
        )
        return context


class CountersView(StaffOnlyView):
    """The live counters as JSON, polled by the door page."""

    def get(self, request, slug):
        event = get_object_or_404(Event, slug=slug)
        return JsonResponse(checkin.arrival_counts(event=event))


class GuestCheckinView(StaffOnlyView, TemplateView):
    """What the QR code in a confirmation email opens: that one guest, with the button."""

    template_name = "checkin/guest.html"

    def get_context_data(self, **kwargs):
        token = links.token_from_checkin(kwargs["signed"])
        if token is None:
            raise Http404("bad signature")
        registration = get_object_or_404(
            Registration.objects.select_related("researcher", "event")
            .prefetch_related(Prefetch("seats", queryset=checkin.seats_with_theme())),
            token=token,
        )
        context = super().get_context_data(**kwargs)
        context.update(event=registration.event, registration=registration,
                       counts=checkin.arrival_counts(event=registration.event), back_url=self.request.path)
        return context


class ArrivalActionView(StaffOnlyView):
    """POST only: parse the id, call one service, say what happened, go back where the button was."""

    http_method_names = ["post"]

    def post(self, request, slug):
        event = get_object_or_404(Event, slug=slug)
        try:
            level, message = self.act(event, request.POST)
        except checkin.CheckInError as error:
            level, message = messages.ERROR, error.message
        messages.add_message(request, level, message)
        return redirect(self.next_url(request, event))

    def act(self, event, data):
        """Do the one thing; return (message level, message)."""
        raise NotImplementedError

    @staticmethod
    def next_url(request, event):
        url = request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
            return url
        return reverse("checkin:event", kwargs={"slug": event.slug})


def _registration(event, data):
    return get_object_or_404(Registration.objects.select_related("researcher"), event=event,
                             pk=_int(data.get("registration")))


def _event_host(event, data):
    return get_object_or_404(EventHost.objects.select_related("host"), event=event, pk=_int(data.get("event_host")))


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("no such guest") from None


class MarkArrivedView(ArrivalActionView):
    def act(self, event, data):
        registration = _registration(event, data)
        outcome = checkin.check_in(registration_id=registration.pk)
        return _arrival_message(event, registration.researcher, outcome)


class UndoArrivalView(ArrivalActionView):
    def act(self, event, data):
        registration = _registration(event, data)
        checkin.undo_check_in(registration_id=registration.pk)
        return messages.SUCCESS, _("Check-in undone: %(name)s.") % {"name": registration.researcher.full_name}


class MarkHostArrivedView(ArrivalActionView):
    def act(self, event, data):
        event_host = _event_host(event, data)
        outcome = checkin.check_in_host(event_host_id=event_host.pk)
        return _arrival_message(event, event_host.host, outcome)


class UndoHostArrivalView(ArrivalActionView):
    def act(self, event, data):
        event_host = _event_host(event, data)
        checkin.undo_host_check_in(event_host_id=event_host.pk)
        return messages.SUCCESS, _("Check-in undone: %(name)s.") % {"name": event_host.host.full_name}


def _arrival_message(event, person, outcome):
    values = {"name": person.full_name, "time": local_time(event, outcome.checked_in_at)}
    if outcome.already:
        return messages.WARNING, _("Already arrived at %(time)s: %(name)s.") % values
    return messages.SUCCESS, _("Arrived at %(time)s: %(name)s.") % values
