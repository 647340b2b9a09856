"""The check-in QR code scans to the guest's check-in link, and is drawn once per link (attendees/mail/qr.py)."""
import io

import pytest
import zxingcpp
from django.core.cache import cache
from PIL import Image

from attendees import links
from attendees.mail import qr
from attendees.models import new_token
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def scanned(png):
    return [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def test_the_code_scans_to_the_check_in_link_and_is_kept_under_a_hash_of_it():
    registration = RegistrationFactory()
    url = links.checkin_url(registration)

    png = qr.checkin_qr_png(registration)

    assert scanned(png) == [url]
    key = qr.cache_key(url, 8)
    assert cache.get(key) == png and links.checkin_token(registration) not in key
    assert qr.checkin_qr_png(registration) == png


def test_a_new_link_gets_a_new_code():
    registration = RegistrationFactory()
    old = qr.checkin_qr_png(registration)

    registration.token = new_token()  # "send a new personal link": every older link and code stops working
    registration.save()

    new = qr.checkin_qr_png(registration)
    assert new != old and scanned(new) == [links.checkin_url(registration)]
