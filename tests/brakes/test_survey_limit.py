"""The survey's form is a public form too: one client saving answers in a loop is stopped."""
import pytest
from django.conf import settings

from attendees.models import SurveyResponse
from tests.brakes.test_rate_limits import BOT, until_refused
from tests.portal.test_survey import ANSWERS, guest, survey_url  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def test_saving_answers_over_and_over_from_one_client_is_refused_and_changes_nothing_more(client, guest):  # noqa: F811
    per_minute = int(settings.RATE_LIMITS["survey"]["client"][0].split("/")[0])

    responses = until_refused(lambda n: client.post(survey_url(guest), {**ANSWERS, "overall_rating": str(n % 5 + 1)},
                                                    REMOTE_ADDR=BOT), at_most=2 * per_minute + 1)

    assert responses[-1].status_code == 429
    assert all(response.status_code == 302 for response in responses[:-1])
    saved = SurveyResponse.objects.get(registration=guest).overall_rating
    assert saved == (len(responses) - 2) % 5 + 1  # the last answer that got through

