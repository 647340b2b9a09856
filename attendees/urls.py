"""The public registration form and the links its emails carry (mounted at the site's root)."""
from django.urls import path

from . import views

app_name = "attendees"

urlpatterns = [
    path("events/<slug:slug>/register/", views.RegisterView.as_view(), name="register"),
    path("events/<slug:slug>/register/done/", views.RegisterDoneView.as_view(), name="register_done"),
    path("events/<slug:slug>/link/", views.LostLinkView.as_view(), name="lost_link"),
    path("events/<slug:slug>/link/sent/", views.lost_link_sent, name="lost_link_sent"),
    path("confirm/<str:signed>/", views.ConfirmRegistrationView.as_view(), name="confirm"),
]
