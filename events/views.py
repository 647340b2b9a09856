from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.generic import DetailView, TemplateView

from . import page_cache
from .whole_pages import cache_whole_page
from .enums import EventStatus
from .queries import public_events


class EventListView(TemplateView):
    """The list of upcoming events. Its body comes from the page cache: no query while the cache holds it."""

    template_name = "events/event_list.html"

    def get_context_data(self, **kwargs):
        def render():
            events = public_events().exclude(status=EventStatus.FINISHED).order_by("starts_at")
            return render_to_string("events/_event_list_body.html", {"events": events})

        return super().get_context_data(body=mark_safe(page_cache.cached_fragment("event_list", render)), **kwargs)

    def render_to_response(self, context, **kwargs):
        return cache_whole_page(super().render_to_response(context, **kwargs), page_cache.FRAGMENT_SECONDS)


class EventDetailView(DetailView):
    """An event's public page: the event and the body from the page cache, no query while it holds them."""

    template_name = "events/event_detail.html"
    context_object_name = "event"

    def get_object(self, queryset=None):
        event = page_cache.cached_event(self.kwargs["slug"], lambda slug: public_events().filter(slug=slug).first())
        if event is None:
            raise Http404
        return event

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        state = self.object.registration_state(now)

        def render():
            return render_to_string("events/_event_detail_body.html",
                                    {"event": self.object, "registration_state": state})

        context["body"] = mark_safe(page_cache.cached_fragment(
            "event_detail", render, event=self.object, state=state, now=now))
        return context

    def render_to_response(self, context, **kwargs):
        seconds = page_cache.seconds_to_keep(self.object, timezone.now())
        return cache_whole_page(super().render_to_response(context, **kwargs), seconds)


class PrivacyNoticeView(DetailView):
    template_name = "events/privacy.html"
    context_object_name = "event"

    def get_object(self, queryset=None):
        return get_object_or_404(public_events(), slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            notice_version=settings.PRIVACY_NOTICE_VERSION, retention_days=settings.RETENTION_DAYS_AFTER_EVENT,
            email_days=settings.EMAIL_BODY_DAYS_AFTER_EVENT, link_days=settings.PERSONAL_LINK_DAYS_AFTER_EVENT,
            survey_days=settings.SURVEY_DAYS_AFTER_EVENT, **kwargs)
