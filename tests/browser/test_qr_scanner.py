"""In a real browser on a phone-sized screen, the door's scanner reads a guest's QR code from the camera.

Chromium's fake camera plays a video file made here from the QR code a registration's confirmation
email carries (attendees/mail/qr.py): the picture goes through the same getUserMedia, video element
and decoder (jsQR; Chromium on Linux has no BarcodeDetector) as on a phone at the door.
"""
import io
import shutil

import pytest
import segno
from django.urls import reverse
from PIL import Image

from attendees import links
from attendees.mail.qr import checkin_qr_png
from attendees.models import Registration
from tests.accounts import log_in_at_the_door, staff_account
from tests.browser.test_content_security_policy import Watch
from tests.conftest import CHROMIUM_ARGS
from tests.factories import RegistrationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
FRAME = (640, 480)  # the fake camera's picture: VGA, landscape, like a phone camera's preview stream


def write_y4m(png, path, *, frames=5):
    """A short YUV4MPEG2 video (which Chromium's fake camera loops) of the PNG on a white background.

    Grey only: the luma plane is the picture and both chroma planes are neutral (128).
    """
    width, height = FRAME
    picture = Image.open(io.BytesIO(png)).convert("L")
    side = min(picture.width, int(height * 0.9))
    picture = picture.resize((side, side), Image.Resampling.NEAREST)
    frame = Image.new("L", FRAME, 255)
    frame.paste(picture, ((width - side) // 2, (height - side) // 2))
    chroma = bytes([128]) * ((width // 2) * (height // 2))
    with open(path, "wb") as video:
        video.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            video.write(b"FRAME\n" + frame.tobytes() + chroma + chroma)
    return path


def png_of(text):
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()


@pytest.fixture
def phone_with_camera(browser, live_server, tmp_path):
    """`open(png)`: a phone-sized tab of a browser whose camera films `png`, allowed as after the staff
    member's first "Allow"; with `allowed=False` the page's request for the camera is refused."""
    launched = []

    def open_phone(png, *, allowed=True):
        video = write_y4m(png, tmp_path / "camera.y4m")
        camera = ["--use-fake-device-for-media-stream", f"--use-file-for-fake-video-capture={video}"]
        chromium = browser.browser_type.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium",
            args=CHROMIUM_ARGS + camera + (["--use-fake-ui-for-media-stream"] if allowed else []),
        )
        launched.append(chromium)
        context = chromium.new_context(base_url=live_server.url, locale="en-US", viewport=PHONE,
                                       permissions=["camera"] if allowed else [])
        tab = context.new_page()
        tab.set_default_timeout(15_000)
        return tab

    yield open_phone
    for chromium in launched:
        chromium.close()


def door_staff_at(page, django_user_model, event, next_url):
    log_in_at_the_door(page, staff_account(django_user_model, "door", "Door staff", event), next_url)


def test_scanning_the_emailed_qr_code_opens_the_guests_card(phone_with_camera, event, django_user_model):
    seoyeon = RegistrationFactory(event=event, researcher__first_name="Seoyeon", researcher__last_name="Park",
                                  researcher__native_name="박서연")
    RegistrationFactory(event=event, researcher__native_name="김민준")
    page = phone_with_camera(checkin_qr_png(seoyeon))
    watch = Watch(page)
    door = reverse("checkin:event", kwargs={"slug": event.slug})
    guest = reverse("checkin:guest", kwargs={"signed": links.checkin_token(seoyeon)})

    door_staff_at(page, django_user_model, event, door)
    page.click("#scan-start")
    page.wait_for_url(f"**{guest}")
    card = page.locator(f"#registration-{seoyeon.pk}")
    problems = watch.problems()
    card.locator(".arrive-button").click()
    page.wait_for_selector(".arrived")

    assert "Seoyeon Park (박서연)" in card.inner_text()
    assert page.locator(".guest-card").count() == 1
    assert problems == []  # nothing blocked by the Content-Security-Policy, no script error
    assert Registration.objects.get(pk=seoyeon.pk).checked_in_at is not None


def test_scan_the_next_code_starts_the_camera_again(phone_with_camera, event, django_user_model):
    seoyeon = RegistrationFactory(event=event, researcher__native_name="박서연")
    page = phone_with_camera(checkin_qr_png(seoyeon))
    guest = reverse("checkin:guest", kwargs={"signed": links.checkin_token(seoyeon)})
    door_staff_at(page, django_user_model, event, guest)
    page.wait_for_selector(f"#registration-{seoyeon.pk}")

    page.click("#scan-next")  # the same code is still in front of the camera: it opens the same card
    page.wait_for_url("**?scan=1")
    page.wait_for_url(f"**{guest}")

    assert page.locator(f"#registration-{seoyeon.pk}").count() == 1


def test_a_code_that_is_not_a_check_in_code_says_so_and_keeps_scanning(phone_with_camera, event, django_user_model):
    page = phone_with_camera(png_of("https://example.com/dinner-menu"))
    door = reverse("checkin:event", kwargs={"slug": event.slug})
    door_staff_at(page, django_user_model, event, door)

    page.click("#scan-start")
    message = page.locator("[data-scan-state=unknown]")
    message.wait_for()

    assert message.inner_text().startswith("This QR code is not a check-in code.")
    assert page.locator("#scan-video").is_visible()
    assert page.evaluate("document.getElementById('scan-video').srcObject.active")  # the camera is still on
    assert page.url.endswith(door)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]



def test_a_refused_camera_says_how_to_allow_it_and_offers_the_search(phone_with_camera, event, django_user_model):
    page = phone_with_camera(png_of("anything"), allowed=False)  # headless Chromium dismisses the prompt
    door_staff_at(page, django_user_model, event, reverse("checkin:event", kwargs={"slug": event.slug}))

    page.click("#scan-start")
    message = page.locator("[data-scan-state=denied]")
    message.wait_for()

    assert message.inner_text().startswith("The camera is blocked for this page.")
    assert page.locator("#scan-video").is_hidden()
    assert page.locator("#scan-start").is_visible()  # to try again once allowed
    assert page.evaluate("document.activeElement.name") == "q"  # the search box, ready to type


def test_a_phone_without_a_camera_offers_the_search(page, event, django_user_model):
    page.set_viewport_size(PHONE)
    door_staff_at(page, django_user_model, event, reverse("checkin:event", kwargs={"slug": event.slug}))

    page.click("#scan-start")
    message = page.locator("[data-scan-state=unavailable]")
    message.wait_for()

    assert message.inner_text().startswith("No camera can be used here")
    assert page.evaluate("document.activeElement.name") == "q"
