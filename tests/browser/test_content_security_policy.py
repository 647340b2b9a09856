"""In a real browser, under the Content-Security-Policy: nothing on the public pages, the door, the board and the
admin's two relaxed pages is blocked, and the behaviour moved out of inline handlers still works."""
import pytest
from django.urls import reverse
from django.utils import timezone

from attendees import links
from attendees.enums import RegistrationStatus
from attendees.models import Registration
from tests.accounts import log_in_at_the_door, staff_account
from tests.factories import EmailTemplateFactory, RegistrationFactory
from tests.tables.conftest import make_event, theme_and_seat

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs in every document before its own scripts: records what the policy blocks, and stands in for the
# print dialog (which a headless browser cannot show).
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " blocked " + (e.blockedURI || e.sample));
});
window.print = function () { document.documentElement.dataset.printed = "yes"; };
"""


class Watch:
    """Console errors and warnings of every page, and the policy violations of the page being shown."""

    def __init__(self, page):
        self.page = page
        self.console = []
        page.add_init_script(WATCH)
        page.on("console", self.on_console)

    def on_console(self, message):
        if message.type not in ("error", "warning"):
            return
        if message.location.get("url", "").endswith("/favicon.ico"):
            return  # the browser asks for a favicon the app does not have
        self.console.append(f"{message.type}: {message.text}")

    def problems(self):
        """Call before leaving a page: its violations go with it."""
        return self.console + self.page.evaluate("window.__violations")


@pytest.fixture
def watch(page):
    return Watch(page)


def log_in(page, user, next_url):
    page.goto(reverse("admin:login") + f"?next={next_url}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw-for-browser-tests")
    page.click("input[type=submit]")


def test_registration_form_and_personal_page_run_under_the_policy(page, watch, event):
    registration = RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED)

    page.goto(reverse("attendees:register", kwargs={"slug": event.slug}))
    problems_on_form = watch.problems()
    page.select_option("#language-select", "ko")  # the switcher sends its form from static/js/roundtable.js
    page.wait_for_selector("html[lang=ko]")
    problems_in_korean = watch.problems()
    page.goto(reverse("portal:personal", kwargs={"signed": links.personal_page_token(registration)}))
    qr_width = page.evaluate("document.querySelector('img[src^=\"data:image/svg+xml\"]').naturalWidth")

    assert (problems_on_form, problems_in_korean, watch.problems()) == ([], [], [])
    assert page.locator("#id_first_name").count() == 1
    assert qr_width > 0  # the QR code's data: URI loaded


def test_door_page_counters_refresh_under_the_policy(page, watch, event, django_user_model):
    staff = staff_account(django_user_model, "door", "Door staff", event)
    guest = RegistrationFactory(event=event, researcher__last_name="Park")
    RegistrationFactory(event=event)
    page.clock.install()
    door = reverse("checkin:event", kwargs={"slug": event.slug})
    log_in_at_the_door(page, staff, f"{door}?q=Park")
    page.wait_for_selector(f"#registration-{guest.pk}")
    assert page.inner_text("[data-counter=arrived]") == "0"

    Registration.objects.filter(pk=guest.pk).update(checked_in_at=timezone.now())  # another phone checks her in
    for _interval in range(3):  # static/js/checkin.js asks every 15 seconds; a busy CI may miss one answer
        page.clock.run_for(15_000)
        if page.locator("[data-counter=arrived]:text-is('1')").count():
            break
        page.wait_for_timeout(1_000)
    page.wait_for_selector("[data-counter=arrived]:text-is('1')")
    problems_on_search = watch.problems()
    page.goto(reverse("checkin:guest", kwargs={"signed": links.checkin_token(guest)}))

    assert (problems_on_search, watch.problems()) == ([], [])
    assert page.inner_text("[data-counter=rate]") == "50%"


def test_seating_board_and_table_cards_run_under_the_policy(page, watch, django_user_model):
    organizer = django_user_model.objects.create_superuser("organizer", "o@example.org", "pw-for-browser-tests")
    event = theme_and_seat(make_event(researchers=6, tables=2, hosts_per_company=(2, 2)))
    round_2 = event.rounds.get(number=2)
    log_in(page, organizer, reverse("admin:tables_round_board", args=[round_2.pk]))
    page.wait_for_selector("#sb-tables")
    page.click("#sb-tables a.sb-act >> nth=0")
    page.wait_for_selector("#sb-menu:not([hidden])")  # the board's own script is loaded and running
    problems_on_board = watch.problems()

    page.goto(reverse("admin:tables_round_print", args=[round_2.pk]))
    page.click("button[data-print]")

    assert page.get_attribute("html", "data-printed") == "yes"
    assert (problems_on_board, watch.problems()) == ([], [])


def test_admin_export_select_all_runs_by_hash(page, watch, event, django_user_model):
    organizer = django_user_model.objects.create_superuser("organizer", "o@example.org", "pw-for-browser-tests")
    log_in(page, organizer, reverse("admin:attendees_registration_export"))
    fields = page.locator('.selectable-field-export-row input[type="checkbox"]:visible')
    fields.first.wait_for()

    page.uncheck("input[name=select-all-toggle]")  # import-export's inline onchange, allowed by its hash

    assert fields.count() > 1
    assert [fields.nth(i).is_checked() for i in range(fields.count())] == [False] * fields.count()
    assert watch.problems() == []


def test_email_preview_shows_the_email_with_its_styles(page, watch, event, django_user_model):
    organizer = django_user_model.objects.create_superuser("organizer", "o@example.org", "pw-for-browser-tests")
    template = EmailTemplateFactory(event=event, kind="waitlisted")  # no QR code: its cid: image never loads
    log_in(page, organizer, reverse("admin:attendees_emailtemplate_preview", args=[template.pk]))
    page.wait_for_selector("iframe.email-preview-html")

    email = page.frame_locator("iframe.email-preview-html").locator("body")
    background = email.evaluate("body => getComputedStyle(body).backgroundColor")

    assert background == "rgb(243, 244, 246)"  # #f3f4f6, from the layout's style attribute
    # The frame's sandbox refuses the test's own watcher script; nothing else may be reported.
    assert [p for p in watch.problems() if "sandboxed" not in p] == []


def test_admin_widgets_run_under_the_policy(page, watch, event, django_user_model):
    organizer = django_user_model.objects.create_superuser("organizer", "o@example.org", "pw-for-browser-tests")
    log_in(page, organizer, reverse("admin:events_event_change", args=[event.pk]))
    page.wait_for_selector("#id_companies_to")  # built by the admin's SelectFilter script
    rows, chosen = page.locator("tr.form-row[id^=tables-]"), page.locator("#id_companies_to option")
    rows_before, chosen_before = rows.count(), chosen.count()

    page.click(".datetimeshortcuts a >> nth=1")  # the calendar of the first date
    page.wait_for_selector(".calendarbox >> visible=true")
    page.keyboard.press("Escape")
    page.click("text=Add another Table")  # the inline formset clones a row
    page.dblclick("#id_companies_to option >> nth=0")  # filter_horizontal moves a company back
    changed = (rows.count() - rows_before, chosen.count() - chosen_before)
    problems_on_event = watch.problems()
    page.goto(reverse("admin:attendees_emailtemplate_add"))
    page.click(".select2-selection")  # autocomplete: select2 on jQuery
    page.keyboard.type(event.name)
    page.wait_for_selector(f".select2-results__option:text-is('{event}')")
    page.keyboard.press("Enter")

    assert changed == (1, -1)
    assert page.inner_text(".select2-selection__rendered") == str(event)
    assert (problems_on_event, watch.problems()) == ([], [])
