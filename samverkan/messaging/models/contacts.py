"""Contact between officials outside a question: FK's contact person and their term meeting with the vårdcentral,
absence with a stand-in, e-mail (sent and blocked) and call-back requests (seed 004)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from samverkan.accounts.models import Organisation, Unit
from samverkan.cases.models import Case
from samverkan.people.models import Person


class ContactAssignment(models.Model):
    """Försäkringskassan's contact person for a vårdcentral (seed 004, "Kontaktperson på Försäkringskassan")."""

    unit = models.OneToOneField(
        Unit, on_delete=models.CASCADE, related_name="fk_contact_assignment", verbose_name="vårdcentral"
    )
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="contact_assignments",
        verbose_name="kontaktperson på Försäkringskassan",
    )
    since = models.DateField("sedan")

    class Meta:
        verbose_name = "kontaktperson för vårdcentral"
        verbose_name_plural = "kontaktpersoner för vårdcentraler"
        ordering = ["unit__name"]

    def __str__(self) -> str:
        return f"{self.contact} – {self.unit.name}"


class Absence(models.Model):
    """An official's absence; e-mail to them gets an automatic reply naming the stand-in (seed 004)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="absences")
    starts_on = models.DateField("frånvarande från")
    ends_on = models.DateField("frånvarande till och med")
    stand_in = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="standing_in_for", verbose_name="ersättare"
    )
    message = models.CharField("meddelande i frånvarosvaret", max_length=300, blank=True)
    cancelled_at = models.DateTimeField("avbruten", null=True, blank=True)
    created_at = models.DateTimeField("registrerad")

    class Meta:
        verbose_name = "frånvaro"
        verbose_name_plural = "frånvaro"
        ordering = ["user", "-starts_on"]
        indexes = [models.Index(fields=["user", "starts_on", "ends_on"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="absence_ordered"),
            models.CheckConstraint(condition=~models.Q(stand_in=models.F("user")), name="absence_stand_in_other"),
        ]

    def __str__(self) -> str:
        return f"{self.user} frånvarande {self.starts_on}–{self.ends_on}"


class EmailKind(models.TextChoices):
    """What e-mail may be used for (seed 004): nothing else."""

    GENERAL_QUESTION = "general_question", "Generell fråga"
    CONTACT_REQUEST = "contact_request", "Kontaktförfrågan"
    MEETING_CONFIRMATION = "meeting_confirmation", "Mötesbekräftelse"


class SentEmail(models.Model):
    """An e-mail that passed the guard and was handed to Django's mail backend."""

    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sent_emails")
    sender_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="received_emails")
    kind = models.CharField("slag", max_length=30, choices=EmailKind.choices)
    subject = models.CharField("ämne", max_length=200)
    body = models.TextField("meddelande")
    auto_reply = models.TextField("automatiskt svar", blank=True)
    sent_at = models.DateTimeField("skickat")

    class Meta:
        verbose_name = "skickat mejl"
        verbose_name_plural = "skickade mejl"
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"


class BlockedEmail(models.Model):
    """An e-mail the guard stopped. Holds only what was found and where, never the text or the data."""

    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="blocked_emails")
    sender_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField("slag", max_length=30, choices=EmailKind.choices)
    #: [{"type": "personnummer", "part": "body", "line": 2}, ...]
    findings = models.JSONField("fynd", default=list)
    blocked_at = models.DateTimeField("stoppat")

    class Meta:
        verbose_name = "stoppat mejl"
        verbose_name_plural = "stoppade mejl"
        ordering = ["-blocked_at", "-pk"]

    def __str__(self) -> str:
        return f"Stoppat mejl {self.pk}"


