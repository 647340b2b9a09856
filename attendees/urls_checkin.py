"""Staff check-in at the door, under /staff/checkin/ (staff only)."""
from django.urls import path

from .views import checkin as views

app_name = "checkin"

urlpatterns = [
    path("guest/<str:signed>/", views.GuestCheckinView.as_view(), name="guest"),
    path("<slug:slug>/", views.EventCheckinView.as_view(), name="event"),
    path("<slug:slug>/counters/", views.CountersView.as_view(), name="counters"),
    path("<slug:slug>/arrive/", views.MarkArrivedView.as_view(), name="arrive"),
    path("<slug:slug>/undo/", views.UndoArrivalView.as_view(), name="undo"),
    path("<slug:slug>/hosts/arrive/", views.MarkHostArrivedView.as_view(), name="host_arrive"),
    path("<slug:slug>/hosts/undo/", views.UndoHostArrivalView.as_view(), name="host_undo"),
]
