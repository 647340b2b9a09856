"""The public registration form, under /events/<slug>/."""
from django.urls import path

from . import views

app_name = "attendees"

urlpatterns = [
    path("<slug:slug>/register/", views.RegisterView.as_view(), name="register"),
    path("<slug:slug>/register/done/", views.RegisterDoneView.as_view(), name="register_done"),
]
