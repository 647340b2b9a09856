import pytest

from tests.factories import EventFactory


@pytest.fixture
def event(db):
    """An open event offering three companies and four research areas."""
    return EventFactory(offerings=True)
