"""The whole evening in a Korean browser: invitation email, registration, confirmation, published
tables on the personal page, and the QR code scanned at the door by a staff phone."""
import re

import pytest
from django.core import mail

from attendees import links, services
from attendees.enums import RegistrationStatus
from attendees.mail import send_invitations
from attendees.models import Registration
from tables import services as seating
from tables.enums import RoundBasis
from tests.accounts import log_in_at_the_door, staff_account
from tests.factories import (
    EventHostFactory, InvitationFactory, RoundFactory, SeatFactory, TableFactory, TableThemeFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOCAL_PATH = re.compile(r"https?://[^/\s]+(/[^\s]*)")


def local_path(url):
    return LOCAL_PATH.match(url).group(1)


@pytest.fixture
def korean_phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="ko-KR", viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


def seat_and_publish(event, registration):
    """Two rounds on two tables; the researcher sits at table 2 then table 1, each with a host."""
    company, area = event.companies.order_by("pk").first(), event.research_areas.order_by("pk").first()
    table_1, table_2 = TableFactory(event=event, number=1), TableFactory(event=event, number=2)
    round_1 = RoundFactory(event=event, number=1, basis=RoundBasis.COMPANY)
    round_2 = RoundFactory(event=event, number=2, basis=RoundBasis.RESEARCH)
    TableThemeFactory(round=round_1, table=table_2, company=company)
    TableThemeFactory(round=round_2, table=table_1, company=None, research_area=area)
    host = EventHostFactory(event=event, host__first_name="Jiho", host__last_name="Lee", host__company=company)
    for round_, table in ((round_1, table_2), (round_2, table_1)):
        SeatFactory(round=round_, table=table, registration=registration)
        SeatFactory(round=round_, table=table, registration=None, event_host=host)
    seating.publish(round=round_1)
    seating.publish(round=round_2)
    return company, area


def test_from_invitation_to_the_door_in_korean(korean_phone, browser, live_server, event, django_user_model):
    event.invite_only = True
    event.save()
    invitation = InvitationFactory(event=event, email="seoyeon@snu.ac.kr")
    companies = list(event.companies.order_by("pk"))
    areas = list(event.research_areas.order_by("pk"))

    send_invitations(invitation_ids=[invitation.pk])
    (invitation_mail,) = mail.outbox
    register_url = next(u for u in re.findall(r"https?://\S+", invitation_mail.body) if "/register/" in u)
    korean_phone.goto(local_path(register_url))

    assert korean_phone.input_value("#id_invitation_code") == invitation.code
    korean_phone.fill("#id_first_name", "서연")
    korean_phone.fill("#id_last_name", "박")
    korean_phone.fill("#id_email", "seoyeon@snu.ac.kr")
    korean_phone.fill("#id_affiliation", "서울대학교")
    korean_phone.select_option("#id_position", "phd")
    korean_phone.select_option("#id_company_1", str(companies[0].pk))
    korean_phone.select_option("#id_research_1", str(areas[0].pk))
    korean_phone.check("#id_consent")
    korean_phone.click("#submit-id-register")
    korean_phone.wait_for_selector("#registration-outcome")
    registration = Registration.objects.get()
    assert registration.invitation == invitation
    assert registration.language == "ko"

    services.change_status(registration_ids=[registration.pk], status=RegistrationStatus.CONFIRMED)
    company, area = seat_and_publish(event, registration)

    personal = next(u for u in re.findall(r"https?://\S+", mail.outbox[-1].body) if "/my/" in u)
    korean_phone.goto(local_path(personal))
    tables = korean_phone.inner_text("#tables")
    assert "배정된 테이블" in tables
    assert "1라운드: 2번 테이블" in tables
    assert "2라운드: 1번 테이블" in tables
    assert company.name_ko in tables and area.name_ko in tables
    assert "Jiho Lee" in tables

    door_staff = staff_account(django_user_model, "door", "Door staff", event)
    staff = browser.new_context(base_url=live_server.url, locale="ko-KR", viewport={"width": 390, "height": 844})
    staff_phone = staff.new_page()
    qr_path = local_path(links.checkin_url(registration))
    log_in_at_the_door(staff_phone, door_staff, qr_path)
    staff_phone.wait_for_selector(".arrive-button")
    card = staff_phone.inner_text("main")
    staff_phone.click(".arrive-button")
    staff_phone.wait_for_selector(".alert-success")
    staff.close()

    assert "서연" in card and company.name_ko in card and area.name_ko in card
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
