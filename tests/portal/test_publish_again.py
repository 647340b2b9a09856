"""Publishing a round again emails only the researchers whose table changed; the confirmation says who first."""
import pytest
from django.core import mail
from django.urls import reverse

from attendees.enums import RegistrationStatus
from tables import services as seating_services
from tables.models import Round, Seat
from tests.factories import EventFactory, RegistrationFactory, RoundFactory, SeatFactory, TableFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seated_round():
    """Round 1 with six confirmed researchers, three at table 1 and three at table 2, never published."""
    event = EventFactory(researcher_capacity=10)
    round_1 = RoundFactory(event=event, number=1)
    table_1, table_2 = TableFactory(event=event, number=1), TableFactory(event=event, number=2)
    for index in range(6):
        SeatFactory(round=round_1, table=table_1 if index < 3 else table_2,
                    registration=RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED))
    return round_1, table_1, table_2


def publish_page(admin_client, round_1):
    return admin_client.get(reverse("admin:tables_round_board_publish", args=[round_1.pk])).content.decode()


def publish(admin_client, round_1, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:tables_round_board_publish", args=[round_1.pk]))
    assert response.status_code == 302
    return sorted(address for message in mail.outbox for address in message.to)


def swap_two(round_1, table_1, table_2):
    """The organizer swaps one researcher of table 1 with one of table 2 by hand."""
    seat_a = Seat.objects.filter(round=round_1, table=table_1).order_by("pk").first()
    seat_b = Seat.objects.filter(round=round_1, table=table_2).order_by("pk").first()
    seating_services.swap(round_id=round_1.pk, seat_a_id=seat_a.pk, seat_b_id=seat_b.pk,
                          versions=[seat_a.version, seat_b.version])
    return sorted([seat_a.registration.researcher.email, seat_b.registration.researcher.email]), [
        seat_a.registration.researcher.full_name, seat_b.registration.researcher.full_name]


def test_publishing_again_emails_only_the_two_researchers_moved_and_says_so_first(
        admin_client, seated_round, django_capture_on_commit_callbacks):
    round_1, table_1, table_2 = seated_round
    assert "6 emails will be sent" in publish_page(admin_client, round_1)
    assert len(publish(admin_client, round_1, django_capture_on_commit_callbacks)) == 6

    seating_services.unpublish(round=round_1)
    moved_addresses, moved_names = swap_two(round_1, table_1, table_2)
    page = publish_page(admin_client, round_1)

    assert "2 researchers whose table changed will be emailed" in page
    assert "Publish and send 2 emails" in page
    assert all(name in page for name in moved_names)
    assert publish(admin_client, round_1, django_capture_on_commit_callbacks) == moved_addresses


def test_the_count_announced_is_the_count_sent_with_a_newcomer_and_a_researcher_who_left(
        admin_client, seated_round, django_capture_on_commit_callbacks):
    round_1, table_1, table_2 = seated_round
    publish(admin_client, round_1, django_capture_on_commit_callbacks)
    seating_services.unpublish(round=round_1)
    newcomer = RegistrationFactory(event=round_1.event, status=RegistrationStatus.CONFIRMED)
    SeatFactory(round=round_1, table=table_2, registration=newcomer)
    leaving = Seat.objects.filter(round=round_1, table=table_1).order_by("pk").first().registration
    leaving.status = RegistrationStatus.CANCELLED
    leaving.save(update_fields=["status"])
    Seat.objects.filter(round=round_1, registration=leaving).delete()

    recipients = seating_services.publish_recipients(round=Round.objects.get(pk=round_1.pk))
    page = publish_page(admin_client, round_1)
    sent = publish(admin_client, round_1, django_capture_on_commit_callbacks)

    assert sent == [newcomer.researcher.email]
    assert len(recipients) == len(sent) and recipients.unseated == 1 and not recipients.first
    assert "1 researcher whose table changed will be emailed" in page
    assert "1 researcher who was emailed a table is no longer seated in this round" in page


def test_publishing_again_unchanged_sends_nothing_and_says_so(
        admin_client, seated_round, django_capture_on_commit_callbacks):
    round_1, _table_1, _table_2 = seated_round
    publish(admin_client, round_1, django_capture_on_commit_callbacks)
    seating_services.unpublish(round=round_1)

    assert "no table changed since: no email will be sent" in publish_page(admin_client, round_1)
    assert publish(admin_client, round_1, django_capture_on_commit_callbacks) == []
