"""The admin goes through the services: no admin path frees a place without promoting the waitlist,
sets an arrival time, rewrites a published round's themes or moves a seat outside the board."""
import datetime as dt

import pytest
from django import forms
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from attendees.deletion import PlaceStillHeld
from attendees.enums import RegistrationStatus
from attendees.mail.enums import EmailKind
from attendees.models import EventHost, OutboundEmail, Registration
from tables.enums import RoundBasis
from tables.models import Round, Seat, TableTheme
from tests.accounts import staff_account
from tests.factories import (
    CompanyFactory, EventFactory, EventHostFactory, RegistrationFactory, RoundFactory, SeatFactory, TableFactory,
    TableThemeFactory,
)

pytestmark = pytest.mark.django_db

ARRIVED = dt.datetime(2027, 6, 16, 18, 5, tzinfo=dt.UTC)


def posted_back(response, **changes):
    """What a browser sends back from an admin change page: every shown value, but for `changes`."""
    context = response.context
    page_forms = [context["adminform"].form]
    data = {}
    for inline in context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update({management.add_prefix(name): management[name].value() for name in management.fields})
        page_forms += inline.formset.forms
    for form in page_forms:
        for name, field in form.fields.items():
            key, value = form.add_prefix(name), form[name].value()
            if isinstance(field.widget, forms.MultiWidget):  # a date and a time
                data.update({f"{key}_{i}": "" if part is None else str(part)
                             for i, part in enumerate(field.widget.decompress(value))})
            elif value is True:
                data[key] = "on"
            elif value not in (None, False):
                data[key] = value
    data.update(changes)
    return data


@pytest.fixture
def full_event():
    """Two places, both confirmed; two people waiting; the first confirmed one is seated."""
    event = EventFactory(researcher_capacity=2, starts_at=timezone.now() + dt.timedelta(days=30))
    confirmed = [RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED) for _ in range(2)]
    waiting = [RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED) for _ in range(2)]
    round_ = RoundFactory(event=event)
    SeatFactory(round=round_, table=TableFactory(event=event), registration=confirmed[0])
    return event, confirmed, waiting


def statuses(registrations):
    found = dict(Registration.objects.filter(pk__in=[r.pk for r in registrations]).values_list("pk", "status"))
    return [found.get(r.pk) for r in registrations]


def test_deleting_a_confirmed_registration_on_its_page_promotes_the_first_person_waiting(admin_client, full_event):
    event, confirmed, waiting = full_event

    response = admin_client.post(reverse("admin:attendees_registration_delete", args=[confirmed[0].pk]),
                                 {"post": "yes"}, follow=True)

    assert response.status_code == 200
    assert not Registration.objects.filter(pk=confirmed[0].pk).exists()
    assert statuses(waiting) == [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]
    assert not Seat.objects.filter(registration_id=confirmed[0].pk).exists()
    assert OutboundEmail.objects.filter(registration=waiting[0], kind=EmailKind.PROMOTED).count() == 1
    # Deleting is not a cancellation the deleted researcher is told about.
    assert not OutboundEmail.objects.filter(to=confirmed[0].researcher.email).exists()
    assert str(waiting[0].researcher) in response.content.decode()


def test_deleting_confirmed_registrations_from_the_list_promotes_as_many_people_waiting(admin_client, full_event):
    event, confirmed, waiting = full_event

    response = admin_client.post(reverse("admin:attendees_registration_changelist"), {
        "action": "delete_selected", "_selected_action": [r.pk for r in confirmed], "post": "yes"})

    assert response.status_code == 302
    assert statuses(confirmed) == [None, None]
    assert statuses(waiting) == [RegistrationStatus.CONFIRMED, RegistrationStatus.CONFIRMED]
    assert Seat.objects.filter(round__event=event, registration__isnull=False).count() == 0


def test_deleting_a_waiting_registration_promotes_nobody(admin_client, full_event):
    event, confirmed, waiting = full_event

    admin_client.post(reverse("admin:attendees_registration_delete", args=[waiting[0].pk]), {"post": "yes"})

    assert statuses([*confirmed, *waiting]) == [RegistrationStatus.CONFIRMED] * 2 + [
        None, RegistrationStatus.WAITLISTED]


