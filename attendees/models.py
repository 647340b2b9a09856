import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Company, Event, ResearchArea
from textsafety.names import full_name, person_name

from .enums import Position, RegistrationStatus
from .mail.enums import ADDRESS_KINDS, EmailKind, EmailState


def new_token():
    return secrets.token_urlsafe(32)


def new_invitation_code():
    # No 0/O/1/I: codes are read from paper and typed on phones.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))


class Researcher(models.Model):
    """One person across events, matched by email regardless of case."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    native_name = models.CharField(
        _("name in native script"), max_length=100, blank=True, help_text=_("e.g. 김민준")
    )
    email = models.EmailField(_("email"))
    affiliation = models.CharField(_("affiliation"), max_length=200, help_text=_("University or institute"))
    lab = models.CharField(_("lab or group"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=10, choices=Position.choices)
    graduation_year = models.PositiveSmallIntegerField(_("expected graduation year"), null=True, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True)
    homepage = models.URLField(_("homepage or Google Scholar"), blank=True)
    research_areas = models.ManyToManyField(
        ResearchArea, related_name="researchers", blank=True, verbose_name=_("research areas")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set when the personal details were erased (attendees/privacy.py); the figures stay.
    anonymized_at = models.DateTimeField(_("anonymized at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("researcher")
        verbose_name_plural = _("researchers")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="researcher_email_unique_ci"),
        ]
        permissions = [
            ("download_researcher_data", _("Can download a researcher's data")),
            ("anonymize_researcher", _("Can erase a researcher's personal data")),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return full_name(self.first_name, self.last_name, self.native_name)

    @property
    def lab_key(self):
        """What counts as 'the same lab' when seating: the group if given, else the institution."""
        return f"{self.affiliation} / {self.lab}" if self.lab else self.affiliation


class Invitation(models.Model):
    """A personal code that lets one person register for an invite-only event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("event"))
    email = models.EmailField(_("email"))
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    code = models.CharField(_("code"), max_length=20, unique=True, default=new_invitation_code)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event", "email"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint("event", Lower("email"), name="invitation_one_per_email_and_event"),
        ]

    def __str__(self):
        return f"{self.email} ({self.event})"


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("event"))
    researcher = models.ForeignKey(
        Researcher, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("researcher")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RegistrationStatus.choices, default=RegistrationStatus.APPLIED
    )
    is_returning = models.BooleanField(
        _("returning"), default=False, help_text=_("Registered for an earlier event.")
    )
    invitation = models.OneToOneField(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="registration",
        verbose_name=_("invitation"),
    )
    dietary_needs = models.CharField(_("dietary needs"), max_length=300, blank=True)
    accessibility_needs = models.CharField(_("accessibility needs"), max_length=300, blank=True)
    consented_at = models.DateTimeField(_("consent given at"))
    privacy_notice_version = models.CharField(_("privacy notice version"), max_length=20)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en",
        help_text=_("The language the researcher registered in; their emails are written in it."),
    )
    # How often the researcher cancelled and registered again (the same row is reused): calendar
    # updates count up from it, so a calendar that saw the cancellation accepts the new entry.
    reregistrations = models.PositiveSmallIntegerField(default=0, editable=False)
    # Set when the thank-you email with the survey link was written (attendees/feedback.py): it goes once.
    thank_you_sent_at = models.DateTimeField(_("thank-you email sent at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=["event", "researcher"], name="registration_one_per_researcher_and_event"),
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]
        permissions = [("export_registration", _("Can export registrations (CSV, XLSX)"))]

    def __str__(self):
        return f"{self.researcher} @ {self.event}"


class RegistrationRequest(models.Model):
    """A submission of the public form, kept until its address's owner follows the emailed link.

    Nothing else changes before that: no Researcher is created or updated, no place is held.
    `data` is what the form gave, as confirm_registration() needs it: profile (PROFILE_FIELDS),
    company_ids and research_area_ids in order of preference, dietary_needs, accessibility_needs
    and invitation_code. Each submission is a request of its own, so a link confirms exactly what
    was submitted with it.
    """

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registration_requests", verbose_name=_("event")
    )
    email = models.EmailField(_("email"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="en")
    data = models.JSONField(_("submitted details"))
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    expires_at = models.DateTimeField(_("link expires at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    registration = models.ForeignKey(
        Registration, on_delete=models.SET_NULL, null=True, blank=True, related_name="requests",
        verbose_name=_("registration"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("registration request")
        verbose_name_plural = _("registration requests")
        indexes = [
            models.Index(fields=["expires_at"]), models.Index(fields=["event", "created_at"]),
            # The same address again (attendees.addresses.with_address), found without reading the event's requests.
            models.Index(Lower("email"), name="regrequest_email_ci"),
        ]

    def __str__(self):
        return f"{self.email} ({self.event})"

    @property
    def submitted_name(self):
        profile = self.data.get("profile", {})
        return person_name(profile.get("first_name", ""), profile.get("last_name", ""))


class RankedInterest(models.Model):
    """One ranked choice of an owner (a registration, a host) among subjects (companies, research areas):
    each rank once per owner, each subject once per owner, ranks from 1."""

    rank = models.PositiveSmallIntegerField(_("rank"))
    subject_field = None  # the name of the field holding what is ranked

    class Meta:
        abstract = True
        ordering = ["rank"]

    def __str__(self):
        return f"{self.rank}. {getattr(self, self.subject_field)}"

    @staticmethod
    def ranking_constraints(*, prefix, owner, subject, subject_short):
        return [
            models.UniqueConstraint(fields=[owner, "rank"], name=f"{prefix}_rank_unique"),
            models.UniqueConstraint(fields=[owner, subject], name=f"{prefix}_{subject_short}_unique"),
            models.CheckConstraint(condition=Q(rank__gte=1), name=f"{prefix}_rank_positive"),
        ]


class CompanyInterest(RankedInterest):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="company_interests")
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="+", verbose_name=_("company"))
    subject_field = "company"

    class Meta(RankedInterest.Meta):
        verbose_name = _("company interest")
        verbose_name_plural = _("company interests")
        constraints = RankedInterest.ranking_constraints(
            prefix="company_interest", owner="registration", subject="company", subject_short="company")


class ResearchInterest(RankedInterest):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="research_interests")
    research_area = models.ForeignKey(
        ResearchArea, on_delete=models.PROTECT, related_name="+", verbose_name=_("research area")
    )
    subject_field = "research_area"

    class Meta(RankedInterest.Meta):
        verbose_name = _("research interest")
        verbose_name_plural = _("research interests")
        constraints = RankedInterest.ranking_constraints(
            prefix="research_interest", owner="registration", subject="research_area", subject_short="area")


class Host(models.Model):
    """A staff member of one of the companies, who hosts tables."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    native_name = models.CharField(_("name in native script"), max_length=100, blank=True)
    email = models.EmailField(_("email"))
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="hosts", verbose_name=_("company"))
    title = models.CharField(_("title"), max_length=200, blank=True)

    class Meta:
        ordering = ["company", "last_name", "first_name"]
        verbose_name = _("host")
        verbose_name_plural = _("hosts")
        constraints = [models.UniqueConstraint(Lower("email"), name="host_email_unique_ci")]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return full_name(self.first_name, self.last_name, self.native_name)


class HostExpertise(RankedInterest):
    """A host's research areas, in order: the first is where they would most like to host in round 2."""

    host = models.ForeignKey(Host, on_delete=models.CASCADE, related_name="expertise")
    research_area = models.ForeignKey(
        ResearchArea, on_delete=models.PROTECT, related_name="+", verbose_name=_("research area")
    )
    subject_field = "research_area"

    class Meta(RankedInterest.Meta):
        verbose_name = _("research area")
        verbose_name_plural = _("research areas")
        constraints = RankedInterest.ranking_constraints(
            prefix="host_expertise", owner="host", subject="research_area", subject_short="area")


class EventHost(models.Model):
    """A host taking part in one event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="event_hosts", verbose_name=_("event"))
    host = models.ForeignKey(Host, on_delete=models.PROTECT, related_name="participations", verbose_name=_("host"))
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)

    class Meta:
        ordering = ["event", "host__company__name", "host__last_name"]
        verbose_name = _("event host")
        verbose_name_plural = _("event hosts")
        constraints = [models.UniqueConstraint(fields=["event", "host"], name="event_host_unique")]

    def __str__(self):
        return f"{self.host} ({self.host.company}) @ {self.event}"


class EmailTemplate(models.Model):
    """An organizer's wording for one kind of email of one event, in one language.

    `subject` and `body` are Django template strings (the placeholders are listed in
    attendees/mail/rendering.py and shown on the admin page); without one, the default file
    templates in templates/emails/ are used.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="email_templates", verbose_name=_("event"))
    kind = models.CharField(_("kind"), max_length=12, choices=EmailKind.choices)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="en")
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"), help_text=_("Plain text; the HTML version is made from it."))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["event", "kind", "language"]
        verbose_name = _("email template")
        verbose_name_plural = _("email templates")
        constraints = [
            models.UniqueConstraint(fields=["event", "kind", "language"], name="email_template_one_per_kind_language"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.language}) · {self.event}"

    def clean(self):
        from .mail.rendering import template_syntax_error  # the mail package is loaded by this module

        errors = {}
        for name in ("subject", "body"):
            message = template_syntax_error(getattr(self, name) or "")
            if message:
                errors[name] = message
        if errors:
            raise ValidationError(errors)


