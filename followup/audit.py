"""What the audit trail records of the follow-up (registered in FollowupConfig.ready()).

A follow-up's stage, company and owner, who changed them and when. A note's text is personal
free text: the log says a note was written (or changed), never what it said, so erasing the
researcher's notes (receivers.py) leaves none of their words behind in the log.
"""
from auditlog.registry import auditlog

MASK = "attendees.audit.hidden"


def register_models():
    from .models import FollowUp, HostNote

    auditlog.register(FollowUp, include_fields=["stage", "company", "owner"])
    auditlog.register(HostNote, include_fields=["text", "event_host"], mask_fields=["text"], mask_callable=MASK)
