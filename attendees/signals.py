from django.dispatch import Signal

places_released = Signal()
"""Sent inside the transaction that made registrations stop holding a place (cancelled, declined,
moved to the waitlist), before it commits.

Receivers get `registration_ids` (a list). tables uses it to free the seats of those researchers,
in the same transaction: raising rolls the status change back with it.
"""
