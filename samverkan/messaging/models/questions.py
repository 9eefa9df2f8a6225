"""Administrative questions and their answers, the units' routines, the deadline's reminder and escalation, and
the in-app notice (seed 004; docs/domain.md §8)."""

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
