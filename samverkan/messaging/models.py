"""Communication between the organisations (docs/domain.md §8; seeds 000 and 004).

- :class:`AdminQuestion` and :class:`AdminAnswer`: the administrative question (Webcert's
  fråga/svar) between vård and Försäkringskassan, and between socialtjänsten and FK or AF, about
  a case. Routed by the receiving unit's routine (:class:`RoutingRule`), answered within at most
  7 days (:mod:`samverkan.domain.deadlines`), reminded (:class:`AnswerReminder`) and escalated
  (:class:`Escalation`) once; :class:`Notification` is the in-app notice.
- :class:`SentEmail` and :class:`BlockedEmail`: e-mail only for general questions, contact
  requests and meeting confirmations; the guard (:mod:`samverkan.domain.pii`) blocks personal
  data, and a blocked attempt is logged without the personal data.
- :class:`Absence`: absence with a stand-in, named in the automatic reply.
- :class:`ContactAssignment`: Försäkringskassan's contact person for a vårdcentral, and
  :class:`TermMeeting`: their meeting with the vårdcentral once a term (seed 004).
- :class:`Callback`: a call-back request between named officials ("återkoppling görs snarast",
  seed 004), due the next working day, reminded once when overdue (:class:`CallbackReminder`).

**Never shown in the person's portal** (:data:`HIDDEN_FROM_PERSON`): seed 004 says the dialogue
between FK and vården "syns ej i Mina Intyg på 1177.se. För att patienten ska få insyn i den
dialogen behöver den gå in och läsa i sin journal." The portal must use
:func:`samverkan.messaging.selectors.admin_questions_visible_to_person`, which returns nothing.

No logic lives in ``save()``: every write is a service in :mod:`samverkan.messaging.services`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from samverkan.accounts.models import ROLE_CHOICES, Organisation, Unit
from samverkan.cases.models import Case
from samverkan.domain.organisations import Role
from samverkan.people.models import Person

#: Administrative questions and answers are never shown in the person's own view (seed 004).
HIDDEN_FROM_PERSON = True


class Topic(models.TextChoices):
    """The topics of an administrative question (seed 004; Webcert's ämnen)."""

    REVIEW_MEETING = "review_meeting", "Avstämningsmöte"
    CONTACT = "contact", "Kontakt"
    OTHER = "other", "Övrigt"
    REMINDER = "reminder", "Påminnelse"
    SUPPLEMENT = "supplement", "Komplettering"
    REHAB_NEED = "rehab_need", "Impuls: behov av att kartlägga rehabiliteringsbehov"


class RoutingRule(models.Model):
    """A unit's routine: which role receives administrative questions on a topic.

    Seed 004: "Varje vårdenhet ansvarar för att det finns interna rutiner som säkerställer att de
    frågor och svar som skickas via funktionen 'administrativ fråga' fördelas till rätt person,
    till sjukskrivande läkare eller rehabkoordinator."
    """

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="routing_rules", verbose_name="enhet")
    topic = models.CharField("ämne", max_length=20, choices=Topic.choices)
    role = models.CharField("tas emot av roll", max_length=40, choices=ROLE_CHOICES)

    class Meta:
        verbose_name = "rutin för administrativa frågor"
        verbose_name_plural = "rutiner för administrativa frågor"
        ordering = ["unit", "topic"]
        constraints = [models.UniqueConstraint(fields=["unit", "topic"], name="routing_rule_unique_topic")]

    def __str__(self) -> str:
        return f"{self.unit.name}: {self.get_topic_display()} → {Role(self.role).label}"


