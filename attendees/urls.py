
app_name = "attendees"

urlpatterns = []
