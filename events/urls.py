from django.urls import path

from attendees import views as attendee_views

from . import views

app_name = "events"

urlpatterns = [
    path("", views.EventListView.as_view(), name="list"),
    path("<slug:slug>/", views.EventDetailView.as_view(), name="detail"),
    path("<slug:slug>/privacy/", views.PrivacyNoticeView.as_view(), name="privacy"),
    path("<slug:slug>/register/", attendee_views.RegisterView.as_view(), name="register"),
    path("<slug:slug>/register/done/", attendee_views.RegisterDoneView.as_view(), name="register_done"),
    path("<slug:slug>/link/", attendee_views.LostLinkView.as_view(), name="lost_link"),
    path("<slug:slug>/link/sent/", attendee_views.lost_link_sent, name="lost_link_sent"),
]