def test_an_organizer_cancels_but_cannot_delete(client, django_user_model, full_event):
    event, confirmed, waiting = full_event
    client.force_login(staff_account(django_user_model, "organizer", "Organizer", event, is_staff=True))
    changelist = reverse("admin:attendees_registration_changelist")

    page = client.get(reverse("admin:attendees_registration_delete", args=[confirmed[0].pk]))
    client.post(changelist, {"action": "delete_selected", "_selected_action": [confirmed[0].pk], "post": "yes"})
    actions = client.get(changelist).context["action_form"].fields["action"].choices
    client.post(changelist, {"action": "mark_cancelled", "_selected_action": [confirmed[0].pk]})

    assert page.status_code == 403
    assert "delete_selected" not in dict(actions)
    assert statuses([*confirmed, *waiting]) == [
        RegistrationStatus.CANCELLED, RegistrationStatus.CONFIRMED, RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED]


def test_a_delete_outside_the_service_cannot_free_a_place(full_event):
    event, confirmed, waiting = full_event

    with pytest.raises(PlaceStillHeld), transaction.atomic():
        Registration.objects.filter(pk=confirmed[0].pk).delete()

    assert statuses([*confirmed, *waiting]) == [RegistrationStatus.CONFIRMED] * 2 + [RegistrationStatus.WAITLISTED] * 2
    assert Seat.objects.filter(registration=confirmed[0]).exists()


@pytest.mark.parametrize("page", ["researcher", "event"])
def test_deleting_the_researcher_or_the_event_of_a_confirmed_registration_is_refused(admin_client, full_event, page):
    event, confirmed, waiting = full_event
    url = {"researcher": reverse("admin:attendees_researcher_delete", args=[confirmed[0].researcher_id]),
           "event": reverse("admin:events_event_delete", args=[event.pk])}[page]

    confirmation = admin_client.get(url)
    admin_client.post(url, {"post": "yes"})

    assert "Cannot delete" in confirmation.content.decode()  # Django names the protected registrations
    assert statuses([*confirmed, *waiting]) == [RegistrationStatus.CONFIRMED] * 2 + [RegistrationStatus.WAITLISTED] * 2


def test_the_registration_form_changes_neither_status_nor_arrival_time(admin_client, full_event):
    event, confirmed, waiting = full_event
    Registration.objects.filter(pk=confirmed[0].pk).update(checked_in_at=ARRIVED)
    url = reverse("admin:attendees_registration_change", args=[confirmed[0].pk])
    page = admin_client.get(url)

    response = admin_client.post(url, posted_back(
        page, status=RegistrationStatus.CANCELLED, checked_in_at_0="2027-06-16", checked_in_at_1="20:00:00",
        dietary_needs="Vegetarian"))

    assert response.status_code == 302
    registration = Registration.objects.get(pk=confirmed[0].pk)
    assert (registration.dietary_needs, registration.status, registration.checked_in_at) == (
        "Vegetarian", RegistrationStatus.CONFIRMED, ARRIVED)
    assert 'name="checked_in_at' not in page.content.decode()


def test_a_host_arrival_time_is_changed_neither_on_its_page_nor_on_the_event_page(admin_client):
    event_host = EventHostFactory(checked_in_at=ARRIVED)
    url = reverse("admin:attendees_eventhost_change", args=[event_host.pk])
    page = admin_client.get(url)
    event_page = admin_client.get(reverse("admin:events_event_change", args=[event_host.event_id]))

    response = admin_client.post(url, posted_back(page, checked_in_at_0="", checked_in_at_1=""))

    assert response.status_code == 302
    assert EventHost.objects.get(pk=event_host.pk).checked_in_at == ARRIVED
    assert 'checked_in_at' not in "".join(event_page.context["inline_admin_formsets"][2].formset.forms[0].fields)


@pytest.fixture
def themed_round():
    event = EventFactory(offerings=True)
    round_ = RoundFactory(event=event)
    themes = [TableThemeFactory(round=round_, table=TableFactory(event=event), company=CompanyFactory())
              for _ in range(2)]
    TableFactory(event=event)  # a table without a theme, for a row that could be added
    return round_, themes


