from urllib.parse import urlencode

from crispy_forms.utils import render_crispy_form
from django.conf import settings
from django.core import signing
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views import View
from django.views.generic import FormView

import brakes
from events import page_cache
from events.whole_pages import cache_whole_page
from events.queries import public_events

from .. import address_proof
from ..exceptions import RegistrationError
from ..forms import RegistrationForm
from .register_page import VARIANT_ATTRIBUTE, events_with_places_held, places_taken, variant_of

# The "check your inbox" page is reached by a signed mark in its URL rather than a session: a rush
# of registrations then creates no session rows. The mark names only the event, so every sender
# (whatever their address's state) is sent to the same URL.
SENT_SIGNER = signing.Signer(salt="attendees.register-done")
# Stands in the cached blank form where each visitor's own CSRF token goes.
CSRF_PLACEHOLDER = "csrf-token-placeholder-5d1c"


def blank_form_html(make_form, *, event, now, csrf_token):
    """The blank registration form's HTML (~27 ms in crispy-forms) from the page cache, with this visitor's token.

    `make_form()` builds the form, called only on a miss. Side effect: on a miss, stores the form
    rendered with a placeholder for the CSRF token.
    """
    html = page_cache.cached_fragment(
        "register_form", lambda: render_crispy_form(make_form(), context={"csrf_token": CSRF_PLACEHOLDER}),
        event=event, state="open", now=now)
    return mark_safe(html.replace(CSRF_PLACEHOLDER, csrf_token))


class RegisterView(FormView):
    """The public registration form. Translates HTTP to address_proof.submit_registration and back."""

    template_name = "attendees/register.html"
    form_class = RegistrationForm

    def dispatch(self, request, *args, **kwargs):
        # The places taken come with the event, in the same query: the cached form page stays at one query.
        self.event = get_object_or_404(events_with_places_held(), slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["event"] = self.event
        if self.request.method == "GET" and "code" in self.request.GET:
            kwargs["initial"] = {**kwargs.get("initial", {}), "invitation_code": self.request.GET["code"][:20]}
        return kwargs

    def get_context_data(self, **kwargs):
        now = timezone.now()
        state = self.event.registration_state(now)
        # Every visitor sees the blank form alike: its HTML comes from the page cache and the form is built
        # only when the cache has none. An invitation link's code or a form sent back with errors is this
        # visitor's own and is rendered for them.
        if "form" not in kwargs and state == "open" and self.request.method == "GET" and "code" not in self.request.GET:
            self.blank_form_token = get_token(self.request)
            kwargs["blank_form_html"] = blank_form_html(self.get_form, event=self.event, now=now,
                                                        csrf_token=self.blank_form_token)
            kwargs["form"] = None
        context = super().get_context_data(**kwargs)
        context["event"] = self.event
        context["registration_state"] = state
        # Said before the long form, not after it: whoever registers now joins the waitlist.
        context["places_taken"] = places_taken(self.event, held=self.event.held_places)
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        # The blank page is every visitor's alike, but for their token: kept whole when the waitlist
        # warning on it is the one the cache was asked for (the places could change in between).
        token = getattr(self, "blank_form_token", None)
        if token and getattr(self.request, VARIANT_ATTRIBUTE, None) == variant_of(context["places_taken"]):
            cache_whole_page(response, page_cache.seconds_to_keep(self.event, timezone.now()), csrf_token=token)
        return response

    def form_valid(self, form):
        brakes.enforce(self.request, "register", address=form.cleaned_data["email"])
        if form.caught_in_honeypot():
            # A bot filled in the field people never see: it gets a person's answer; nothing is saved or sent.
            return self.done()
        data = form.cleaned_data
        company_ids, research_area_ids = form.interest_ids()
        try:
            address_proof.submit_registration(
                event=self.event, email=data["email"], profile=form.profile(), company_ids=company_ids,
                research_area_ids=research_area_ids, dietary_needs=data["dietary_needs"],
                accessibility_needs=data["accessibility_needs"], invitation_code=data.get("invitation_code", ""),
            )
        except RegistrationError as error:
            form.add_error(error.field, error.message)
            return self.form_invalid(form)
        return self.done()

    def done(self):
        # Whatever the address's state (and for a bot too), the same page follows: the email says what applies.
        sent = SENT_SIGNER.sign(str(self.event.pk))
        return redirect(reverse("attendees:register_done", kwargs={"slug": self.event.slug}) + "?" + urlencode(
            {"sent": sent}))


class RegisterDoneView(View):
    """"Check your inbox": the same page for every address, so it tells nobody who is registered."""

    def get(self, request, slug):
        event = get_object_or_404(public_events(), slug=slug)
        try:
            sent_for = SENT_SIGNER.unsign(request.GET.get("sent", ""))
        except signing.BadSignature:
            sent_for = None
        if sent_for != str(event.pk):
            return redirect(event.get_absolute_url())
        return render(request, "attendees/register_done.html", {
            "event": event, "confirm_hours": settings.CONFIRMATION_LINK_HOURS,
        })
