"""Ärenden: a matter about a person (and household) at one organisation."""

from __future__ import annotations

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
        ]
        indexes = [models.Index(fields=["organisation", "status", "case_type"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.type.label}"

    @property
    def type(self) -> CaseType:
        return CaseType(self.case_type)

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


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
