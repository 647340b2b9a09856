"""Staff check-in at the door, under /staff/checkin/ (staff only)."""
from django.urls import path

import brakes

from . import views
from .services import HOST, RESEARCHER

app_name = "checkin"

urlpatterns = [
    path("", views.DoorHomeView.as_view(), name="home"),
    path("login/", brakes.limit_posts("login")(views.DoorLoginView.as_view()), name="login"),
    path("guest/<str:signed>/", views.GuestCheckinView.as_view(), name="guest"),
    path("<slug:slug>/", views.EventCheckinView.as_view(), name="event"),
    path("<slug:slug>/counters/", views.CountersView.as_view(), name="counters"),
    path("<slug:slug>/scan/", views.ScanView.as_view(), name="scan"),
    path("<slug:slug>/arrive/", views.ArrivalView.as_view(kind=RESEARCHER), name="arrive"),
    path("<slug:slug>/undo/", views.ArrivalView.as_view(kind=RESEARCHER, undo=True), name="undo"),
    path("<slug:slug>/hosts/arrive/", views.ArrivalView.as_view(kind=HOST), name="host_arrive"),
    path("<slug:slug>/hosts/undo/", views.ArrivalView.as_view(kind=HOST, undo=True), name="host_undo"),
]