class AdminQuestion(models.Model):
    """One administrative question about a person, from one organisation's case to another organisation.

    ``status`` is stored from the question's point of view (open, answered, closed); each party
    sees it from its own side (:meth:`status_label_for`): the receiver "Att besvara", the sender
    "Väntar på svar".
    """

    class Status(models.TextChoices):
        OPEN = "open", "Obesvarad"
        ANSWERED = "answered", "Besvarad"
        CLOSED = "closed", "Stängd"

    class Basis(models.TextChoices):
        CONSENT = "consent", "Samtycke"
        SECRECY_REVIEW = "secrecy_review", "Egen sekretessprövning"

    topic = models.CharField("ämne", max_length=20, choices=Topic.choices)
    body = models.TextField("fråga")
    meeting_reason = models.TextField("skäl till avstämningsmöte", blank=True)
    proposed_meeting_on = models.DateField("önskat mötesdatum", null=True, blank=True)
    refers_to = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reminders", verbose_name="gäller fråga"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="admin_questions", verbose_name="person")

    # The sender, always identified (seed 004: "Var tydlig med vem som är avsändare").
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="sent_admin_questions",
        verbose_name="avsändare",
    )
    sender_role = models.CharField("avsändarens roll", max_length=40, choices=ROLE_CHOICES)
    sender_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="avsändande enhet")
    sender_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="sent_admin_questions", verbose_name="avsändare (org.)"
    )
    sender_phone = models.CharField("avsändarens telefon", max_length=40)
    sender_case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="sent_admin_questions", verbose_name="avsändarens ärende"
    )

    # The receiver, found through the person and routed by the unit's routine.
    recipient_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="received_admin_questions", verbose_name="mottagare"
    )
    recipient_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="received_admin_questions", verbose_name="mottagande enhet"
    )
    recipient_case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="received_admin_questions",
        verbose_name="mottagarens ärende",
    )
    recipient_role = models.CharField("tas emot av roll", max_length=40, choices=ROLE_CHOICES)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assigned_admin_questions",
        verbose_name="fördelad till",
    )
    routing_note = models.CharField("fördelning", max_length=300, blank=True)

    # The gate: on what basis the content was disclosed to the receiver.
    basis = models.CharField("grund", max_length=20, choices=Basis.choices)
    basis_text = models.TextField("grund med lagrum")
    consent = models.ForeignKey(
        "consents.Consent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="admin_questions",
        verbose_name="samtycke",
    )
    gate_snapshot = models.JSONField("underlag för prövningen", default=dict)
    #: A försäkringsutredare's assessment that FK's contact person may answer without breaking secrecy
    #: (seed 004; samverkan.domain.contact_person).
    secrecy_assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="sekretessen bedömd av",
    )
    secrecy_assessed_at = models.DateTimeField("sekretessen bedömd", null=True, blank=True)

    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.OPEN)
    sent_on = models.DateField("skickad")
    sent_at = models.DateTimeField("skickad (tidpunkt)")
    deadline = models.DateField("sista svarsdag")
    reminder_on = models.DateField("påminnelse")
    answered_on = models.DateField("besvarad", null=True, blank=True)
    closed_on = models.DateField("stängd", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="stängd av",
    )

    class Meta:
        verbose_name = "administrativ fråga"
        verbose_name_plural = "administrativa frågor"
        ordering = ["-sent_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient_unit", "status", "deadline"]),
            models.Index(fields=["recipient_organisation", "status"]),
            models.Index(fields=["sender_organisation", "status"]),
            models.Index(fields=["status", "reminder_on"]),
            models.Index(fields=["sender_case"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__gte=models.F("sent_on")), name="question_deadline_after_sent"
            ),
            models.CheckConstraint(
                condition=models.Q(answered_on__isnull=True) | models.Q(answered_on__gte=models.F("sent_on")),
                name="question_answered_after_sent",
            ),
            models.CheckConstraint(
                condition=~models.Q(sender_organisation=models.F("recipient_organisation")),
                name="question_between_organisations",
            ),
        ]

    def __str__(self) -> str:
        return f"Fråga {self.pk}: {self.get_topic_display()}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def status_label_for(self, organisation: Organisation) -> str:
        """The status as one party sees it: to answer (receiver) or awaiting answer (sender)."""
        if self.status == self.Status.OPEN:
            return "Att besvara" if organisation.pk == self.recipient_organisation_id else "Väntar på svar"
        return self.get_status_display()

    def other_party(self, organisation: Organisation) -> Organisation:
        if organisation.pk == self.sender_organisation_id:
            return self.recipient_organisation
        return self.sender_organisation


