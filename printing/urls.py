"""The printables, under /admin/print/: staff only, through the admin's login (views check the event)."""
from django.contrib import admin
from django.urls import path

from . import views

app_name = "printing"

urlpatterns = [
    path("event/<int:event_id>/", admin.site.admin_view(views.event_page), name="event"),
    path("event/<int:event_id>/badges.pdf", admin.site.admin_view(views.badges), name="badges"),
    path("round/<int:round_id>/table-cards.pdf", admin.site.admin_view(views.table_cards), name="table_cards"),
    path("round/<int:round_id>/place-cards.pdf", admin.site.admin_view(views.place_cards), name="place_cards"),
]
