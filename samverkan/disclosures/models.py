"""The secrecy gate's records: requests, per-category decisions, review tasks, and the audit log.

Every flow of data about a person between organisations is one :class:`DisclosureRequest`
with one :class:`DisclosureDecision` per category (the rules' answer, with a snapshot of the
rules version and citations; the inputs are stored once on the request), so each decision can be
explained years later. A category the
rules send to ``review`` gets a :class:`ReviewTask` in the disclosing organisation's queue.

:class:`AuditEntry` is the append-only, hash-chained log (``samverkan.disclosures.audit``);
:class:`AuditChainHead` is the single row that serialises appends and remembers the newest hash.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.conf import settings
from django.db import models

from samverkan.accounts.models import Organisation, Unit
from samverkan.cases.models import Case
from samverkan.people.models import Person

GENESIS_HASH = "0" * 64


class Outcome(models.TextChoices):
    RELEASED = "released", "Lämnas ut"
    REVIEW = "review", "Sekretessprövning"
    DENIED = "denied", "Lämnas inte ut"


class Basis(models.TextChoices):
    DUTY = "duty", "Uppgiftsskyldighet"
    CONSENT = "consent", "Samtycke"
    NONE = "", "Ingen grund"


class DisclosureRequest(models.Model):
    """One request (or one proactive notice) for data about one person from one organisation."""

    class Kind(models.TextChoices):
        REQUEST = "request", "Begäran"
        PROACTIVE = "proactive", "På eget initiativ"

    class Status(models.TextChoices):
        PENDING_REVIEW = "pending_review", "Väntar på sekretessprövning"
        COMPLETED = "completed", "Besvarad"

    kind = models.CharField("slag", max_length=10, choices=Kind.choices, default=Kind.REQUEST)
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.COMPLETED)
    #: The official who asked (a request) or who sent it (a proactive notice; null when the system did).
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disclosure_requests",
        verbose_name="begärd av",
    )
    #: The organisation that receives the data (the requester's, for a request).
    recipient = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="received_disclosures", verbose_name="mottagare"
    )
    recipient_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="mottagande enhet"
    )
    discloser = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="disclosures", verbose_name="utlämnande organisation"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="disclosure_requests")
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="disclosure_requests", verbose_name="ärende"
    )
    categories = models.JSONField("begärda uppgifter", default=list)
    purpose = models.TextField("ändamål")
    period_start = models.DateField("period från", null=True, blank=True)
    period_end = models.DateField("period till", null=True, blank=True)
    requested_on = models.DateField("begärd den")
    rules_version = models.CharField("regelversion", max_length=40)
    #: :meth:`samverkan.domain.disclosure.DisclosureDecision.snapshot` of the whole request.
    snapshot = models.JSONField("underlag", default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "begäran om uppgifter"
        verbose_name_plural = "begäranden om uppgifter"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"]),
            models.Index(fields=["discloser", "-created_at"]),
            models.Index(fields=["person", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"Begäran {self.pk} till {self.discloser}"

    @property
    def has_period(self) -> bool:
        return self.period_start is not None and self.period_end is not None

    def outcome_summary(self) -> str:
        """ "4 lämnas ut, 1 väntar på prövning": the answer after any review, for lists."""
        counts = Counter(d.effective_outcome for d in self.decisions.all())
        parts = []
        if counts[Outcome.RELEASED]:
            parts.append(f"{counts[Outcome.RELEASED]} lämnas ut")
        if counts[Outcome.REVIEW]:
            parts.append(f"{counts[Outcome.REVIEW]} väntar på prövning")
        if counts[Outcome.DENIED]:
            parts.append(f"{counts[Outcome.DENIED]} lämnas inte ut")
        return ", ".join(parts)


class DisclosureDecision(models.Model):
    """The gate's decision for one category of one request (never changed after it is made)."""

    request = models.ForeignKey(DisclosureRequest, on_delete=models.PROTECT, related_name="decisions")
    category = models.CharField("uppgiftskategori", max_length=60)
    outcome = models.CharField("utfall", max_length=10, choices=Outcome.choices)
    basis = models.CharField("grund", max_length=10, choices=Basis.choices, blank=True)
    consent = models.ForeignKey(
        "consents.Consent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name="samtycke",
    )
    citation = models.TextField("lagrum", blank=True)
    explanation = models.TextField("förklaring")
    rules_version = models.CharField("regelversion", max_length=40)
    #: Rules version, fingerprint and this category's decision with its citations; ``"input": "request"``
    #: points to the request's snapshot, where the inputs are stored once (ADR 0006; ``services.decision_inputs``).
    snapshot = models.JSONField("underlag", default=dict)
    #: What was disclosed, at the moment of release: [{"label": ..., "value": ...}, ...].
    released_values = models.JSONField("utlämnade uppgifter", default=list, blank=True)
    decided_at = models.DateTimeField("beslutad", auto_now_add=True)

    class Meta:
        verbose_name = "beslut per uppgift"
        verbose_name_plural = "beslut per uppgift"
        ordering = ["request", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "category"], name="decision_unique_category"),
            models.CheckConstraint(
                condition=models.Q(outcome__in=["released", "review", "denied"]), name="decision_outcome_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.get_outcome_display()}"

    @property
    def effective_outcome(self) -> str:
        """The outcome after the discloser's review, when there was one."""
        if self.outcome != Outcome.REVIEW:
            return self.outcome
        task: ReviewTask | None = getattr(self, "review_task", None)
        if task is None or task.status == ReviewTask.Status.OPEN:
            return Outcome.REVIEW
        return Outcome.RELEASED if task.status == ReviewTask.Status.APPROVED else Outcome.DENIED

    @property
    def shown_values(self) -> list[dict[str, Any]]:
        """The values the recipient may see: released at once, or after an approving review."""
        if self.outcome == Outcome.RELEASED:
            return list(self.released_values)
        task: ReviewTask | None = getattr(self, "review_task", None)
        if task is not None and task.status == ReviewTask.Status.APPROVED:
            return list(task.released_values)
        return []


class ReviewTask(models.Model):
    """A category the disclosing organisation's own secrecy review must decide (sekretessprövning)."""

    class Status(models.TextChoices):
        OPEN = "open", "Väntar på prövning"
        APPROVED = "approved", "Lämnas ut efter prövning"
        REFUSED = "refused", "Lämnas inte ut efter prövning"

    decision = models.OneToOneField(DisclosureDecision, on_delete=models.PROTECT, related_name="review_task")
    request = models.ForeignKey(DisclosureRequest, on_delete=models.PROTECT, related_name="review_tasks")
    #: Whose queue the task is in (the disclosing organisation).
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="review_tasks")
    category = models.CharField("uppgiftskategori", max_length=60)
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.OPEN)
    motivation = models.TextField("motivering", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="review_decisions",
        verbose_name="prövad av",
    )
    decided_at = models.DateTimeField("prövad", null=True, blank=True)
    released_values = models.JSONField("utlämnade uppgifter", default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "sekretessprövning"
        verbose_name_plural = "sekretessprövningar"
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["organisation", "status", "created_at"])]

    def __str__(self) -> str:
        return f"Prövning {self.pk} ({self.category})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class AuditEntry(models.Model):
    """One entry of the append-only, hash-chained audit log (see ``samverkan.disclosures.audit``).

    Who did what, with data about whom, on which basis:

    - ``actor``: the official who acted (null when the system or the person did it), with
      ``actor_role`` the role codes they had;
    - ``organisation``: the organisation whose data and secrecy the event concerns (the
      discloser of a disclosure, the organisation that recorded a consent, the reader of a
      cross-organisation read); ``recipient``: the organisation that received data, if any;
    - ``person``: the subject, by reference only. Entries never hold names, addresses or the
      values of the data, only category codes, the basis and the purpose.

    ``hash`` is HMAC-SHA256, with the key ``key_id`` (kept outside the database), over the canonical
    JSON of the fields, ``prev_hash`` and ``key_id`` (:func:`samverkan.disclosures.audit.entry_hash`;
    entries from before the chain was keyed have no ``key_id`` and a plain SHA-256);
    ``sequence`` numbers the chain 1, 2, 3 … The database refuses UPDATE and DELETE of rows of
    this table (migration 0002), TRUNCATE, and any insert that is not an append at the head with
    a key id (migration 0004).
    """

    sequence = models.BigIntegerField("löpnummer", unique=True)
    created_at = models.DateTimeField("tidpunkt")
    event = models.CharField("händelse", max_length=60)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_entries",
        verbose_name="utförd av",
    )
    actor_role = models.CharField("roll", max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="audit_entries"
    )
    recipient = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="received_audit_entries"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="audit_entries")
    categories = models.JSONField("uppgiftskategorier", default=list)
    basis = models.CharField("grund", max_length=200, blank=True)
    purpose = models.TextField("ändamål", blank=True)
    extra = models.JSONField("övrigt", default=dict)
    prev_hash = models.CharField("föregående hash", max_length=64)
    hash = models.CharField("hash", max_length=64, unique=True)
    #: The id of the HMAC key in ``SAMVERKAN_AUDIT_KEYS``; null for an entry from before the chain was keyed.
    key_id = models.CharField("nyckel-id", max_length=32, null=True, blank=True)

    class Meta:
        verbose_name = "loggpost"
        verbose_name_plural = "loggposter"
        ordering = ["sequence"]
        indexes = [
            models.Index(fields=["organisation", "created_at"]),
            models.Index(fields=["recipient", "created_at"]),
            models.Index(fields=["person", "created_at"]),
            models.Index(fields=["event", "created_at"]),
            models.Index(fields=["actor", "created_at"]),  # log review: per-official reports
        ]

    def __str__(self) -> str:
        return f"Loggpost {self.sequence} ({self.event})"


