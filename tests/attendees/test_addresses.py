"""An address is found whatever its case, through the indexes made for it (attendees/addresses.py).

The index test reads PostgreSQL's plan with sequential scans switched off: a lookup no index can
serve (Django's `iexact`, an UPPER() comparison) is still planned as a sequential scan then.
"""
import pytest
from django.db import connection

from attendees.addresses import with_address
from attendees.models import Invitation, Registration, RegistrationRequest, Researcher
from tests.factories import InvitationFactory, RegistrationFactory, ResearcherFactory

pytestmark = pytest.mark.django_db


def test_an_address_is_found_whatever_its_case_and_only_that_one():
    minjun = ResearcherFactory(email="Minjun.Kim@KAIST.ac.kr")
    ResearcherFactory(email="minjun.kim@snu.ac.kr")
    registration = RegistrationFactory(researcher=minjun)

    assert list(with_address(Researcher.objects.all(), "minjun.kim@kaist.AC.KR")) == [minjun]
    assert list(with_address(Registration.objects.all(), "MINJUN.KIM@kaist.ac.kr", field="researcher__email")) == [
        registration]
    assert not with_address(Researcher.objects.all(), "minjun.kim@kaist.ac").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's query plans")
def test_the_lookups_use_the_case_insensitive_indexes():
    invitation = InvitationFactory(email="Invited@Example.org")
    lookups = {
        "researcher_email_unique_ci": with_address(Researcher.objects.all(), "someone@example.org"),
        "regrequest_email_ci": with_address(RegistrationRequest.objects.all(), "someone@example.org"),
        "invitation_one_per_email_and_event": with_address(
            Invitation.objects.filter(event=invitation.event), "invited@example.org"),
    }
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # this test's transaction only
        for index, queryset in lookups.items():
            sql, params = queryset.query.sql_with_params()
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert index in plan, plan
