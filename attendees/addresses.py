"""Finding rows by email address, case-insensitively, through the indexes made for it.

Researchers' and invitations' addresses are unique by `Lower("email")` (their models' constraints),
and registration requests are indexed the same way. Django's `email__iexact` compares `UPPER(email)`
on PostgreSQL, which no such index serves: every registration then scanned the whole researchers
table, under the researcher's lock. `LOWER(email) = LOWER(%s)` is what the indexes hold, and lowering
both sides in the database keeps the same notion of "the same address" as the constraints.
"""
from django.db.models import Value
from django.db.models.functions import Lower


def with_address(queryset, email, *, field="email"):
    """`queryset` narrowed to rows whose `field` is `email`, whatever the case."""
    return queryset.alias(address_lowered=Lower(field)).filter(address_lowered=Lower(Value(email)))
