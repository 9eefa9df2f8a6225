"""Återsökning (SFB 107 kap. 5 §): the socialnämnd asks FK or PM to pay it retroactive benefit.

- :class:`PendingBenefit`: the socialsekreterare notes that bistånd is paid in the meantime, as an
  advance, while a benefit the person has applied for at FK or PM is awaited. That is also the
  nämnd's request under SFB 107 kap. 5 §, made in advance: it passes the gate to the agency at once,
  which sees it on the person when it decides, and the reclaim drafted from the decision is matched
  to it and counts as received on that day.
- :class:`Reclaim`: one request for one retroactive decision (FK's or PM's
  ``registries.BenefitDecision``), owned by the socialnämnd and seen by the deciding agency once
  sent. It keeps a snapshot of what the secrecy gate released about the decision, the calculation
  of ``samverkan.domain.reclaim`` and the status (``draft`` → ``sent`` → ``paid``/``refused``, or
  ``too_late``).
- :class:`ReclaimLedgerEntry`: the ledger (reskontra) of what each reclaim took from each payment of
  bistånd for which days. A new calculation starts from it, so the same bistånd is never reclaimed
  twice; database constraints keep one row per reclaim, payment and first day.
- :class:`ReclaimEvent`: the status history both sides see.

Money is ``Decimal`` with two decimals, in kronor. Rules live in ``samverkan.domain.reclaim``;
writes in ``services.py``.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from samverkan.accounts.models import Organisation
from samverkan.cases.models import Case
from samverkan.domain.reclaim import BENEFITS, cite
from samverkan.people.models import Person

BENEFIT_CHOICES = [(code, benefit.name) for code, benefit in BENEFITS.items()]


class PendingBenefit(models.Model):
    """A benefit applied for at FK or PM, while the socialnämnd pays bistånd as an advance."""

    class Status(models.TextChoices):
        AWAITING = "awaiting", "Väntar på beslut"
        DECIDED = "decided", "Beslut har kommit"
        WITHDRAWN = "withdrawn", "Avslutad utan beslut"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="pending_benefits")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="person")
    benefit = models.CharField("förmån", max_length=40, choices=BENEFIT_CHOICES)
    agency = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="myndighet som beslutar"
    )
    applied_on = models.DateField("ansökt")
    note = models.TextField("anteckning", blank=True)
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.AWAITING)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    #: When the request under SFB 107 kap. 5 § reached FK or PM, made in advance as the bistånd was granted
    #: "i avvaktan på" the benefit (None: registered before advance requests were sent).
    requested_at = models.DateTimeField("begäran kom in till myndigheten", null=True, blank=True)
    #: The gate's basis for telling the agency (the passage's cited decision) and its snapshot.
    request_basis = models.CharField("grund för uppgiftslämnandet", max_length=300, blank=True)
    request_decision = models.JSONField("sekretessgrindens beslut", default=dict, blank=True)
    withdrawn_at = models.DateTimeField("avslutad", null=True, blank=True)

    @property
    def requested_on(self) -> dt.date | None:
        return timezone.localdate(self.requested_at) if self.requested_at is not None else None

    class Meta:
        verbose_name = "förmån i avvaktan"
        verbose_name_plural = "förmåner i avvaktan"
        ordering = ["-applied_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "person", "benefit", "agency"],
                condition=Q(status="awaiting"),
                name="reclaims_pending_benefit_one_awaiting",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_benefit_display()} ({self.person})"


class Reclaim(models.Model):
    """A request that FK or PM pays a retroactive benefit to the socialnämnd (SFB 107 kap. 5 §)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Utkast"
        SENT = "sent", "Skickad"
        PAID = "paid", "Utbetald"
        REFUSED = "refused", "Avslagen"
        TOO_LATE = "too_late", "För sent"

    class Reason(models.TextChoices):
        OK = "ok", "Kan återsökas"
        BELOW_THRESHOLD = "below_threshold", "Högst 1 000 kr – betalas inte till nämnden"
        EXCLUDED_BENEFIT = "excluded_benefit", "Förmånen är undantagen"
        NOT_SFB_BENEFIT = "not_sfb_benefit", "Ingen förmån enligt socialförsäkringsbalken"
        REQUEST_TOO_LATE = "request_too_late", "Begäran kom för sent"
        NO_OVERLAPPING_ASSISTANCE = "no_overlapping_assistance", "Inget bistånd för samma tid"

    #: The socialnämnd that asks (owner of the row).
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    reference = models.CharField("återsökningsnummer", max_length=20)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reclaims")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="person")
    #: Försäkringskassan or Pensionsmyndigheten: the agency that decided and pays.
    agency = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="myndighet")
    decision = models.ForeignKey(
        "registries.BenefitDecision", on_delete=models.PROTECT, related_name="+", verbose_name="beslut"
    )
    pending_benefit = models.ForeignKey(
        PendingBenefit, on_delete=models.SET_NULL, null=True, blank=True, related_name="reclaims"
    )
    #: The gate's DisclosureRequest that released the decision to the socialnämnd.
    disclosure_request_id = models.BigIntegerField("utlämnande", null=True, blank=True)

    # What the gate released about the decision (a snapshot: the nämnd never reads FK's row again).
    benefit = models.CharField("förmån", max_length=40, choices=BENEFIT_CHOICES)
    decision_date = models.DateField("beslutsdatum")
    period_start = models.DateField("retroaktiv period från")
    period_end = models.DateField("retroaktiv period till")
    retroactive_amount = models.DecimalField("retroaktivt belopp (netto)", max_digits=12, decimal_places=2)
    payout_date = models.DateField("utbetalningsdag")
    #: The last day the request can reach the agency: the day before the payout.
    deadline = models.DateField("senaste dag för begäran")

    # The calculation (as drafted, and again as sent).
    reason = models.CharField("bedömning", max_length=30, choices=Reason.choices)
    to_social_services = models.DecimalField("till socialnämnden", max_digits=12, decimal_places=2)
    to_person = models.DecimalField("till personen", max_digits=12, decimal_places=2)
    counted_assistance = models.DecimalField("räknat bistånd", max_digits=12, decimal_places=2)
    repayment_claim_possible = models.BooleanField("återkrav hos personen möjligt", default=False)
    #: The provision(s) a claim on the person rests on, by the day each advance was granted: 9 kap. 2 § SoL
    #: (2001:453) before 2025-07-01 (the transitional provisions of SoL 2025:400), 33 kap. 2 § SoL (2025:400)
    #: from then. Stored with the calculation, so letters and PDFs cite what the calculation found.
    repayment_claim_citations = models.JSONField("lagrum för återkrav hos personen", default=list, blank=True)

    @property
    def repayment_claim_provisions(self) -> str:
        """The provisions of a claim on the person, as one Swedish phrase (for letters and pages)."""
        if self.repayment_claim_citations:
            return " och ".join(self.repayment_claim_citations)
        return cite("repayment_claim", self.decision_date)

    explanation = models.TextField("förklaring")
    citations = models.JSONField("lagstöd", default=list)
    calculation = models.JSONField("beräkning", default=dict)
    calculated_on = models.DateField("beräknad")

    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.DRAFT)
    drafted_at = models.DateTimeField("upprättad")
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    #: The day the request reached the agency (the day it was sent; it goes electronically).
    request_received = models.DateField("begäran kom in", null=True, blank=True)
    sent_at = models.DateTimeField("skickad", null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The agency's outcome.
    settled_on = models.DateField("beslutad av myndigheten", null=True, blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    paid_to_social_services = models.DecimalField(
        "utbetalt till socialnämnden", max_digits=12, decimal_places=2, null=True, blank=True
    )
    paid_to_person = models.DecimalField(
        "utbetalt till personen", max_digits=12, decimal_places=2, null=True, blank=True
    )
    refusal_reason = models.TextField("skäl för avslag", blank=True)
    too_late_explanation = models.TextField("varför det är för sent", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "återsökning"
        verbose_name_plural = "återsökningar"
        ordering = ["deadline", "pk"]
        constraints = [
            # Never a second request for the same decision from the same nämnd (detection is idempotent).
            models.UniqueConstraint(fields=["organisation", "decision"], name="reclaims_one_per_decision"),
            models.UniqueConstraint(fields=["organisation", "reference"], name="reclaims_reference_unique"),
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="reclaims_period_ordered"),
            models.CheckConstraint(condition=Q(deadline__lt=F("payout_date")), name="reclaims_deadline_before_payout"),
            # SFB 107 kap. 5 §: a request counts only if it reached the agency before the payout.
            models.CheckConstraint(
                condition=Q(request_received__isnull=True) | Q(request_received__lt=F("payout_date")),
                name="reclaims_request_before_payout",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "too_late"]) | Q(request_received__isnull=False),
                name="reclaims_sent_has_request_date",
            ),
            models.CheckConstraint(
                condition=Q(to_social_services__gte=0) & Q(to_person__gte=0) & Q(retroactive_amount__gte=0),
                name="reclaims_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(status="paid")
                | (
                    Q(paid_to_social_services__isnull=False)
                    & Q(paid_to_person__isnull=False)
                    & Q(paid_to_social_services__gte=0)
                    & Q(paid_to_person__gte=0)
                    & Q(paid_to_social_services__lte=F("to_social_services"))
                ),
                name="reclaims_paid_split_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "deadline"]),
            models.Index(fields=["agency", "status", "deadline"]),
        ]

    def __str__(self) -> str:
        return f"Återsökning {self.reference}"

    @property
    def benefit_name(self) -> str:
        return BENEFITS[self.benefit].name

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.SENT)


