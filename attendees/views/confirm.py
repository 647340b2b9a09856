"""`/confirm/<signed>/`: the link in the "confirm your registration" email.

Email scanners (Outlook Safe Links, corporate gateways) open links with GET, so a GET only shows
what would be confirmed; the registration is made by the page's button (a POST with the CSRF
token). A link confirms once: opened again it says so and shows nothing personal, unless this
browser is the one that confirmed it (the session remembers), which goes to the personal page. The
page with the button starts that session, in whatever browser the email's link opens.
"""
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from .. import address_proof, links
from ..enums import RegistrationStatus
from ..exceptions import RegistrationError
from ..models import Registration
from ..waitlist import waitlist_position
from .links import PRIVATE_HEADERS

CONFIRMED_SESSION_KEY = "confirmed_requests"
PROBLEM_STATUS = {links.LinkProblem.TAMPERED: 404, links.LinkProblem.EXPIRED: 410, links.LinkProblem.USED: 200}


class ConfirmRegistrationView(View):
    def dispatch(self, request, *args, signed, **kwargs):
        self.registration_request, self.problem = links.request_for_confirm_link(signed, now=timezone.now())
        response = super().dispatch(request, *args, **kwargs)
        for header, value in PRIVATE_HEADERS.items():
            response[header] = value
        return response

    def get(self, request):
        if self.problem is not None:
            return self.problem_page(self.problem)
        # The browser that shows the button gets its session now, before either of two quick taps
        # is sent: the second tap then carries the session the first one writes its note into.
        if CONFIRMED_SESSION_KEY not in request.session:  # written once per browser, not on every opening
            request.session[CONFIRMED_SESSION_KEY] = []
        registration_request = self.registration_request
        return render(request, "attendees/confirm.html", {
            "event": registration_request.event, "name": registration_request.submitted_name,
        })

    def post(self, request):
        if self.problem is not None:
            return self.problem_page(self.problem)
        try:
            # The session's note commits with the registration: a second tap of the button, waiting
            # on the first one's lock, then finds it (database sessions) and goes to the same page.
            with transaction.atomic():
                outcome = address_proof.confirm_registration(request_id=self.registration_request.pk)
                confirmed = request.session.get(CONFIRMED_SESSION_KEY, [])
                request.session[CONFIRMED_SESSION_KEY] = [*confirmed, self.registration_request.pk][-10:]
                request.session.save()
        except address_proof.ConfirmationError as error:  # a double tap: the first press confirmed it
            return self.problem_page(error.problem)
        except RegistrationError as error:  # closed meanwhile, invitation used by someone else
            return render(request, "attendees/confirm_problem.html", {
                "problem": "refused", "message": error.message, "event": self.registration_request.event,
            })
        if not outcome.created:
            messages.info(request, already_registered_message(outcome.registration))
        elif outcome.waitlisted:
            messages.success(request, _("Thank you: your registration is received. All places are taken at the "
                                        "moment, so you are on the waitlist."))
        else:
            messages.success(request, _("Thank you: your registration is received. We have emailed you the "
                                        "link to this page."))
        return redirect("portal:personal", signed=links.personal_page_token(outcome.registration))

    def problem_page(self, problem):
        registration_request = self.registration_request
        if problem == links.LinkProblem.USED and (
                registration_request.pk in self.request.session.get(CONFIRMED_SESSION_KEY, [])):
            # Read again: on a double tap, this request was loaded before the first tap confirmed it.
            registration = Registration.objects.filter(requests=registration_request.pk).first()
            if registration is not None:
                return redirect("portal:personal", signed=links.personal_page_token(registration))
        event = registration_request.event if registration_request is not None else None
        return render(self.request, "attendees/confirm_problem.html", {"problem": problem.value, "event": event},
                      status=PROBLEM_STATUS[problem])


def already_registered_message(registration):
    """What someone who registers a second time is told: where they stand, not just "already registered"."""
    status = registration.status
    if status == RegistrationStatus.WAITLISTED:
        return _("You were already registered, so nothing has changed: you are number %(position)s on the "
                 "waitlist.") % {"position": waitlist_position(registration)}
    if status == RegistrationStatus.CONFIRMED:
        return _("You were already registered, so nothing has changed: your place is confirmed.")
    if status == RegistrationStatus.APPLIED:
        return _("You were already registered, so nothing has changed: you have a place, and the organizers "
                 "will confirm it by email.")
    return _("You were already registered, so nothing has changed. Your registration's status: %(status)s.") % {
        "status": registration.get_status_display()}
