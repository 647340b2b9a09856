"""The staff check-in pages used on a phone at the door. Staff only; they translate HTTP to door.services."""
from django.contrib import messages
from django.contrib.auth.views import LoginView, redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

import brakes
from brakes.responses import wait_in_words
from attendees import links
from attendees.figures import arrival_counts
from attendees.models import Registration
from events.access import may_access, working_events
from events.models import Event
from events.staff_pages import staff_events_page

from . import queries, scanning, services
from .forms import GuestSearchForm


def local_time(event, moment):
    return time_format(timezone.localtime(moment, event.tzinfo), "H:i")


DOOR_PERMISSION = "events.check_in_guests"


class StaffOnlyView(View):
    """Door staff only (the permission, and only at the events they work on); anyone not logged in is
    sent to the door's login, which door staff use without any access to the admin."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("checkin:login"))
        if not request.user.has_perm(DOOR_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def door_event(self, slug):
        """The event of the URL, if the user works on it (else 403)."""
        event = get_object_or_404(Event, slug=slug)
        if not may_access(self.request.user, event):
            raise PermissionDenied
        return event


class DoorHomeView(StaffOnlyView):
    """Where the door's login leads without a link to one event: that event's door when the account
    works on exactly one event coming or under way, else the list of them."""

    def get(self, request):
        return staff_events_page(request, working_events(request.user, timezone.now()), "checkin:event",
                                 gettext_lazy("The door: your events"))


class EventCheckinView(StaffOnlyView, TemplateView):
    """Search box, counters, and the matching guests (and hosts) with their tables and a button."""

    template_name = "checkin/event.html"

    def get_context_data(self, **kwargs):
        event = self.door_event(kwargs["slug"])
        form = GuestSearchForm(self.request.GET or None)
        query = form.cleaned_data["q"].strip() if form.is_valid() else ""
        if query:
            brakes.enforce(self.request, "door_search")
        context = super().get_context_data(**kwargs)
        context.update(
            event=event, query=query, form=form, counts=arrival_counts(event=event),
            registrations=queries.search_guests(event=event, query=query) if query else [],
            event_hosts=queries.search_hosts(event=event, query=query) if query else [],
            back_url=f"{self.request.path}?{urlencode({'q': query})}" if query else self.request.path,
        )
        return context


class CountersView(StaffOnlyView):
    """The live counters as JSON, polled by the door page."""

    def get(self, request, slug):
        event = self.door_event(slug)
        return JsonResponse(arrival_counts(event=event))


class ScanView(StaffOnlyView):
    """What the door page's scanner asks about the text of a QR code: JSON with the guest card's
    address (`url`), or a `message` for the staff member. Counted like a search. POST, so the code
    (as good as a key to the guest's card) stays out of URLs and access logs."""

    http_method_names = ["post"]
    MAX_CODE = 2000

    def post(self, request, slug):
        event = self.door_event(slug)
        try:
            brakes.enforce(request, "door_search")
        except brakes.RateLimited as limited:
            message = _("Too many codes at once: try again in %(wait)s.") % {"wait": wait_in_words(
                max(1, int(limited.retry_after)))}
            return JsonResponse({"message": message}, status=429)
        code = request.POST.get("code", "")[: self.MAX_CODE]
        scan = scanning.read_scanned_code(event=event, code=code, now=timezone.now())
        if scan.problem is not None:
            return JsonResponse({"problem": scan.problem.value, "message": scan.problem.message})
        return JsonResponse({"url": scan.guest_url})


class GuestCheckinView(StaffOnlyView, TemplateView):
    """What the QR code in a confirmation email opens: that one guest, with the button."""

    template_name = "checkin/guest.html"

    def get_context_data(self, **kwargs):
        token = links.token_from_checkin(kwargs["signed"])
        if token is None:
            raise Http404("bad signature")
        registration = get_object_or_404(
            Registration.objects.select_related("researcher", "event")
            .prefetch_related(Prefetch("seats", queryset=queries.seats_with_theme())),
            token=token,
        )
        if not may_access(self.request.user, registration.event):
            raise PermissionDenied
        if timezone.now() >= links.checkin_link_expires_at(registration.event):
            raise Http404("the check-in code expired with the event")
        context = super().get_context_data(**kwargs)
        context.update(event=registration.event, registration=registration,
                       counts=arrival_counts(event=registration.event), back_url=self.request.path)
        return context


class ArrivalView(StaffOnlyView):
    """POST only: mark a guest (researcher or host, as `kind` says) arrived, or undo it; say what
    happened, go back where the button was."""

    http_method_names = ["post"]
    kind = services.RESEARCHER
    undo = False

    def post(self, request, slug):
        event = self.door_event(slug)
        guest = get_object_or_404(self.kind.model.objects.select_related(self.kind.person), event=event,
                                  pk=_int(request.POST.get(self.kind.form_field)))
        person = getattr(guest, self.kind.person)
        try:
            if self.undo:
                services.undo_arrival(kind=self.kind, guest_id=guest.pk)
                level, message = messages.SUCCESS, _("Check-in undone: %(name)s.") % {"name": person.full_name}
            else:
                outcome = services.arrive(kind=self.kind, guest_id=guest.pk)
                level, message = _arrival_message(event, person, outcome)
        except services.CheckInError as error:
            level, message = messages.ERROR, error.message
        messages.add_message(request, level, message)
        return redirect(self.next_url(request, event))

    @staticmethod
    def next_url(request, event):
        url = request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
            return url
        return reverse("checkin:event", kwargs={"slug": event.slug})


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("no such guest") from None


def _arrival_message(event, person, outcome):
    values = {"name": person.full_name, "time": local_time(event, outcome.checked_in_at)}
    if outcome.already:
        return messages.WARNING, _("Already arrived at %(time)s: %(name)s.") % values
    return messages.SUCCESS, _("Arrived at %(time)s: %(name)s.") % values


class DoorLoginView(LoginView):
    """The door's own login: door staff have no admin account. Failed attempts count towards the
    same lockout as the admin's."""

    template_name = "staff_login.html"
    extra_context = {"login_title": gettext_lazy("Door staff: log in"), "login_id": "door-login"}
    next_page = reverse_lazy("checkin:home")
    redirect_authenticated_user = True
