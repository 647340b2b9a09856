"""One way to write a person's name: Korean names in Hangul family name first, without a space."""
import pytest

from textsafety.names import full_name, person_name
from tests.factories import HostFactory, ResearcherFactory


@pytest.mark.parametrize(("first", "last", "shown"), [
    ("지우", "이", "이지우"),
    ("서연", "남궁", "남궁서연"),
    ("Jiwoo", "Lee", "Jiwoo Lee"),
    ("Jiwoo", "", "Jiwoo"),
    ("", "이", "이"),
    ("Émile", "Dubois", "Émile Dubois"),
    ("지우", "Lee", "지우 Lee"),  # mixed scripts: no rule to apply, the order as typed
])
def test_person_name_puts_the_family_name_first_only_for_hangul(first, last, shown):
    assert person_name(first, last) == shown


def test_full_name_adds_the_native_name_unless_it_is_the_name_itself():
    assert full_name("Jiwoo", "Lee", "이지우") == "Jiwoo Lee (이지우)"
    assert full_name("지우", "이", "이지우") == "이지우"
    assert full_name("", "", "이지우") == "이지우"


@pytest.mark.django_db
def test_researchers_and_hosts_are_shown_through_the_same_function():
    researcher = ResearcherFactory(first_name="지우", last_name="이", native_name="")
    host = HostFactory(first_name="민준", last_name="김", native_name="")

    assert (researcher.full_name, str(researcher)) == ("이지우", "이지우")
    assert (host.full_name, str(host)) == ("김민준", "김민준")
