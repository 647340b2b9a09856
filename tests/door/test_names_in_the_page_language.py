"""Company and theme names on the door's cards follow the page's language, by one rule for both."""
import pytest
from django.urls import reverse
from django.utils import translation

from events.models import localized_name
from tables.enums import RoundBasis
from tests.factories import (
    CompanyFactory, EventHostFactory, HostFactory, RoundFactory, SeatFactory, TableFactory, TableThemeFactory,
)

KOREAN = {"HTTP_ACCEPT_LANGUAGE": "ko-KR,ko;q=0.9"}


@pytest.mark.parametrize(("language", "name_ko", "shown"), [
    ("ko", "LG유플러스", "LG유플러스"), ("en", "LG유플러스", "LG Uplus"), ("ko", "", "LG Uplus"),
])
def test_localized_name_is_korean_on_korean_pages_when_there_is_one(language, name_ko, shown):
    with translation.override(language):
        assert localized_name("LG Uplus", name_ko) == shown


@pytest.mark.django_db
@pytest.mark.parametrize(("headers", "shown", "not_shown"), [(KOREAN, "LG유플러스", "LG Uplus"),
                                                              ({}, "LG Uplus", "LG유플러스")])
def test_host_card_names_the_company_like_its_table_line(staff_client, event, headers, shown, not_shown):
    uplus = CompanyFactory(name="LG Uplus", name_ko="LG유플러스")
    event_host = EventHostFactory(event=event, host=HostFactory(first_name="Jiwoo", native_name="최지우",
                                                                company=uplus))
    table = TableFactory(event=event, number=4)
    round_1 = RoundFactory(event=event, number=1, basis=RoundBasis.COMPANY)
    TableThemeFactory(round=round_1, table=table, company=uplus)
    SeatFactory(round=round_1, table=table, registration=None, event_host=event_host)

    response = staff_client.get(reverse("checkin:event", kwargs={"slug": event.slug}), {"q": "지우"}, **headers)

    card = response.content.decode().split(f'id="event-host-{event_host.pk}"')[1].split("</article>")[0]
    assert f'<span class="company">{shown}</span>' in card
    assert f"— {shown}</span>" in card  # the round 1 table's theme
    assert not_shown not in card
