"""Registering in the browser as a researcher does: fill in the form, then confirm the emailed link."""
import re

from django.urls import reverse

CONFIRM_PATH = re.compile(r"https?://[^/\s]+(/confirm/[^/\s]+/)")


def fill_in_the_registration_form(page, event, *, email, first_name="Jiwoo", last_name="Han", native_name="",
                                  affiliation="POSTECH", position="masters", company=0, area=0):
    """Send the form with the `company`-th company and `area`-th research area (by pk) as first choices."""
    companies = list(event.companies.order_by("pk"))
    areas = list(event.research_areas.order_by("pk"))
    page.goto(reverse("attendees:register", kwargs={"slug": event.slug}))
    page.fill("#id_first_name", first_name)
    page.fill("#id_last_name", last_name)
    if native_name:
        page.fill("#id_native_name", native_name)
    page.fill("#id_email", email)
    page.fill("#id_affiliation", affiliation)
    page.select_option("#id_position", position)
    page.select_option("#id_company_1", str(companies[company].pk))
    page.select_option("#id_research_1", str(areas[area].pk))
    page.check("#id_consent")
    page.click("#submit-id-register")
    page.wait_for_selector("#registration-outcome")


def confirm_path(message):
    """The confirmation link's path in an email sent (django.core.mail.outbox)."""
    return CONFIRM_PATH.search(message.body).group(1)
