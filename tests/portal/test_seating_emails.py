"""The "your tables" email: sent to each seated researcher when a round is published (locmem backend)."""
import pytest
from django.core import mail
from django.utils import timezone

from attendees.enums import RegistrationStatus
from events.dates import event_day
from tables import services as seating_services
from tables.enums import RoundBasis
from tables.models import Round
from tables.signals import round_published
from tests.factories import (
    CompanyFactory, EventHostFactory, HostFactory, RegistrationFactory, ResearchAreaFactory, RoundFactory,
    SeatFactory, TableFactory, TableThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def send_after_commit(django_capture_on_commit_callbacks):
    """Run what the code schedules with transaction.on_commit (the tests run inside a transaction)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def published_evening(event):
    """Round 1 (company) table 5 at LG Innotek and round 2 (research) table 11 on Generative Models, published."""
    innotek = CompanyFactory(name="LG Innotek")
    generative = ResearchAreaFactory(name="Generative Models", slug="generative-models")
    round1 = RoundFactory(event=event, number=1, basis=RoundBasis.COMPANY, published_at=timezone.now())
    round2 = RoundFactory(event=event, number=2, basis=RoundBasis.RESEARCH, published_at=timezone.now())
    table5, table11 = TableFactory(event=event, number=5), TableFactory(event=event, number=11)
    TableThemeFactory(round=round1, table=table5, company=innotek)
    TableThemeFactory(round=round2, table=table11, company=None, research_area=generative)
    host = EventHostFactory(event=event, host=HostFactory(first_name="Seoyeon", last_name="Park", company=innotek))
    SeatFactory(round=round1, table=table5, registration=None, event_host=host)
    return round1, round2, table5, table11


def test_publishing_a_round_emails_each_seated_researcher_their_tables(event, published_evening, send_after_commit):
    round1, round2, table5, table11 = published_evening
    seated = RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED, researcher__first_name="Jiwoo")
    SeatFactory(round=round1, table=table5, registration=seated)
    SeatFactory(round=round2, table=table11, registration=seated)
    RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED)  # not seated: no email

    with send_after_commit():
        round_published.send(sender=Round, round=round2)

    (message,) = mail.outbox
    assert message.to == [seated.researcher.email]
    assert message.subject == f"Your tables on {event_day(event)}: {event.name}"  # a month ahead: not "tonight"
    assert (
        "- Round 1: table 5, LG Innotek\n  Your hosts: Seoyeon Park (LG Innotek)\n"
        "- Round 2: table 11, Generative Models\n"
    ) in message.body


def test_seating_email_leaves_out_unpublished_rounds_and_researchers_who_left(
        event, published_evening, send_after_commit):
    round1, round2, table5, table11 = published_evening
    Round.objects.filter(pk=round2.pk).update(published_at=None)
    seated = RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED)
    gone = RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED)
    for registration in (seated, gone):
        SeatFactory(round=round1, table=table5, registration=registration)
        SeatFactory(round=round2, table=table11, registration=registration)

    with send_after_commit():
        round_published.send(sender=Round, round=round1)

    (message,) = mail.outbox
    assert message.to == [seated.researcher.email]
    assert "Round 1: table 5" in message.body
    assert "Round 2" not in message.body


def test_publishing_through_the_seating_service_sends_the_tables_email(event, published_evening, send_after_commit):
    round1, round2, table5, table11 = published_evening
    Round.objects.filter(pk=round2.pk).update(published_at=None)
    seated = RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED)
    SeatFactory(round=round1, table=table5, registration=seated)
    SeatFactory(round=round2, table=table11, registration=seated)

    with send_after_commit():
        seating_services.publish(round=Round.objects.get(pk=round2.pk))

    (message,) = mail.outbox
    assert "- Round 1: table 5, LG Innotek" in message.body
    assert "- Round 2: table 11, Generative Models" in message.body