class Callback(models.Model):
    """A call-back request from one official to another ("ring mig", seed 004: "Återkoppling … görs snarast").

    The recipient is a named official or, when the requester names none, the official the receiving
    unit's routine for contacts points to (:func:`samverkan.messaging.routing.route_question`, topic
    *Kontakt*). The subject carries no personal data (the guard of :mod:`samverkan.domain.pii`); the
    ärende is named by ``case`` and ``person``, and when the recipient is another organisation that
    fact passed the gate like an administrative question (``basis``, ``gate_snapshot``). Due the next
    working day (:mod:`samverkan.domain.callback`).
    """

    class Channel(models.TextChoices):
        PHONE = "phone", "Telefon"
        MESSAGE = "message", "Samverkan-meddelande"
        VIDEO = "video", "Videomöte"

    class Status(models.TextChoices):
        OPEN = "open", "Väntar på återkoppling"
        DONE = "done", "Återkopplat"

    subject = models.CharField("ämne", max_length=200)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="requested_callbacks", verbose_name="från"
    )
    requester_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="requested_callbacks", verbose_name="från (org.)"
    )
    requester_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="från (enhet)")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="received_callbacks", verbose_name="till"
    )
    recipient_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="received_callbacks", verbose_name="till (org.)"
    )
    recipient_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="till (enhet)")
    named = models.BooleanField("namngiven mottagare", default=True)
    routing_note = models.CharField("fördelning", max_length=300, blank=True)
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="callbacks", verbose_name="gäller ärende"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="callbacks", verbose_name="person"
    )
    basis = models.CharField("grund", max_length=20, blank=True)
    basis_text = models.TextField("grund med lagrum", blank=True)
    consent = models.ForeignKey(
        "consents.Consent", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="samtycke"
    )
    gate_snapshot = models.JSONField("underlag för prövningen", default=dict, blank=True)
    channel = models.CharField("önskad kanal", max_length=10, choices=Channel.choices)
    phone = models.CharField("telefon", max_length=40, blank=True)
    time_window = models.CharField("när", max_length=100, blank=True)
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.OPEN)
    requested_on = models.DateField("begärd")
    requested_at = models.DateTimeField("begärd (tidpunkt)")
    due_on = models.DateField("återkoppling senast")
    done_on = models.DateField("återkopplat", null=True, blank=True)
    done_at = models.DateTimeField("återkopplat (tidpunkt)", null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    done_note = models.CharField("anteckning", max_length=200, blank=True)

    class Meta:
        verbose_name = "begäran om återkoppling"
        verbose_name_plural = "begäranden om återkoppling"
        ordering = ["-requested_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "status", "due_on"]),
            models.Index(fields=["requester", "status"]),
            models.Index(fields=["recipient_organisation", "requested_on"]),
            models.Index(fields=["status", "due_on"]),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(due_on__gte=models.F("requested_on")), name="callback_due_after"),
            models.CheckConstraint(
                condition=models.Q(done_on__isnull=True) | models.Q(done_on__gte=models.F("requested_on")),
                name="callback_done_after_requested",
            ),
            models.CheckConstraint(condition=~models.Q(recipient=models.F("requester")), name="callback_to_other"),
        ]

    def __str__(self) -> str:
        return f"Återkoppling {self.pk}: {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class CallbackReminder(models.Model):
    """The one reminder of an overdue call-back (its existence makes the reminder run idempotent)."""

    callback = models.OneToOneField(Callback, on_delete=models.CASCADE, related_name="reminder")
    sent_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_on = models.DateField("påmind")
    sent_at = models.DateTimeField("tidpunkt")

    class Meta:
        verbose_name = "påminnelse om återkoppling"
        verbose_name_plural = "påminnelser om återkoppling"

    def __str__(self) -> str:
        return f"Påminnelse om återkoppling {self.callback_id}"


class TermMeeting(models.Model):
    """Försäkringskassan's contact person's meeting with a vårdcentral once a term (seed 004).

    One per vårdcentral and term (:func:`samverkan.domain.contact_person.term_of`). About routines and
    news in socialförsäkringen and vården: the note never holds anything about a patient.
    """

    class Status(models.TextChoices):
        BOOKED = "booked", "Bokat"
        HELD = "held", "Genomfört"

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="term_meetings", verbose_name="vårdcentral")
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="term_meetings", verbose_name="kontaktperson"
    )
    term_year = models.PositiveSmallIntegerField("år")
    term = models.CharField("termin", max_length=2, choices=[("vt", "Vårtermin"), ("ht", "Hösttermin")])
    starts_at = models.DateTimeField("tid")
    place = models.CharField("plats", max_length=200, blank=True)
    video_link = models.URLField("videolänk", max_length=300, blank=True)
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.BOOKED)
    note = models.TextField("anteckning", blank=True)
    booked_at = models.DateTimeField("bokat")
    held_on = models.DateField("genomfört", null=True, blank=True)

    class Meta:
        verbose_name = "terminsmöte"
        verbose_name_plural = "terminsmöten"
        ordering = ["-term_year", "-term", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "term_year", "term"], name="term_meeting_once_per_term"),
        ]

    def __str__(self) -> str:
        return f"Terminsmöte {self.get_term_display().lower()} {self.term_year}"


class TermMeetingReminderSent(models.Model):
    """A term-meeting reminder sent to the contact person (unique per vårdcentral, term and kind: sent once)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    term_year = models.PositiveSmallIntegerField("år")
    term = models.CharField("termin", max_length=2)
    kind = models.CharField("slag", max_length=20)
    meeting = models.ForeignKey(TermMeeting, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    sent_on = models.DateField("påmind")
    sent_at = models.DateTimeField("tidpunkt")

    class Meta:
        verbose_name = "påminnelse om terminsmöte"
        verbose_name_plural = "påminnelser om terminsmöten"
        constraints = [
            models.UniqueConstraint(fields=["unit", "term_year", "term", "kind"], name="term_meeting_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"Påminnelse om terminsmöte {self.term}{self.term_year}"
