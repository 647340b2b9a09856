from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import DetailView, ListView

from .enums import EventStatus
from .queries import public_events


class EventListView(ListView):
    template_name = "events/event_list.html"
    context_object_name = "events"

    def get_queryset(self):
        return public_events().exclude(status=EventStatus.FINISHED).order_by("starts_at")


class EventDetailView(DetailView):
    template_name = "events/event_detail.html"
    context_object_name = "event"

    def get_queryset(self):
        return public_events().prefetch_related("companies", "research_areas")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["registration_state"] = self.object.registration_state(timezone.now())
        return context


class PrivacyNoticeView(DetailView):
    template_name = "events/privacy.html"
    context_object_name = "event"

    def get_object(self, queryset=None):
        return get_object_or_404(public_events(), slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            notice_version=settings.PRIVACY_NOTICE_VERSION, retention_days=settings.RETENTION_DAYS_AFTER_EVENT,
            email_days=settings.EMAIL_BODY_DAYS_AFTER_EVENT, link_days=settings.PERSONAL_LINK_DAYS_AFTER_EVENT,
            **kwargs)
