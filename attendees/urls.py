from django.urls import path

from . import views

app_name = "attendees"

urlpatterns = [
    path("my/<str:signed>/", views.PersonalPageView.as_view(), name="personal"),
    path("my/<str:signed>/cancel/", views.PersonalCancelView.as_view(), name="personal_cancel"),
    path("my/<str:signed>/calendar.ics", views.PersonalCalendarView.as_view(), name="personal_calendar"),
    path("confirm/<str:signed>/", views.ConfirmRegistrationView.as_view(), name="confirm"),
]
