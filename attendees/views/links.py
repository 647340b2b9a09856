"""Pages about personal links: "lost your link?" and the page an expired or replaced link opens."""
from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.generic import FormView

import brakes
from events.queries import public_events

from .. import links
from ..forms import LostLinkForm
from ..personal_links import links_expired, send_personal_link

# Every page reached through a personal link: no search engine, no cache, and the link (the key)
# never sent to another site in the Referer. Why `same-origin` and not `no-referrer`: see portal.views.
PRIVATE_HEADERS = {
    "X-Robots-Tag": "noindex, nofollow",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "private, no-store",
}


def dead_link_response(request, problem):
    """A personal link that no longer works: say so, with nothing of the registration on the page.

    A link we never made (bad signature) is a plain 404, as it always was.
    """
    if problem == links.LinkProblem.TAMPERED:
        raise Http404("bad signature")
    return render(request, "attendees/dead_link.html", {"days": settings.PERSONAL_LINK_DAYS_AFTER_EVENT}, status=410)


class LostLinkView(FormView):
    """One email field; the answer is the same whether or not the address is registered."""

    template_name = "attendees/lost_link.html"
    form_class = LostLinkForm

    def dispatch(self, request, *args, **kwargs):
        self.event = get_object_or_404(public_events(), slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(event=self.event, expired=links_expired(self.event, timezone.now()), **kwargs)

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        brakes.enforce(self.request, "link", address=email)
        if form.caught_in_honeypot():  # a bot: the same answer, and no email
            return redirect("attendees:lost_link_sent", slug=self.event.slug)
        send_personal_link(event=self.event, email=email, language=self.request.LANGUAGE_CODE)
        return redirect("attendees:lost_link_sent", slug=self.event.slug)


def lost_link_sent(request, slug):
    event = get_object_or_404(public_events(), slug=slug)
    return render(request, "attendees/lost_link.html", {"event": event, "sent": True})
