"""What an organizer sees when previewing a template: real data of the event where there is some."""
from django.utils import translation

from ..enums import PLACE_HOLDING_STATUSES, RegistrationStatus
from ..models import Invitation, Registration, RegistrationRequest, Researcher
from ..published import PublishedTable
from ..waitlist import waitlist_position
from .enums import EmailKind
from .rendering import address_context, confirmation_context, invitation_context, registration_context

SAMPLE_SEATING = [
    PublishedTable(round_number=1, round_basis="company", table_number=5, table_name="", theme="LG Innotek",
                   host_names=("Seoyeon Park (LG Innotek)", "Jiho Lee (LG Innotek)")),
    PublishedTable(round_number=2, round_basis="research", table_number=11, table_name="", theme="Generative Models",
                   host_names=("Hyunwoo Choi (LG AI Research)",)),
]


def sample_registration(event, language):
    """The event's first place holder (else anyone registered), or a made-up researcher, unsaved."""
    registrations = event.registrations.select_related("researcher", "event").order_by("created_at", "pk")
    registration = registrations.filter(status__in=PLACE_HOLDING_STATUSES).first() or registrations.first()
    if registration is None:
        researcher = Researcher(first_name="Minjun", last_name="Kim", native_name="김민준",
                                email="minjun.kim@example.org", affiliation="KAIST")
        registration = Registration(event=event, researcher=researcher, status=RegistrationStatus.CONFIRMED)
    registration.language = language  # the preview shows the template's language
    return registration


def sample_context(*, event, kind, language, published_seating=None):
    """The context of a `kind` email for the preview. `published_seating(registration)` gives the
    sample researcher's real published tables; without it, or without any, a made-up pair is shown."""
    if kind == EmailKind.INVITATION:
        invitation = event.invitations.order_by("pk").first() or Invitation(
            event=event, email="invitee@example.org", first_name="Minjun", last_name="Kim", code="ABCD2345EF",
        )
        return invitation_context(invitation, language=language)
    if kind == EmailKind.NOT_REGISTERED:
        return address_context(event, language=language)
    registration = sample_registration(event, language)
    if kind in (EmailKind.CONFIRM, EmailKind.REREGISTER):
        sample_request = RegistrationRequest(event=event, email=registration.researcher.email, language=language,
                                             data={}, token="sample")
        return confirmation_context(sample_request, registration=registration if kind == EmailKind.REREGISTER else None)
    with translation.override(language):
        seating = published_seating(registration) if published_seating and registration.pk else []
    position = waitlist_position(registration) or (3 if kind == EmailKind.WAITLISTED else None)
    return registration_context(registration, seating=seating or SAMPLE_SEATING, waitlist_position=position)
