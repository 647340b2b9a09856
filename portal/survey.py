"""The survey after the dinner, reached through the signed link of the thank-you email (no account).

One page: the answers, editable until the survey closes. Every link problem gets a page that says
what happened, with nothing of the registration on it: a link we never made (or one made for
another page), a replaced link, a researcher with no recorded arrival, a closed survey.
"""
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

import brakes
from attendees import feedback, links
from attendees.models import SurveyResponse
from attendees.views.links import PRIVATE_HEADERS
from tables.models import Round
from tables.published import published_seating

from .forms import SurveyForm

LINK_MESSAGES = {
    links.LinkProblem.TAMPERED: (404, gettext_lazy(
        "This survey link is not one we sent. Please open the link from your thank-you email exactly as it is, "
        "or copy all of it.")),
    links.LinkProblem.REVOKED: (410, gettext_lazy(
        "This survey link no longer works: a newer link was sent to you, or your data was deleted at your request.")),
}


def unavailable(request, message, status):
    return render(request, "portal/survey_unavailable.html", {"message": message}, status=status)


class SurveyView(View):
    template_name = "portal/survey.html"

    def dispatch(self, request, *args, signed, **kwargs):
        self.signed = signed
        self.registration, problem = links.registration_for_survey_link(signed)
        if problem is not None:
            status, message = LINK_MESSAGES.get(problem, LINK_MESSAGES[links.LinkProblem.REVOKED])
            response = unavailable(request, message, status)
        else:
            problem = feedback.survey_problem(self.registration, now=timezone.now())
            if problem is not None:
                response = unavailable(request, feedback.SURVEY_PROBLEM_MESSAGES[problem], 403)
            else:
                response = super().dispatch(request, *args, **kwargs)
        for header, value in PRIVATE_HEADERS.items():
            response[header] = value
        return response

    def form(self, data=None):
        registration = self.registration
        response = SurveyResponse.objects.filter(registration=registration).first()
        round_numbers = Round.objects.filter(event_id=registration.event_id).values_list("number", flat=True)
        return SurveyForm(data, tables=published_seating(registration), round_numbers=list(round_numbers),
                          initial=SurveyForm.initial_for(response)), response

    def get(self, request):
        form, response = self.form()
        return self.render_page(form, response)

    def post(self, request):
        brakes.enforce(request, "survey")
        form, response = self.form(request.POST)
        if not form.is_valid():
            return self.render_page(form, response)
        try:
            _response, created = feedback.save_survey_response(
                registration_id=self.registration.pk, answers=form.answers())
        except feedback.SurveyClosed as closed:
            return unavailable(request, closed.message, 403)
        messages.success(request, _("Thank you! Your answers are saved.") if created
                         else _("Thank you! Your changed answers are saved."))
        return redirect("portal:survey", signed=self.signed)

    def render_page(self, form, response):
        event = self.registration.event
        context = {"form": form, "event": event, "response": response,
                   "closes_at": links.survey_closes_at(event), "researcher": self.registration.researcher}
        return render(self.request, self.template_name, context)
