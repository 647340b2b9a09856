"""The shape in which a researcher's published tables reach their emails and pages.

attendees only defines it (the email context, the personal page and the template preview use it);
tables.published fills it from the seating, which attendees never reads.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class PublishedTable:
    round_number: int
    round_basis: str  # tables.enums.RoundBasis value
    table_number: int
    table_name: str
    theme: str
    host_names: tuple

    @property
    def hosts(self):
        return ", ".join(self.host_names)
