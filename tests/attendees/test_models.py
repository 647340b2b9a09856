import pytest
from django.db import IntegrityError, transaction

from attendees.models import Researcher
from tests.factories import (
    CompanyFactory, CompanyInterestFactory, RegistrationFactory, ResearcherFactory,
)

pytestmark = pytest.mark.django_db


def test_researcher_email_is_unique_regardless_of_case():
    ResearcherFactory(email="Minjun.Kim@KAIST.ac.kr")

    with pytest.raises(IntegrityError), transaction.atomic():
        ResearcherFactory(email="minjun.kim@kaist.ac.kr")

    assert Researcher.objects.count() == 1


def test_registration_is_unique_per_researcher_and_event():
    registration = RegistrationFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=registration.event, researcher=registration.researcher)


def test_same_researcher_may_register_for_two_events():
    first = RegistrationFactory()

    second = RegistrationFactory(researcher=first.researcher)

    assert first.researcher.registrations.count() == 2
    assert second.event != first.event


def test_company_interest_rank_is_unique_per_registration():
    interest = CompanyInterestFactory(rank=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        CompanyInterestFactory(registration=interest.registration, company=CompanyFactory(), rank=1)


def test_company_interest_company_cannot_repeat():
    interest = CompanyInterestFactory(rank=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        CompanyInterestFactory(registration=interest.registration, company=interest.company, rank=2)


def test_researcher_full_name_shows_native_script():
    researcher = ResearcherFactory(first_name="Minjun", last_name="Kim", native_name="김민준")

    assert researcher.full_name == "Minjun Kim (김민준)"
