"""The researcher's personal page, reached through the signed link in their emails."""
from django.urls import path

from . import survey, views

app_name = "portal"

urlpatterns = [
    path("my/<str:signed>/", views.PersonalPageView.as_view(), name="personal"),
    path("my/<str:signed>/cancel/", views.PersonalCancelView.as_view(), name="personal_cancel"),
    path("my/<str:signed>/calendar.ics", views.PersonalCalendarView.as_view(), name="personal_calendar"),
    path("my/<str:signed>/data.json", views.PersonalDataView.as_view(), name="personal_data"),
    path("my/<str:signed>/erase/", views.PersonalEraseView.as_view(), name="personal_erase"),
    path("survey/<str:signed>/", survey.SurveyView.as_view(), name="survey"),
]