class AdminAnswer(models.Model):
    """An answer in the thread of a question, from the receiving organisation.

    A komplettering is answered by a new certificate or by a reason without medical details
    (seed 004; Webcert): ``kind`` says which.
    """

    class Kind(models.TextChoices):
        ANSWER = "answer", "Svar"
        CERTIFICATE = "certificate", "Nytt intyg"
        REASON = "reason", "Motivering utan medicinska uppgifter"

    question = models.ForeignKey(AdminQuestion, on_delete=models.PROTECT, related_name="answers")
    kind = models.CharField("slag av svar", max_length=12, choices=Kind.choices, default=Kind.ANSWER)
    body = models.TextField("svar")
    certificate_sent_on = models.DateField("nytt intyg skickat", null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="admin_answers", verbose_name="besvarad av"
    )
    author_role = models.CharField("roll", max_length=40, choices=ROLE_CHOICES)
    author_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="enhet")
    author_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    author_phone = models.CharField("telefon", max_length=40, blank=True)
    basis = models.CharField("grund", max_length=20, choices=AdminQuestion.Basis.choices)
    basis_text = models.TextField("grund med lagrum")
    consent = models.ForeignKey(
        "consents.Consent", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="samtycke"
    )
    gate_snapshot = models.JSONField("underlag för prövningen", default=dict)
    #: For an answer by FK's contact person about a person: the försäkringsutredare who assessed that
    #: secrecy is not broken, and when (seed 004); the consent is ``consent``.
    secrecy_assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="sekretessen bedömd av",
    )
    secrecy_assessed_at = models.DateTimeField("sekretessen bedömd", null=True, blank=True)
    answered_on = models.DateField("besvarad")
    created_at = models.DateTimeField("tidpunkt")

    class Meta:
        verbose_name = "svar på administrativ fråga"
        verbose_name_plural = "svar på administrativa frågor"
        ordering = ["question", "created_at", "pk"]

    def __str__(self) -> str:
        return f"Svar {self.pk} på fråga {self.question_id}"


class AnswerReminder(models.Model):
    """The one reminder sent before the deadline (its existence makes the reminder run idempotent)."""

    question = models.OneToOneField(AdminQuestion, on_delete=models.CASCADE, related_name="answer_reminder")
    sent_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_on = models.DateField("påmind")
    sent_at = models.DateTimeField("tidpunkt")

    class Meta:
        verbose_name = "påminnelse"
        verbose_name_plural = "påminnelser"

    def __str__(self) -> str:
        return f"Påminnelse om fråga {self.question_id}"


class Escalation(models.Model):
    """An unanswered question after its deadline, escalated to the receiving unit's manager (once)."""

    question = models.OneToOneField(AdminQuestion, on_delete=models.CASCADE, related_name="escalation")
    escalated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="eskalerad till",
    )
    escalated_on = models.DateField("eskalerad")
    escalated_at = models.DateTimeField("tidpunkt")
    note = models.CharField("anteckning", max_length=300, blank=True)

    class Meta:
        verbose_name = "eskalering"
        verbose_name_plural = "eskaleringar"

    def __str__(self) -> str:
        return f"Eskalering av fråga {self.question_id}"


class Notification(models.Model):
    """An in-app notice to an official. The text never holds personal data; it links to the question."""

    class Kind(models.TextChoices):
        QUESTION_RECEIVED = "question_received", "Ny fråga"
        ANSWER_RECEIVED = "answer_received", "Nytt svar"
        REMINDER = "reminder", "Påminnelse"
        ESCALATION = "escalation", "Eskalering"
        CALLBACK_RECEIVED = "callback_received", "Ny begäran om återkoppling"
        CALLBACK_REMINDER = "callback_reminder", "Påminnelse om återkoppling"
        CALLBACK_DONE = "callback_done", "Återkopplat"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField("slag", max_length=20, choices=Kind.choices)
    text = models.CharField("text", max_length=300)
    question = models.ForeignKey(
        AdminQuestion, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    callback = models.ForeignKey(
        "Callback", on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    created_at = models.DateTimeField("skapad")
    read_at = models.DateTimeField("läst", null=True, blank=True)

    class Meta:
        verbose_name = "avisering"
        verbose_name_plural = "aviseringar"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "question"], name="notification_once_per_question"),
            models.UniqueConstraint(fields=["user", "kind", "callback"], name="notification_once_per_callback"),
        ]

    def __str__(self) -> str:
        return self.text


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
