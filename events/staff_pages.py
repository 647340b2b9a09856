"""The start of the phone pages for staff (the door, the hosts' notes), shared by both apps."""
from django.shortcuts import redirect, render


def staff_events_page(request, events, event_url_name, title):
    """Straight to `event_url_name` of the only event in `events`, else the list of them to pick from."""
    events = list(events)
    if len(events) == 1:
        return redirect(event_url_name, slug=events[0].slug)
    return render(request, "staff_events.html", {"events": events, "event_url_name": event_url_name,
                                                 "events_title": title})
