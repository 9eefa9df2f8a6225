"""Oversight: the marks security officers put on log-review findings, and officials' own person records.

The findings themselves are not stored: the standing reports compute them from the audit log
every time (:mod:`samverkan.reports.selectors`), so a report always reflects the log as it is.
What is stored is the security officer's conclusion about one finding, a :class:`ReviewMark`,
keyed by the finding's stable key (:mod:`samverkan.domain.log_review`), and written only by
:func:`samverkan.reports.services.finding_mark_reviewed` together with its audit entry.

:class:`OfficialPerson` is the optional link between an official and the official's own person
record, used by the colleague report; without a link the report compares names.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from samverkan.accounts.models import Organisation
from samverkan.disclosures.models import AuditEntry
from samverkan.domain.log_review import FINDING_LABELS
from samverkan.people.models import Person

FINDING_KIND_CHOICES = [(kind.value, label) for kind, label in FINDING_LABELS.items()]


class ReviewMark(models.Model):
    """A security officer has looked at one finding and written down what was found."""

    #: The security officer's organisation: marks are never shared between organisations.
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("rapport", max_length=30, choices=FINDING_KIND_CHOICES)
    key = models.CharField("fynd", max_length=120)
    note = models.TextField("anteckning")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="granskad av"
    )
    reviewed_at = models.DateTimeField("granskad")
    #: What the finding was about (for lists and exports; the key is the identity).
    official = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="handläggare",
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    audit_entry = models.ForeignKey(AuditEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    day = models.DateField("dag", null=True, blank=True)

    class Meta:
        verbose_name = "granskat fynd"
        verbose_name_plural = "granskade fynd"
        ordering = ["-reviewed_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["organisation", "key"], name="reports_mark_once_per_finding")]
        indexes = [models.Index(fields=["organisation", "kind", "reviewed_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.key})"


class OfficialPerson(models.Model):
    """An official's own person record (optional): the colleague report then matches on identity, not names."""

    official = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="own_person", verbose_name="handläggare"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="personpost")
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    linked_at = models.DateTimeField("kopplad")

    class Meta:
        verbose_name = "handläggarens personpost"
        verbose_name_plural = "handläggares personposter"

    def __str__(self) -> str:
        return f"{self.official} → {self.person_id}"
