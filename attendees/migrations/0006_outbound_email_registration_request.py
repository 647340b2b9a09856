"""Emails point to the registration request whose confirmation link they carry, and stored emails
keep no working link: the links already written are masked (attendees/mail/keys.py)."""
import re

import django.db.models.deletion
from django.conf import settings
from django.core import signing
from django.db import migrations, models

CONFIRM_SALT = "attendees.confirm"


def mask_stored_links(apps, schema_editor):
    site = re.escape(settings.SITE_URL.rstrip("/"))
    personal_link = re.compile(rf"({site}/my/)[A-Za-z0-9_\-:]+/")
    confirm_link = re.compile(rf"({site}/confirm/)([A-Za-z0-9_\-:]+)/")
    OutboundEmail = apps.get_model("attendees", "OutboundEmail")
    RegistrationRequest = apps.get_model("attendees", "RegistrationRequest")
    changed = []
    for email in OutboundEmail.objects.iterator(chunk_size=500):
        texts = [email.subject, email.body_text, email.body_html]
        for signed in {m.group(2) for text in texts for m in confirm_link.finditer(text)}:
            try:
                token = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(signed)
            except signing.BadSignature:
                continue
            email.registration_request_id = (  # its email is built from it if it is still unsent
                RegistrationRequest.objects.filter(token=token).values_list("pk", flat=True).first())
        masked = [confirm_link.sub(r"\1[confirm-link]/", personal_link.sub(r"\1[personal-link]/", text))
                  for text in texts]
        if masked != texts:
            email.subject, email.body_text, email.body_html = masked
            changed.append(email)
    OutboundEmail.objects.bulk_update(
        changed, ["subject", "body_text", "body_html", "registration_request"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ("attendees", "0005_email_sending_claim"),
    ]

    operations = [
        migrations.AddField(
            model_name="outboundemail",
            name="registration_request",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="emails",
                to="attendees.registrationrequest", verbose_name="registration request",
            ),
        ),
        migrations.RunPython(mask_stored_links, migrations.RunPython.noop),
    ]