class ReclaimLedgerEntry(models.Model):
    """What one reclaim took from one payment of bistånd for the days ``start``–``end``.

    Spread evenly over its days (``samverkan.domain.reclaim.LedgerEntry``). Written when the
    request is sent (the bistånd is then reserved), rewritten to the amount actually paid when
    the agency settles, removed when the agency refuses (nothing was taken).
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="mottagare")
    payment = models.ForeignKey("assistance.Payment", on_delete=models.PROTECT, related_name="+")
    reclaim = models.ForeignKey(Reclaim, on_delete=models.PROTECT, related_name="ledger_entries")
    start = models.DateField("från")
    end = models.DateField("till")
    amount = models.DecimalField("återsökt belopp", max_digits=12, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "rad i återsökningsreskontran"
        verbose_name_plural = "återsökningsreskontra"
        ordering = ["start", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["reclaim", "payment", "start"], name="reclaims_ledger_one_row_per_piece"),
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="reclaims_ledger_period_ordered"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="reclaims_ledger_amount_positive"),
        ]
        indexes = [models.Index(fields=["payment", "start"]), models.Index(fields=["person", "start"])]

    def __str__(self) -> str:
        return f"{self.start}–{self.end}: {self.amount}"


class ReclaimEvent(models.Model):
    """One step in a reclaim's life (drafted, sent, paid, refused, too late), for both sides."""

    reclaim = models.ForeignKey(Reclaim, on_delete=models.CASCADE, related_name="events")
    status = models.CharField("status", max_length=10, choices=Reclaim.Status.choices)
    at = models.DateTimeField("tidpunkt")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    note = models.TextField("anteckning", blank=True)

    class Meta:
        verbose_name = "händelse i återsökning"
        verbose_name_plural = "händelser i återsökningar"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.at:%Y-%m-%d}"
