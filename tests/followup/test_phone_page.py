"""The hosts' phone page: which host, the guests of their tables in both rounds, a note and a stage."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followup.enums import Stage
from followup.models import FollowUp, HostNote
from tables.models import Seat
from tests.factories import RegistrationFactory
from tests.followup.conftest import a_host_and_a_guest

pytestmark = pytest.mark.django_db


def guests_url(event, event_host):
    return reverse("followup:guests", kwargs={"slug": event.slug, "event_host_id": event_host.pk})


def guests_at(event_host):
    tables = Seat.objects.filter(event_host=event_host).values_list("round_id", "table_id")
    return {seat.registration_id for round_id, table_id in tables
            for seat in Seat.objects.filter(round_id=round_id, table_id=table_id, registration__isnull=False)}


def test_a_host_sees_the_guests_of_their_tables_in_both_rounds_and_nobody_else(client, dinner, host_account):
    event_host, _guest = a_host_and_a_guest(dinner)
    client.force_login(host_account)

    page = client.get(guests_url(dinner, event_host))

    shown = {guest.registration.pk for guest in page.context["guests"]}
    assert shown == guests_at(event_host)
    assert {seat.round.number for guest in page.context["guests"] for seat in guest.seats} == {1, 2}
    assert shown != set(dinner.registrations.values_list("pk", flat=True))  # two tables: not everyone


def test_the_host_list_offers_every_host_and_remembers_who_one_was(client, dinner, host_account):
    event_host, _guest = a_host_and_a_guest(dinner)
    client.force_login(host_account)
    hosts = reverse("followup:hosts", kwargs={"slug": dinner.slug})

    before = client.get(hosts)
    client.get(guests_url(dinner, event_host))
    after = client.get(hosts)

    assert len(before.context["hosts"]) == dinner.event_hosts.count()
    assert before.context["remembered"] is None
    assert after.context["remembered"] == event_host


def test_a_note_and_a_stage_in_two_taps(client, dinner, host_account):
    event_host, guest = a_host_and_a_guest(dinner)
    client.force_login(host_account)
    fields = {"registration": guest.pk, "event_host": event_host.pk}

    noted = client.post(reverse("followup:note", kwargs={"slug": dinner.slug}), {**fields, "text": "Loves robots."})
    staged = client.post(reverse("followup:stage", kwargs={"slug": dinner.slug}), {**fields, "stage": "contacted"})

    assert noted.url == staged.url == f"{guests_url(dinner, event_host)}#registration-{guest.pk}"
    follow_up = FollowUp.objects.get(registration=guest)
    assert (follow_up.stage, follow_up.owner, follow_up.company) == (Stage.CONTACTED, host_account,
                                                                     event_host.host.company)
    assert list(follow_up.notes.values_list("text", "event_host", "author")) == [
        ("Loves robots.", event_host.pk, host_account.pk)]


def test_a_note_is_shown_as_text_never_as_markup(client, dinner, host_account):
    event_host, guest = a_host_and_a_guest(dinner)
    client.force_login(host_account)
    client.post(reverse("followup:note", kwargs={"slug": dinner.slug}),
                {"registration": guest.pk, "event_host": event_host.pk, "text": "<script>alert(1)</script> <b>x</b>"})

    text = client.get(guests_url(dinner, event_host)).content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;x&lt;/b&gt;" in text
    assert "<script>alert(1)" not in text


def test_an_empty_note_says_so_and_saves_nothing(client, dinner, host_account):
    event_host, guest = a_host_and_a_guest(dinner)
    client.force_login(host_account)

    response = client.post(reverse("followup:note", kwargs={"slug": dinner.slug}),
                           {"registration": guest.pk, "event_host": event_host.pk, "text": "\u200b "}, follow=True)

    assert response.status_code == 200
    assert any(guest.researcher.full_name in str(m) for m in response.context["messages"])
    assert not HostNote.objects.exists()


@pytest.mark.parametrize("fields", [
    {"registration": "x", "stage": "met"}, {"stage": "met"}, {"registration": "0", "stage": "met"},
])
def test_bad_posts_are_not_found_and_change_nothing(client, dinner, host_account, fields):
    event_host, _guest = a_host_and_a_guest(dinner)
    client.force_login(host_account)

    response = client.post(reverse("followup:stage", kwargs={"slug": dinner.slug}),
                           {"event_host": event_host.pk, **fields})

    assert response.status_code == 404
    assert not FollowUp.objects.exists()


def test_a_guest_not_at_the_hosts_tables_is_refused(client, dinner, host_account):
    event_host, _guest = a_host_and_a_guest(dinner)
    elsewhere = dinner.registrations.exclude(pk__in=guests_at(event_host)).first()
    unseated = RegistrationFactory(event=dinner)
    client.force_login(host_account)

    statuses = [client.post(reverse("followup:stage", kwargs={"slug": dinner.slug}),
                            {"registration": r.pk, "event_host": event_host.pk, "stage": "met"}).status_code
                for r in (elsewhere, unseated)]

    assert statuses == [404, 404]
    assert not FollowUp.objects.exists()


def test_an_unknown_stage_says_so(client, dinner, host_account):
    event_host, guest = a_host_and_a_guest(dinner)
    client.force_login(host_account)

    response = client.post(reverse("followup:stage", kwargs={"slug": dinner.slug}),
                           {"registration": guest.pk, "event_host": event_host.pk, "stage": "ceo"}, follow=True)

    assert [str(m) for m in response.context["messages"]] == [f"{guest.researcher.full_name}: Unknown stage."]
    assert not FollowUp.objects.exists()


def test_the_page_reads_a_constant_number_of_queries_however_many_notes(client, dinner, host_account):
    event_host, guest = a_host_and_a_guest(dinner)
    client.force_login(host_account)
    url = guests_url(dinner, event_host)
    note_url = reverse("followup:note", kwargs={"slug": dinner.slug})
    client.get(url)

    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for registration_id in guests_at(event_host):
        for text in ("one", "two"):
            client.post(note_url, {"registration": registration_id, "event_host": event_host.pk, "text": text})
    with CaptureQueriesContext(connection) as after:
        client.get(url)

    assert len(after) == len(before)


def test_the_page_is_korean_for_a_korean_phone(client, dinner, host_account):
    event_host, guest = a_host_and_a_guest(dinner)
    client.force_login(host_account)
    client.post(reverse("followup:stage", kwargs={"slug": dinner.slug}),
                {"registration": guest.pk, "event_host": event_host.pk, "stage": "interviewing"})

    text = client.get(guests_url(dinner, event_host), HTTP_ACCEPT_LANGUAGE="ko").content.decode()

    assert "메모 추가" in text
    assert ('name="stage" value="interviewing" class="btn btn-sm btn-primary" aria-pressed="true">면접 중</button>'
            in text)
    assert "1라운드" in text
