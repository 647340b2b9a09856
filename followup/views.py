"""The hosts' phone page: pick "I am host X", see the guests of X's tables in both rounds, add a note
and set the stage in two taps. For accounts that may write notes (Organizer, Recruiter, Host roles) at
the events they work on; door staff may not. The views translate HTTP to followup.services."""
from django.contrib import messages
from django.contrib.auth.views import LoginView, redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from attendees.models import EventHost, Registration
from events.access import may_access, working_events
from events.models import Event
from events.staff_pages import staff_events_page

from . import queries, services
from .enums import Stage
from .forms import NoteForm

NOTE_PERMISSION = "followup.add_hostnote"


def _session_key(event):
    return f"followup-host-{event.pk}"


class HostsOnlyView(View):
    """Accounts holding the note permission, at the events they work on; anyone not logged in is sent
    to this page's own login (hosts have no admin account)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("followup:login"))
        if not request.user.has_perm(NOTE_PERMISSION):
            raise PermissionDenied
        if "slug" in kwargs:  # the pages of one event (not the start, which lists them)
            self.event = get_object_or_404(Event, slug=kwargs["slug"])
            if not may_access(request.user, self.event):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def event_host(self, pk):
        return get_object_or_404(EventHost.objects.select_related("host__company"), event=self.event, pk=_int(pk))


class HostsHomeView(HostsOnlyView):
    """Where the hosts' login leads without a link to one event: that event's hosts' page when the
    account works on exactly one event coming or under way, else the list of them."""

    def get(self, request):
        return staff_events_page(request, working_events(request.user, timezone.now()), "followup:hosts",
                                 gettext_lazy("Hosts' notes: your events"))


class HostPickView(HostsOnlyView, TemplateView):
    """"Which host are you?": the event's hosts with their tables."""

    template_name = "followup/hosts.html"

    def get_context_data(self, **kwargs):
        hosts = queries.hosts_with_tables(self.event)
        remembered = self.request.session.get(_session_key(self.event))
        return {**super().get_context_data(**kwargs), "event": self.event, "hosts": hosts,
                "remembered": next((h for h in hosts if h.pk == remembered), None)}


class HostGuestsView(HostsOnlyView, TemplateView):
    """The guests of one host's tables, each with the stage buttons, the notes and a note box."""

    template_name = "followup/guests.html"

    def get_context_data(self, **kwargs):
        event_host = self.event_host(kwargs["event_host_id"])
        self.request.session[_session_key(self.event)] = event_host.pk  # "continue as" on the next visit
        return {**super().get_context_data(**kwargs), "event": self.event, "event_host": event_host,
                "guests": queries.guests_of(event_host), "stages": Stage.choices, "note_form": NoteForm()}


class FollowUpPostView(HostsOnlyView):
    """POST only: a note or a stage for a guest at the host's tables; say what happened, go back to the guest."""

    http_method_names = ["post"]
    action = None  # "note" or "stage"

    def post(self, request, slug):
        event_host = self.event_host(request.POST.get("event_host"))
        registration = get_object_or_404(Registration.objects.select_related("researcher"), event=self.event,
                                         pk=_int(request.POST.get("registration")))
        if not queries.seats_the_guest(event_host, registration.pk):
            raise Http404("not at this host's tables")
        name = registration.researcher.full_name
        try:
            if self.action == "note":
                form = NoteForm(request.POST)
                if not form.is_valid():
                    raise services.FollowUpError(" ".join(form.errors["text"]))
                services.add_note(registration_id=registration.pk, text=form.cleaned_data["text"], user=request.user,
                                  event_host_id=event_host.pk)
                messages.success(request, _("Note saved: %(name)s.") % {"name": name})
            else:
                follow_up = services.set_stage(registration_id=registration.pk, stage=request.POST.get("stage"),
                                               user=request.user, event_host_id=event_host.pk)
                messages.success(request, _("%(name)s: %(stage)s.") % {"name": name,
                                                                       "stage": follow_up.get_stage_display()})
        except services.FollowUpError as error:
            messages.error(request, f"{name}: {error.message}")
        url = reverse("followup:guests", kwargs={"slug": self.event.slug, "event_host_id": event_host.pk})
        return redirect(f"{url}#registration-{registration.pk}")


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("no such guest or host") from None


class HostLoginView(LoginView):
    """The hosts' own login (they have no admin account); failed attempts count towards the admin's lockout."""

    template_name = "staff_login.html"
    extra_context = {"login_title": gettext_lazy("Hosts: log in"), "login_id": "followup-login"}
    next_page = reverse_lazy("followup:home")
    redirect_authenticated_user = True