def theme_rows(round_):
    return sorted(TableTheme.objects.filter(round=round_).values_list("table_id", "company_id"))


@pytest.mark.parametrize("published", [True, False])
def test_a_published_rounds_themes_cannot_be_changed_from_its_page(admin_client, themed_round, published):
    round_, themes = themed_round
    if published:
        round_.published_at = timezone.now()
        round_.save()
    before = theme_rows(round_)
    url = reverse("admin:tables_round_change", args=[round_.pk])
    page = admin_client.get(url)
    extra_table = round_.event.tables.exclude(themes__round=round_).get()
    changes = {"themes-0-company": themes[1].company_id, "themes-1-DELETE": "on", "themes-TOTAL_FORMS": 3,
               "themes-2-table": extra_table.pk, "themes-2-company": themes[0].company_id,
               "themes-2-round": round_.pk}

    admin_client.post(url, posted_back(page, **changes))

    if published:
        assert theme_rows(round_) == before
        assert 'name="themes-0-company"' not in page.content.decode()
    else:  # the same form changes an unpublished round: the test above could fail
        assert theme_rows(round_) == sorted([(themes[0].table_id, themes[1].company_id),
                                             (extra_table.pk, themes[0].company_id)])


@pytest.mark.parametrize("role", ["superuser", "Organizer"])
def test_seats_are_not_added_changed_or_deleted_in_the_admin(client, django_user_model, admin_user, full_event, role):
    event, confirmed, waiting = full_event
    seat = Seat.objects.get(registration=confirmed[0])
    other_table = TableFactory(event=event)
    user = admin_user if role == "superuser" else staff_account(
        django_user_model, "organizer", "Organizer", event, is_staff=True)
    client.force_login(user)
    change = reverse("admin:tables_seat_change", args=[seat.pk])

    page = client.get(change)
    answers = {
        "add": client.post(reverse("admin:tables_seat_add"), {
            "round": seat.round_id, "table": other_table.pk, "registration": confirmed[1].pk}).status_code,
        "change": client.post(change, {"round": seat.round_id, "table": other_table.pk,
                                       "registration": confirmed[0].pk}).status_code,
        "delete": client.post(reverse("admin:tables_seat_delete", args=[seat.pk]), {"post": "yes"}).status_code,
    }
    client.post(reverse("admin:tables_seat_changelist"), {
        "action": "delete_selected", "_selected_action": [seat.pk], "post": "yes"})

    assert answers == {"add": 403, "change": 403, "delete": 403}
    assert list(Seat.objects.filter(round__event=event).values_list("pk", "table_id")) == [(seat.pk, seat.table_id)]
    assert reverse("admin:tables_round_board", args=[seat.round_id]) in page.content.decode()


def test_a_published_round_keeps_its_basis_and_cannot_be_deleted_in_the_admin(admin_client, full_event):
    event, confirmed, waiting = full_event
    published, draft = event.rounds.get(), RoundFactory(event=event, number=2)
    Round.objects.filter(pk=published.pk).update(published_at=timezone.now())
    event_url = reverse("admin:events_event_change", args=[event.pk])
    round_url = reverse("admin:tables_round_change", args=[published.pk])
    rows = {form.instance.pk: index for index, form in enumerate(
        admin_client.get(event_url).context["inline_admin_formsets"][1].formset.forms)}

    round_page = admin_client.get(round_url)
    admin_client.post(round_url, posted_back(round_page, basis=RoundBasis.RESEARCH))
    deleting = admin_client.get(reverse("admin:tables_round_delete", args=[published.pk]))
    response = admin_client.post(event_url, posted_back(admin_client.get(event_url), **{
        f"rounds-{rows[published.pk]}-DELETE": "on", f"rounds-{rows[published.pk]}-basis": RoundBasis.RESEARCH,
        f"rounds-{rows[draft.pk]}-DELETE": "on"}))

    assert response.status_code == 302
    assert deleting.status_code == 403
    assert list(event.rounds.values_list("pk", "basis")) == [(published.pk, RoundBasis.COMPANY)]  # the draft went
    assert Seat.objects.filter(round=published).count() == 1
