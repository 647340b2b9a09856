"""A researcher's personal page, reached only through the signed link in their emails (no account).

A wrong or tampered link is a plain 404. Every answer tells search engines to stay away, is never
cached, and keeps the link (the key) from leaking through the Referer header to any other site.

Why `same-origin` and not `no-referrer`: under `no-referrer` browsers send `Origin: null` with a
form POST, which Django's CSRF check refuses, so saving details, cancelling and the language
switcher would all fail (tests/browser/test_personal_page.py caught it). `same-origin` sends no
Referer to other sites either; only our own pages see it, and they saw the link anyway.
"""
import json

import segno
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

import brakes
from attendees import links, privacy, services
from attendees.enums import PLACE_HOLDING_STATUSES, RegistrationStatus
from attendees.exceptions import RegistrationError
from attendees.forms import PersonalDetailsForm
from attendees.mail.calendar import ics_filename, registration_ics
from attendees.views.links import PRIVATE_HEADERS, dead_link_response
from attendees.waitlist import waitlist_position
from tables.published import published_seating

ACTIVE_STATUSES = (*PLACE_HOLDING_STATUSES, RegistrationStatus.WAITLISTED)


class PersonalLinkView(View):
    """Resolves `signed` to the registration before anything else; sets the privacy headers."""

    def dispatch(self, request, *args, signed, **kwargs):
        self.signed = signed
        self.registration, problem = links.registration_for_personal_link(signed, now=timezone.now())
        if problem is not None:  # expired or replaced: a page with nothing personal (tampered: 404)
            response = dead_link_response(request, problem)
        else:
            response = super().dispatch(request, *args, **kwargs)
        for header, value in PRIVATE_HEADERS.items():
            response[header] = value
        return response

    def page_redirect(self):
        return redirect("portal:personal", signed=self.signed)


class PersonalPageView(PersonalLinkView):
    template_name = "portal/personal.html"

    def editable(self, now):
        return self.registration.status in ACTIVE_STATUSES and self.registration.event.details_editable(now)

    def form(self, data=None):
        registration = self.registration
        initial = PersonalDetailsForm.initial_for(registration)
        return PersonalDetailsForm(data, event=registration.event, initial=initial)

    def get(self, request):
        now = timezone.now()
        return self.render_page(self.form() if self.editable(now) else None, now)

    def post(self, request):
        now = timezone.now()
        if not self.editable(now):
            messages.error(request, _("Your details can no longer be changed."))
            return self.page_redirect()
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render_page(form, now, status=200)
        company_ids, research_area_ids = form.interest_ids()
        try:
            services.update_details(
                registration_id=self.registration.pk, profile=form.profile(), company_ids=company_ids,
                research_area_ids=research_area_ids, dietary_needs=form.cleaned_data["dietary_needs"],
                accessibility_needs=form.cleaned_data["accessibility_needs"], now=now,
            )
        except RegistrationError as error:
            form.add_error(None, error.message)
            return self.render_page(form, now)
        messages.success(request, _("Your changes are saved."))
        return self.page_redirect()

    def render_page(self, form, now, status=200):
        registration = self.registration
        event = registration.event
        holds_place = registration.status in PLACE_HOLDING_STATUSES
        context = {
            "registration": registration,
            "event": event,
            "researcher": registration.researcher,
            "form": form,
            "waitlist_position": waitlist_position(registration),
            "seating": published_seating(registration) if holds_place else [],
            "holds_place": holds_place,
            "can_cancel": registration.status in ACTIVE_STATUSES and event.starts_at > now,
            "details_locked": registration.status in ACTIVE_STATUSES and not event.details_editable(now),
            "checkin_qr": segno.make(links.checkin_url(registration), error="m").svg_data_uri(scale=5)
            if holds_place else None,
        }
        return render(self.request, self.template_name, context, status=status)


class PersonalCancelView(PersonalLinkView):
    """Asks first (GET), cancels on POST: the place goes to the next person on the waitlist."""

    def get(self, request):
        registration = self.registration
        if registration.status not in ACTIVE_STATUSES:
            return self.page_redirect()
        context = {"registration": registration, "event": registration.event}
        return render(request, "portal/personal_cancel.html", context)

    def post(self, request):
        try:
            services.cancel_registration(registration_id=self.registration.pk)
        except RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your registration is cancelled. We have sent you an email."))
        return self.page_redirect()


class PersonalCalendarView(PersonalLinkView):
    """The dinner as an .ics file, for researchers who hold a place."""

    def get(self, request):
        registration = self.registration
        if registration.status not in PLACE_HOLDING_STATUSES:
            raise Http404
        response = HttpResponse(registration_ics(registration), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{ics_filename(registration)}"'
        return response


class PersonalDataView(PersonalLinkView):
    """"Download my data": everything held about the researcher, as a JSON file (the private headers too)."""

    def get(self, request):
        brakes.enforce(request, "my_data")
        researcher = self.registration.researcher
        data = privacy.export_researcher_data(researcher=researcher, now=timezone.now())
        response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2),
                                content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="my-roundtable-data.json"'
        return response


class PersonalEraseView(PersonalLinkView):
    """"Delete my data": asks first (GET), anonymizes on POST, then a page with nothing personal on it.

    The link is dead afterwards (the registration has a new token), so the answer is rendered
    here rather than redirected to the personal page.
    """

    def get(self, request):
        registration = self.registration
        context = {"event": registration.event, "cancels": registration.status in ACTIVE_STATUSES
                   and registration.event.starts_at > timezone.now()}
        return render(request, "portal/personal_erase.html", context)

    def post(self, request):
        brakes.enforce(request, "my_data")
        privacy.anonymize_researcher(researcher_id=self.registration.researcher_id, now=timezone.now())
        return render(request, "portal/personal_erased.html")
