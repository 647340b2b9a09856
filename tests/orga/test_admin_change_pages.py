"""The round and event change pages cost the same number of queries at 3 tables as at 30, and
still save what they show."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from attendees.models import EventHost
from tables.enums import RoundBasis
from attendees.admin import EventHostInline
from tables.admin import TableInline, TableThemeInline
from tables.models import Table, TableTheme
from tests.factories import (
    CompanyFactory, EventFactory, EventHostFactory, HostFactory, RoundFactory, TableFactory, TableThemeFactory,
)
from tests.orga.test_admin_rules import posted_back

pytestmark = pytest.mark.django_db


def make_event(*, tables, hosts):
    """An event with `tables` tables, two rounds (the first themed by company at every table)
    and `hosts` hosts, each from their own company."""
    event = EventFactory()
    themed = RoundFactory(event=event, number=1, basis=RoundBasis.COMPANY)
    RoundFactory(event=event, number=2, basis=RoundBasis.RESEARCH)
    for number in range(1, tables + 1):
        TableThemeFactory(round=themed, table=TableFactory(event=event, number=number), company=CompanyFactory())
    for _ in range(hosts):
        EventHostFactory(event=event, host=HostFactory(company=CompanyFactory()))
    return event, themed


def get_counted(client, url):
    client.get(url)  # the first page of a session fills caches (content types, permissions)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


def round_url(round_):
    return reverse("admin:tables_round_change", args=[round_.pk])


def event_url(event):
    return reverse("admin:events_event_change", args=[event.pk])


def test_round_page_queries_do_not_grow_with_its_tables(admin_client):
    _, small = make_event(tables=3, hosts=4)
    _, large = make_event(tables=30, hosts=40)

    small_page, small_count = get_counted(admin_client, round_url(small))
    large_page, large_count = get_counted(admin_client, round_url(large))

    assert large_count == small_count
    assert len(large_page.context["inline_admin_formsets"][0].formset.forms) == 30
    # A saved theme's table is text, not a select of the event's 30 tables on each of 30 rows;
    # a theme being added still chooses its table.
    page = large_page.content.decode()
    assert 'name="themes-5-table"' not in page and "<p>Table 6</p>" in page
    assert 'name="themes-__prefix__-table"' in page


def test_round_page_shows_its_themes_a_page_at_a_time(admin_client, monkeypatch):
    monkeypatch.setattr(TableThemeInline, "per_page", 10)
    _, small = make_event(tables=3, hosts=0)
    _, large = make_event(tables=25, hosts=0)

    _, small_count = get_counted(admin_client, round_url(small))
    first_page, large_count = get_counted(admin_client, round_url(large))
    last_page = admin_client.get(round_url(large) + "?themes=3")

    assert large_count == small_count
    assert [form.instance.table.number for form in first_page.context["inline_admin_formsets"][0].formset.forms] == \
        list(range(1, 11))
    assert [form.instance.table.number for form in last_page.context["inline_admin_formsets"][0].formset.forms] == \
        list(range(21, 26))
    assert "21–25 of 25" in last_page.content.decode() and 'href="?themes=2#themes-group"' in last_page.content.decode()
    assert "of 3" not in admin_client.get(round_url(small)).content.decode()  # one page: no page links


def test_round_page_saves_the_page_shown_and_keeps_the_others(admin_client, monkeypatch):
    monkeypatch.setattr(TableThemeInline, "per_page", 10)
    event, round_ = make_event(tables=25, hosts=0)
    before = dict(TableTheme.objects.filter(round=round_).values_list("table__number", "company_id"))
    other_company = CompanyFactory()
    url = round_url(round_) + "?themes=2"
    page = admin_client.get(url)

    response = admin_client.post(url, posted_back(page, **{"themes-0-company": other_company.pk}))

    assert response.status_code == 302
    after = dict(TableTheme.objects.filter(round=round_).values_list("table__number", "company_id"))
    assert after == {**before, 11: other_company.pk}


def test_event_page_queries_do_not_grow_with_its_tables_and_hosts(admin_client):
    small, _ = make_event(tables=3, hosts=4)
    large, _ = make_event(tables=30, hosts=40)

    _, small_count = get_counted(admin_client, event_url(small))
    large_page, large_count = get_counted(admin_client, event_url(large))

    assert large_count == small_count
    host = EventHost.objects.filter(event=large).select_related("host__company").first()
    assert str(host.host) in large_page.content.decode()  # the row still names its host


def test_round_page_saves_unchanged_and_keeps_every_theme(admin_client):
    event, round_ = make_event(tables=30, hosts=0)
    before = sorted(TableTheme.objects.filter(round=round_).values_list("table_id", "company_id"))
    page = admin_client.get(round_url(round_))

    response = admin_client.post(round_url(round_), posted_back(page))

    assert response.status_code == 302
    assert sorted(TableTheme.objects.filter(round=round_).values_list("table_id", "company_id")) == before


def test_round_page_changes_a_themes_company_but_not_its_table(admin_client):
    event, round_ = make_event(tables=3, hosts=0)
    first = TableTheme.objects.filter(round=round_).order_by("table__number").first()
    other_company, other_table = CompanyFactory(), TableFactory(event=event, number=4)
    page = admin_client.get(round_url(round_))

    response = admin_client.post(round_url(round_), posted_back(
        page, **{"themes-0-company": other_company.pk, "themes-0-table": other_table.pk}))

    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.table_id, first.company_id) == (Table.objects.get(event=event, number=1).pk, other_company.pk)


def test_event_page_pages_tables_and_hosts_each_on_its_own(admin_client, monkeypatch):
    monkeypatch.setattr(TableInline, "per_page", 10)
    monkeypatch.setattr(EventHostInline, "per_page", 10)
    event, _ = make_event(tables=25, hosts=15)

    page = admin_client.get(event_url(event) + "?tables=3&hosts=2")

    formsets = {inline.formset.prefix: inline.formset for inline in page.context["inline_admin_formsets"]}
    assert [form.instance.number for form in formsets["tables"].forms] == list(range(21, 26))
    assert len(formsets["event_hosts"].forms) == 5
    html = page.content.decode()
    # Each inline's page links keep the other inline's page.
    assert 'href="?tables=2&amp;hosts=2#tables-group"' in html
    assert 'href="?tables=3&amp;hosts=1#event_hosts-group"' in html


def test_event_page_saves_and_keeps_every_table_round_and_host(admin_client):
    event, _ = make_event(tables=30, hosts=40)
    before = (sorted(event.tables.values_list("number", "name", "capacity")),
              sorted(event.rounds.values_list("number", "basis")),
              sorted(event.event_hosts.values_list("host_id", flat=True)))
    page = admin_client.get(event_url(event))
    stranger = HostFactory()  # a saved row's host is fixed: its seats are that host's

    response = admin_client.post(event_url(event), posted_back(page, **{"event_hosts-0-host": stranger.pk}))

    assert response.status_code == 302
    assert (sorted(event.tables.values_list("number", "name", "capacity")),
            sorted(event.rounds.values_list("number", "basis")),
            sorted(event.event_hosts.values_list("host_id", flat=True))) == before
