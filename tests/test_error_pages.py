"""The 404 and 500 pages speak the visitor's language, like every other page."""
import pytest
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db

KOREAN = {"HTTP_ACCEPT_LANGUAGE": "ko-KR,ko;q=0.9"}


def test_not_found_page_is_korean_for_a_korean_browser(client):
    response = client.get("/no-such-page/", **KOREAN)

    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="ko">' in html
    assert "페이지를 찾을 수 없습니다" in html
    assert "Not Found" not in html


def test_not_found_page_is_english_otherwise(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_server_error_page_is_korean_and_needs_nothing_from_the_request():
    with translation.override("ko"):
        response = server_error(RequestFactory().get("/"))

    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="ko">' in html
    assert "문제가 발생했습니다" in html
    assert "Server Error" not in html
