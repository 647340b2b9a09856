from django.urls import path

app_name = "attendees"

urlpatterns = []
