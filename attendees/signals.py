from django.dispatch import Signal

places_released = Signal()
"""Sent inside the transaction that made registrations stop holding a place (cancelled, declined,
moved to the waitlist), before it commits.

Receivers get `registration_ids` (a list). tables uses it to free the seats of those researchers,
in the same transaction: raising rolls the status change back with it.
"""

published_tables_wanted = Signal()
"""Sent by the email writer (attendees/mail/writer.py) for the "your tables" emails it writes.

Receivers get `event_id` and `registration_ids` and return {registration id: [attendees.published.
PublishedTable, ...]}, the published tables of each, in the active language. portal answers it
from the seating, which attendees never reads.
"""
