"""Every URL of the site, walked from the URL configuration, tried by everyone who should not see
another event's people: nobody, a staff account with no permission, and the door staff, recruiter,
host and organizer of a different event. None of them may read a name, address or dietary need of the
other event, nor change it. A new URL is tried too, so one without its checks fails here.
"""
import re

import pypdfium2
import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from attendees import links
from attendees.models import EmailTemplate, EventHost, Registration
from followup.services import add_note
from tables.models import Round, Seat
from tests.accounts import staff_account
from tests.factories import (
    EmailTemplateFactory, InvitationFactory, OutboundEmailFactory, RegistrationFactory, ResearcherFactory,
    SurveyResponseFactory,
)
from tests.tables.conftest import make_event, theme_and_seat

pytestmark = pytest.mark.django_db

# Personal data of the other event's researcher and invitee; none may show to the intruders.
MARKERS = ["Quartermaine", "zebulon.quartermaine@other.example", "only-quince-jelly", "invitee@other.example",
           "Xanthippe"]
# Pages that show no event's people, whoever opens them.
NO_PEOPLE = {"set_language", "admin:index", "admin:login", "admin:logout", "admin:password_change",
             "admin:password_change_done", "admin:jsi18n", "admin:view_on_site", "admin:autocomplete",
             "checkin:login"}
# Pages of models that hold no event's people (companies, areas, company hosts, accounts, the task queue).
GLOBAL_MODELS = {"events.company", "events.researcharea", "attendees.host", "auth.user", "auth.group",
                 "django_tasks_db.dbtaskresult"}


def url_patterns(patterns=None, prefix="", namespace=""):
    """(route, full name, pattern) for every named URL."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else (
                pattern.namespace or namespace)
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + str(pattern.pattern), f"{namespace}:{pattern.name}" if namespace else pattern.name


@pytest.fixture
def world(db):
    """Two seated events: `mine` (the intruders work on it) and `other` (whose people they must not see)."""
    mine = theme_and_seat(make_event(researchers=6, tables=2, hosts_per_company=(2, 2)))
    other = theme_and_seat(make_event(researchers=6, tables=2, hosts_per_company=(2, 2)))
    zebulon = ResearcherFactory(first_name="Zebulon", last_name="Quartermaine", native_name="Xanthippe",
                                email="zebulon.quartermaine@other.example")
    registration = RegistrationFactory(event=other, researcher=zebulon, dietary_needs="only-quince-jelly")
    some_seat = Seat.objects.filter(round__event=other, round__number=1, registration__isnull=False).first()
    Seat.objects.create(round=some_seat.round, table=some_seat.table, registration=registration)
    InvitationFactory(event=other, email="invitee@other.example", first_name="Xanthippe")
    EmailTemplateFactory(event=other, body="Dear {{ first_name }}, Quartermaine")
    OutboundEmailFactory(registration=registration, to=zebulon.email, subject="Quartermaine",
                         body_text="Quartermaine", body_html="Quartermaine")
    add_note(registration_id=registration.pk, text="Xanthippe likes only-quince-jelly")
    SurveyResponseFactory(registration=registration, comments="Sit me with Quartermaine again")
    return mine, other, registration


def model_of(name):
    match = re.fullmatch(r"admin:(\w+?)_(\w+)_(\w+)", name)
    if not match:
        return None
    for model in admin.site._registry:
        meta = model._meta
        if name.startswith(f"admin:{meta.app_label}_{meta.model_name}_"):
            return model
    return None


def other_event_object(model, other):
    """An object of `model` that belongs to the other event (or any, for models without events)."""
    model_admin = admin.site._registry[model]
    lookup = getattr(model_admin, "event_lookup", None)
    queryset = model._default_manager.all()
    if lookup is not None:
        queryset = queryset.filter(**({lookup: other} if lookup else {"pk": other.pk}))
    return queryset.order_by("pk").first()


def fill(route, name, other, registration):
    """The route with its parameters naming the other event's objects; None when there is nothing to name."""
    values = {}
    for _kind, param in re.findall(r"<(?:(\w+):)?(\w+)>", route):
        if param == "object_id":
            model = Round if name.startswith("admin:tables_round_") else model_of(name)
            obj = other_event_object(model, other) if model else None
            if obj is None:
                return None
            values[param] = obj.pk
        elif param == "slug":
            values[param] = other.slug
        elif param == "event_id":
            values[param] = other.pk
        elif param == "seat_id":
            seat = Seat.objects.filter(round__event=other).order_by("pk").first()
            values[param] = seat.pk if seat else 1
        elif param == "round_id":
            values[param] = other.rounds.order_by("number").first().pk
        elif param == "event_host_id":
            values[param] = EventHost.objects.filter(event=other).order_by("pk").first().pk
        elif param == "template_id":
            values[param] = EmailTemplate.objects.filter(event=other).first().pk
        elif param == "signed" and name.startswith("checkin:"):
            values[param] = links.checkin_token(registration)  # a guest's QR code of the other event
        elif param == "signed":
            values[param] = "not-a-valid-link"  # the personal link is its owner's key
        elif param == "app_label":
            values[param] = "attendees"
        elif name == "admin:auth_user_password_change":
            values[param] = get_user_model().objects.order_by("pk").first().pk
        elif name in NO_PEOPLE:
            return None
        else:
            raise AssertionError(f"Teach this test which object of the other event {name} ({route}) takes: {param}")
    return reverse(name, kwargs=values)


