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

personal_data_wanted = Signal()
"""Sent by attendees.privacy.export_researcher_data ("Download my data" and the organizers' download)
for what apps above attendees hold about the researcher.

Receivers get `researcher_id` and `registration_ids` (the registrations being exported) and return
{registration id: {key: JSON-ready value}}; each key joins that registration's entry in the export.
followup answers with the follow-up's stage and the hosts' notes, which attendees never reads. Sent
with `send`, not `send_robust`: an export that silently left something out would not be a full answer.
"""

demo_seeded = Signal()
"""Sent by the demo (demo/data.py, seed_demo) at the end of its transaction, with `events`: the demo's
events, last year's first. The apps the demo may not import (its siblings on the top floor) add their
own demo data: followup gives the guests of a finished event their follow-up (stages and hosts' notes).
Receivers must change nothing when the demo is seeded again.
"""
