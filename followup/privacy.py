"""What the follow-up holds about a researcher, for their copy of their data (attendees.privacy asks
through the personal_data_wanted signal; followup/receivers.py answers with this)."""
from .models import FollowUp, HostNote


def _moment(value):
    return value.isoformat() if value else None


def follow_up_data(*, registration_ids):
    """{registration id: {"follow_up": {...} or None}} for each of `registration_ids`.

    The stage, when it was set and the company following them up; every note about them (oldest
    first) with its text, when it was written and by whom as the researcher may know it: the company
    and whether a host of the dinner or a member of the event's staff wrote it (the staff member's
    name is not theirs to have). Two queries, whatever the number of registrations and notes.
    """
    follow_ups = {f.pk: f for f in FollowUp.objects.filter(registration_id__in=registration_ids)
                  .select_related("company")}
    notes = {}
    for note in (HostNote.objects.filter(follow_up_id__in=follow_ups).select_related("event_host__host__company")
                 .order_by("created_at", "pk")):
        company = note.event_host.host.company if note.event_host_id else follow_ups[note.follow_up_id].company
        notes.setdefault(note.follow_up_id, []).append({
            "text": note.text, "written_at": _moment(note.created_at),
            "written_by": {"role": "host" if note.event_host_id else "staff",
                           "company": company.name if company else None},
        })
    found = {registration_id: {"follow_up": None} for registration_id in registration_ids}
    for follow_up in follow_ups.values():
        found[follow_up.registration_id] = {"follow_up": {
            "stage": follow_up.stage, "stage_changed_at": _moment(follow_up.stage_changed_at),
            "company": follow_up.company.name if follow_up.company else None,
            "notes": notes.get(follow_up.pk, []),
        }}
    return found