class AuditChainHead(models.Model):
    """The one row (pk 1) that serialises appends: locked with SELECT … FOR UPDATE on PostgreSQL.

    The database lets it only advance, to the newest entry's sequence and hash, and refuses its
    deletion and TRUNCATE (migration 0004).
    """

    last_sequence = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = "loggens senaste post"
        verbose_name_plural = "loggens senaste post"

    def __str__(self) -> str:
        return f"Logg: {self.last_sequence} poster"


class AuditAnchorFile(models.Model):
    """An anchor file the chain has been anchored to: from its first anchor on, the file must hold anchors.

    ``samverkan audit anchor`` registers the file when it writes the first anchor to it. A file that is later
    missing or empty is then a break (``audit verify``), and the scheduler refuses to start it afresh: a new
    file would vouch for whatever chain is in the database at that moment.
    """

    path = models.CharField("sökväg", max_length=500, unique=True)
    started_at = models.DateTimeField("första ankaret")
    first_sequence = models.BigIntegerField("första förankrade post")

    class Meta:
        verbose_name = "ankarfil"
        verbose_name_plural = "ankarfiler"

    def __str__(self) -> str:
        return self.path


class ReleasedDocument(models.Model):
    """A document or written answer the discloser hands over for a released category that is no registry fact.

    Journal extracts, SGI, work capacity assessments and other documents pass the gate as one released category;
    the disclosing official answers with a PDF or a written answer (:mod:`samverkan.disclosures.documents`). The
    file is stored outside the database under its SHA-256, which also stands in the audit entry; the file is
    deleted (gallrad) on ``retain_until`` while this row and its hash stay as the record of what crossed.
    """

    class Kind(models.TextChoices):
        FILE = "file", "Handling (PDF)"
        ANSWER = "answer", "Skriftligt svar"

    decision = models.ForeignKey(DisclosureDecision, on_delete=models.PROTECT, related_name="documents")
    request = models.ForeignKey(DisclosureRequest, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField("slag", max_length=10, choices=Kind.choices)
    title = models.CharField("rubrik", max_length=200)
    text = models.TextField("svar", blank=True)
    file_name = models.CharField("filnamn", max_length=200, blank=True)
    size = models.PositiveIntegerField("storlek (byte)", default=0)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="lämnad av"
    )
    released_at = models.DateTimeField("lämnad")
    retain_until = models.DateField("gallras")
    purged_at = models.DateTimeField("gallrad", null=True, blank=True)

    class Meta:
        verbose_name = "utlämnad handling"
        verbose_name_plural = "utlämnade handlingar"
        ordering = ["released_at", "pk"]
        indexes = [models.Index(fields=["retain_until", "purged_at"])]

    def __str__(self) -> str:
        return f"Handling {self.pk} ({self.title})"

    @property
    def is_file(self) -> bool:
        return self.kind == self.Kind.FILE

    @property
    def is_purged(self) -> bool:
        return self.purged_at is not None
