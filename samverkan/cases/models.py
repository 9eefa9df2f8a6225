"""Ärenden: a matter about a person (and household) at one organisation."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from samverkan.accounts.models import Organisation, Unit
from samverkan.domain.organisations import CASE_TYPE_LABELS, CaseType
from samverkan.people.models import Person

CASE_TYPE_CHOICES = [(t.value, label) for t, label in CASE_TYPE_LABELS.items()]


class CaseQuerySet(models.QuerySet["Case"]):
    def for_organisation(self, organisation: Organisation) -> CaseQuerySet:
        """The organisation's ärenden; only the own unit's when the request bounds it (``accounts.access.scope_to_unit``)."""
        found = self.filter(organisation=organisation)
        unit_id = getattr(organisation, "unit_scope", None)
        return found.filter(unit_id=unit_id) if unit_id is not None else found

    def active(self) -> CaseQuerySet:
        return self.filter(status=Case.Status.ACTIVE)


class Case(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Aktuellt"
        CLOSED = "closed", "Avslutat"
        #: Makulerat: opened by mistake (wrong person, a duplicate) and struck out; never an aktuellt ärende again.
        CANCELLED = "cancelled", "Makulerat"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="cases")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="cases", verbose_name="enhet")
    reference = models.CharField("diarienummer", max_length=40)
    case_type = models.CharField("ärendetyp", max_length=30, choices=CASE_TYPE_CHOICES)
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.ACTIVE)
    subject = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases", verbose_name="huvudperson")
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responsible_cases",
        verbose_name="ansvarig handläggare",
    )
    opened_on = models.DateField("öppnat")
    closed_on = models.DateField("avslutat", null=True, blank=True)
    summary = models.TextField("kort beskrivning", blank=True)
    #: Who struck the case out, when and why (``services.case_cancel``); empty unless the case is makulerat.
    cancelled_at = models.DateTimeField("makulerat", null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cancelled_cases",
        verbose_name="makulerat av",
    )
    cancellation_reason = models.TextField("skäl för makulering", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = "ärende"
        verbose_name_plural = "ärenden"
        ordering = ["-opened_on", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "reference"], name="case_reference_unique_per_org"),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True) | models.Q(closed_on__gte=models.F("opened_on")),
                name="case_closed_after_opened",
            ),
            models.CheckConstraint(
                condition=models.Q(status="cancelled", cancelled_at__isnull=False, cancelled_by__isnull=False)
                | (~models.Q(status="cancelled") & models.Q(cancelled_at__isnull=True)),
                name="case_cancelled_complete",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status", "case_type"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.type.label}"

    @property
    def type(self) -> CaseType:
        return CaseType(self.case_type)

    @property
    def is_active(self) -> bool:
        """An aktuellt ärende: neither closed nor makulerat (the gate's ``active_case`` reads this)."""
        return self.status == self.Status.ACTIVE

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class CaseMember(models.Model):
    """A person in the case's household (the applicant, a partner, children)."""

    class Relation(models.TextChoices):
        APPLICANT = "applicant", "Sökande"
        PARTNER = "partner", "Make/maka/sambo"
        CHILD = "child", "Barn"
        OTHER = "other", "Annan i hushållet"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="case_memberships")
    relation = models.CharField("relation", max_length=20, choices=Relation.choices)

    class Meta:
        verbose_name = "hushållsmedlem i ärendet"
        verbose_name_plural = "hushållsmedlemmar i ärendet"
        constraints = [models.UniqueConstraint(fields=["case", "person"], name="case_member_unique")]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_relation_display()})"


class JournalEntryQuerySet(models.QuerySet["JournalEntry"]):
    def newest_first(self) -> JournalEntryQuerySet:
        return self.order_by("-written_at", "-pk")


class JournalEntry(models.Model):
    """One entry of the case's journal (journalanteckning): what the official did, learnt and based a decision on.

    Socialtjänsten must document the handling of an ärende: decisions, measures and the facts that matter
    (SoL (2001:453) 11 kap. 5 §, carried over into SoL (2025:400); förvaltningslagen (2017:900) 15 §). The journal
    is append-only: an entry is never edited or deleted (``save`` refuses a change of the written fields and
    ``delete`` refuses outright). A mistake is corrected by a new entry that refers to the old one (``corrects``);
    an entry written in error (wrong case, wrong person) is marked makulerad with a reason and stays readable.

    A saved lookup (kind ``lookup``) holds, in ``sources`` and ``citations``, a copy of what the secrecy gate released
    to the case's organisation (the decision rows' shown values), never a new read of the agencies' registers.
    """

    class Kind(models.TextChoices):
        NOTE = "note", "Anteckning"
        LOOKUP = "lookup", "Hämtade uppgifter"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="journal", verbose_name="ärende")
    kind = models.CharField("slag", max_length=10, choices=Kind.choices, default=Kind.NOTE)
    text = models.TextField("anteckning", blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="journal_entries", verbose_name="skriven av"
    )
    written_at = models.DateTimeField("skriven")
    #: A saved lookup: the period, the agencies that answered, the gate's requests and what each released.
    sources = models.JSONField("källor", default=dict, blank=True)
    #: The statutes the gate cited for what it released (a saved lookup).
    citations = models.JSONField("lagrum", default=list, blank=True)
    #: The entry this one corrects (a correction never changes the old entry).
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections", verbose_name="rättar"
    )
    voided_at = models.DateTimeField("makulerad", null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="voided_journal_entries",
        verbose_name="makulerad av",
    )
    void_reason = models.TextField("skäl för makulering", blank=True)

    objects = JournalEntryQuerySet.as_manager()

    #: The only fields a stored entry may still get: its makulering.
    VOID_FIELDS = frozenset({"voided_at", "voided_by", "void_reason"})

    class Meta:
        verbose_name = "journalanteckning"
        verbose_name_plural = "journalanteckningar"
        ordering = ["-written_at", "-pk"]
        indexes = [models.Index(fields=["case", "-written_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=["note", "lookup"]), name="journal_kind_known"),
            models.CheckConstraint(
                condition=models.Q(voided_at__isnull=True, voided_by__isnull=True)
                | models.Q(voided_at__isnull=False, voided_by__isnull=False),
                name="journal_void_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"Journalanteckning {self.pk} ({self.get_kind_display()})"

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Insert, or store a makulering; any other change of a stored entry is refused (append-only)."""
        if self.pk is not None and not self._state.adding:
            fields = kwargs.get("update_fields")
            if fields is None or not set(fields) <= self.VOID_FIELDS:
                raise ValueError("A journal entry is append-only: write a correcting entry instead.")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError("A journal entry is never deleted; it can be marked makulerad.")