def intruders(mine, other):
    user_model = get_user_model()
    no_permission = user_model.objects.create_user("nobody-special", password="x", is_staff=True)
    other.staff.add(no_permission)  # works on the event, yet has no permission to see its people
    mine.staff.add(no_permission)
    return {
        "anonymous": None,
        "staff without permissions": no_permission,
        "door staff of another event": staff_account(user_model, "door", "Door staff", mine),
        "recruiter of another event": staff_account(user_model, "recruiter", "Recruiter", mine, is_staff=True),
        "host of another event": staff_account(user_model, "host", "Host", mine),
        "organizer of another event": staff_account(user_model, "organizer", "Organizer", mine, is_staff=True),
    }


def state_of(event):
    registrations = sorted(Registration.objects.filter(event=event).values_list(
        "pk", "status", "checked_in_at", "dietary_needs", "researcher__first_name"))
    seats = sorted(Seat.objects.filter(round__event=event).values_list("pk", "table_id", "pinned", "version"))
    rounds = sorted(Round.objects.filter(event=event).values_list("pk", "published_at"))
    templates = sorted(EmailTemplate.objects.filter(event=event).values_list("pk", "body"))
    return registrations, seats, rounds, templates


def leaks(response):
    content_type = response.get("Content-Type", "")
    if content_type.startswith(("text/", "application/json")):
        text = response.content.decode(errors="replace")
    elif content_type == "application/pdf":  # its text is compressed: read it as a PDF reader would
        text = "\n".join(page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(response.content))
    else:
        text = response.content.decode("latin-1")
    return [marker for marker in MARKERS if marker in text]


def test_nobody_but_the_other_events_own_staff_sees_or_changes_its_people(client, world):
    mine, other, registration = world
    before = state_of(other)
    found, tried = [], 0
    for who, user in intruders(mine, other).items():
        for route, name in url_patterns():
            url = fill(route, name, other, registration)
            if url is None:
                continue
            client.logout()  # each URL from a fresh session: the logout URL is walked too
            if user is not None:
                client.force_login(user)
            extras = ["", f"?q=Zebulon&event__id__exact={other.pk}"] if name.endswith("_changelist") else [""]
            for query in extras:
                for method in (client.get, client.post):
                    response = method(url + query)
                    tried += 1
                    if leaks(response):
                        found.append(f"{who}: {method.__name__.upper()} {url}{query} → {response.status_code} "
                                     f"shows {leaks(response)}")

    assert found == []
    assert state_of(other) == before
    assert tried > 500


def test_the_markers_are_found_where_they_may_be_seen(client, world, django_user_model):
    """The walk above would pass on a site that shows nothing: the other event's own organizer sees them."""
    _mine, other, registration = world
    client.force_login(staff_account(django_user_model, "their-organizer", "Organizer", other, is_staff=True))
    round_1 = other.rounds.get(number=1)

    pages = [reverse("admin:attendees_registration_changelist"), reverse("admin:tables_round_board", args=[round_1.pk]),
             reverse("admin:events_event_registrations_csv", args=[other.pk]),
             reverse("admin:attendees_registration_change", args=[registration.pk]),
             reverse("admin:attendees_surveyresponse_changelist"),
             reverse("printing:place_cards", args=[round_1.pk])]

    assert [bool(leaks(client.get(url))) for url in pages] == [True] * 6
