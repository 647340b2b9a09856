from django.dispatch import Signal

round_published = Signal()
"""Sent after a round's seating is published and the transaction has committed.

Receivers get `round` (tables.models.Round). portal uses it to email each seated researcher
their tables. Raising does not undo the publication.
"""
