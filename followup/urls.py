"""The hosts' follow-up pages, under /staff/followup/."""
from django.urls import path

import brakes

from . import views

app_name = "followup"

urlpatterns = [
    path("", views.HostsHomeView.as_view(), name="home"),
    path("login/", brakes.limit_posts("login")(views.HostLoginView.as_view()), name="login"),
    path("<slug:slug>/", views.HostPickView.as_view(), name="hosts"),
    path("<slug:slug>/hosts/<int:event_host_id>/", views.HostGuestsView.as_view(), name="guests"),
    path("<slug:slug>/notes/", views.FollowUpPostView.as_view(action="note"), name="note"),
    path("<slug:slug>/stage/", views.FollowUpPostView.as_view(action="stage"), name="stage"),
]