class OutboundEmail(models.Model):
    """One email to one person, stored when the change that causes it is saved, written and sent afterwards.

A row starts `pending` (who, which kind, which language, the record it is about): that much is
inserted in the change's transaction, in one INSERT for many. After the commit mail/writer.py
renders subject and bodies and makes it `queued`; delivery sends only written rows.

    Subject and bodies are stored with every personal link masked (attendees/mail/keys.py); the
    message built for sending has the working links.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="outbound_emails", verbose_name=_("event"))
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, null=True, blank=True, related_name="emails",
        verbose_name=_("registration"),
    )
    invitation = models.ForeignKey(
        Invitation, on_delete=models.CASCADE, null=True, blank=True, related_name="emails",
        verbose_name=_("invitation"),
    )
    # The confirmation emails' request: its link is put into the message when it is sent (mail/keys.py).
    registration_request = models.ForeignKey(
        RegistrationRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="emails",
        verbose_name=_("registration request"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=EmailKind.choices)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="en")
    to = models.EmailField(_("to"))
    # Empty while the state is `pending`: the writer fills them in after the commit.
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body_text = models.TextField(_("text"), blank=True)
    body_html = models.TextField(_("HTML"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=EmailState.choices, default=EmailState.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    # When a worker claimed it (state `sending`): past EMAIL_SEND_LEASE, that worker is taken for dead.
    claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        indexes = [models.Index(fields=["state", "next_attempt_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(registration__isnull=False) | Q(invitation__isnull=False) | Q(kind__in=ADDRESS_KINDS),
                name="outbound_email_has_recipient_record",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.to}"


from .survey_model import SurveyResponse  # noqa: E402,F401  (its own module: this one is at the size limit)
