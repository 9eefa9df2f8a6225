"""Ekonomiskt bistånd: applications per household and month, decisions, payments and controls.

- :class:`Application`: one per aktuellt ärende (case of type ``assistance``) and month, with the
  household members (copied from the case when the application is made), the incomes and costs
  the applicant declared, and the decision (SoL (2025:400) 12 kap. 1 §).
- :class:`Payment`: what was paid, to whom, for which period (``covers``), of which kind
  (``subsistence`` försörjningsstöd, ``other_living`` livsföring i övrigt, ``discretionary``
  bistånd under 12 kap. 2 §), and whether it was an advance on an awaited benefit. Återsökning
  (``samverkan.reclaims``) reads these rows.
- :class:`ControlResult`: the outcome of one control for one household member in one month,
  computed from what the secrecy gate released (``samverkan.assistance.controls``);
  :class:`ControlRun` and :class:`ControlRunCase` make the monthly run resumable.

Money is ``Decimal`` with two decimals, in kronor. Rules live in ``samverkan.domain``; writes in
``services.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from samverkan.accounts.models import Organisation
from samverkan.cases.models import Case
from samverkan.domain.reclaim import BENEFITS
from samverkan.people.models import Person

BENEFIT_CHOICES = [(code, benefit.name) for code, benefit in BENEFITS.items()]


class Application(models.Model):
    """An application for ekonomiskt bistånd for one household (the case) and one month."""

    class Status(models.TextChoices):
        RECEIVED = "received", "Inkommen"
        DECIDED = "decided", "Beslutad"

    class Decision(models.TextChoices):
        GRANTED = "granted", "Beviljad"
        PARTLY_GRANTED = "partly_granted", "Delvis beviljad"
        REFUSED = "refused", "Avslag"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="assistance_applications")
    #: The first day of the month applied for.
    month = models.DateField("månad")
    received_on = models.DateField("inkom")
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.RECEIVED)
    applied_amount = models.DecimalField("sökt belopp", max_digits=12, decimal_places=2, null=True, blank=True)
    note = models.TextField("anteckning", blank=True)
    decision = models.CharField("beslut", max_length=16, choices=Decision.choices, blank=True)
    granted_amount = models.DecimalField("beviljat belopp", max_digits=12, decimal_places=2, null=True, blank=True)
    decided_on = models.DateField("beslutsdatum", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="beslutsfattare",
    )
    motivation = models.TextField("motivering", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "ansökan om ekonomiskt bistånd"
        verbose_name_plural = "ansökningar om ekonomiskt bistånd"
        ordering = ["-month", "-received_on"]
        constraints = [
            models.UniqueConstraint(fields=["case", "month"], name="assistance_application_one_per_case_month"),
            models.CheckConstraint(
                condition=Q(applied_amount__isnull=True) | Q(applied_amount__gte=0),
                name="assistance_application_applied_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(granted_amount__isnull=True) | Q(granted_amount__gte=0),
                name="assistance_application_granted_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "month"])]

    def __str__(self) -> str:
        return f"Ansökan {self.month:%Y-%m} ({self.case.reference})"

    @property
    def is_decided(self) -> bool:
        return self.status == self.Status.DECIDED

    @property
    def is_granted(self) -> bool:
        return self.decision in (self.Decision.GRANTED, self.Decision.PARTLY_GRANTED)


class ApplicationMember(models.Model):
    """A household member as at the application, with the case worker's assessment of work capacity."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    relation = models.CharField("relation", max_length=20)
    #: ``None``: not assessed yet. A person able to work must be registered at Arbetsförmedlingen.
    able_to_work = models.BooleanField("arbetsför", null=True, blank=True)

    class Meta:
        verbose_name = "hushållsmedlem i ansökan"
        verbose_name_plural = "hushållsmedlemmar i ansökan"
        constraints = [models.UniqueConstraint(fields=["application", "person"], name="assistance_member_unique")]

    def __str__(self) -> str:
        return str(self.person)


class IncomeSource(models.TextChoices):
    FK = "fk", "Försäkringskassan"
    PM = "pm", "Pensionsmyndigheten"
    UNEMPLOYMENT_FUND = "unemployment_fund", "A-kassa"
    EMPLOYER = "employer", "Arbetsgivare"
    OTHER = "other", "Annan"


class IncomeKind(models.TextChoices):
    SALARY = "salary", "Lön"
    SICKNESS_BENEFIT = "sickness_benefit", "Sjukpenning eller rehabiliteringspenning"
    SICKNESS_COMPENSATION = "sickness_compensation", "Sjuk- eller aktivitetsersättning"
    PARENTAL_BENEFIT = "parental_benefit", "Föräldrapenning"
    HOUSING_ALLOWANCE = "housing_allowance", "Bostadsbidrag"
    CHILD_ALLOWANCE = "child_allowance", "Barnbidrag"
    MAINTENANCE_SUPPORT = "maintenance_support", "Underhållsstöd"
    ACTIVITY_SUPPORT = "activity_support", "Aktivitetsstöd eller utvecklingsersättning"
    ESTABLISHMENT_ALLOWANCE = "establishment_allowance", "Etableringsersättning"
    PENSION = "pension", "Pension"
    HOUSING_SUPPLEMENT = "housing_supplement", "Bostadstillägg"
    UNEMPLOYMENT = "unemployment", "Arbetslöshetsersättning"
    OTHER = "other", "Annan inkomst"


#: Which payer each kind of income comes from (the first is the usual one). ``OTHER`` may come from anyone.
INCOME_SOURCES: dict[str, tuple[str, ...]] = {
    IncomeKind.SALARY: (IncomeSource.EMPLOYER, IncomeSource.OTHER),
    IncomeKind.SICKNESS_BENEFIT: (IncomeSource.FK,),
    IncomeKind.SICKNESS_COMPENSATION: (IncomeSource.FK,),
    IncomeKind.PARENTAL_BENEFIT: (IncomeSource.FK,),
    IncomeKind.HOUSING_ALLOWANCE: (IncomeSource.FK,),
    IncomeKind.CHILD_ALLOWANCE: (IncomeSource.FK,),
    IncomeKind.MAINTENANCE_SUPPORT: (IncomeSource.FK,),
    IncomeKind.ACTIVITY_SUPPORT: (IncomeSource.FK,),
    IncomeKind.ESTABLISHMENT_ALLOWANCE: (IncomeSource.FK,),
    IncomeKind.PENSION: (IncomeSource.PM, IncomeSource.OTHER),
    IncomeKind.HOUSING_SUPPLEMENT: (IncomeSource.PM, IncomeSource.FK),
    IncomeKind.UNEMPLOYMENT: (IncomeSource.UNEMPLOYMENT_FUND,),
    IncomeKind.OTHER: tuple(IncomeSource.values),
}


class DeclaredIncome(models.Model):
    """An income the applicant declared for a household member for the month."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="incomes")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="avser")
    source = models.CharField("utbetalare", max_length=20, choices=IncomeSource.choices)
    kind = models.CharField("slag", max_length=30, choices=IncomeKind.choices)
    amount = models.DecimalField("belopp", max_digits=12, decimal_places=2)
    received_on = models.DateField("utbetald", null=True, blank=True)
    description = models.CharField("beskrivning", max_length=200, blank=True)

    class Meta:
        verbose_name = "uppgiven inkomst"
        verbose_name_plural = "uppgivna inkomster"
        ordering = ["pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="assistance_income_not_negative")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"


class CostKind(models.TextChoices):
    RENT = "rent", "Hyra eller boendekostnad"
    ELECTRICITY = "electricity", "Hushållsel"
    HOME_INSURANCE = "home_insurance", "Hemförsäkring"
    TRAVEL = "travel", "Arbetsresor"
    UNION_FEE = "union_fee", "Fackavgift och a-kassa"
    CHILDCARE = "childcare", "Barnomsorg"
    MEDICAL = "medical", "Läkarvård och medicin"
    DENTAL = "dental", "Tandvård"
    OTHER = "other", "Annan kostnad"


class DeclaredCost(models.Model):
    """A cost the applicant declared for the month (skäliga kostnader utanför riksnormen)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="costs")
    kind = models.CharField("slag", max_length=20, choices=CostKind.choices)
    amount = models.DecimalField("belopp", max_digits=12, decimal_places=2)
    description = models.CharField("beskrivning", max_length=200, blank=True)

    class Meta:
        verbose_name = "uppgiven kostnad"
        verbose_name_plural = "uppgivna kostnader"
        ordering = ["pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="assistance_cost_not_negative")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"


class PaymentKind(models.TextChoices):
    SUBSISTENCE = "subsistence", "Försörjningsstöd"
    OTHER_LIVING = "other_living", "Livsföring i övrigt"
    DISCRETIONARY = "discretionary", "Bistånd utöver (12 kap. 2 § SoL)"


class Payment(models.Model):
    """One payment of ekonomiskt bistånd.

    The natural key (organisation, recipient, kind, covered period, amount) is unique in the
    database, so the same payment can never be stored twice; ``services.payment_register`` also
    refuses overlapping duplicates (see there).
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="assistance_payments")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="payments")
    recipient = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="mottagare")
    kind = models.CharField("slag", max_length=16, choices=PaymentKind.choices)
    amount = models.DecimalField("belopp", max_digits=12, decimal_places=2)
    period_start = models.DateField("avser från")
    period_end = models.DateField("avser till")
    paid_on = models.DateField("utbetald")
    #: An advance (förskott) on an awaited benefit: which benefit (code of the återsökning table).
    advance_benefit = models.CharField(
        "förskott i avvaktan på förmån", max_length=40, choices=BENEFIT_CHOICES, blank=True
    )
    #: The written decision told the person the advance would be reclaimed (SoL (2025:400) 33 kap. 2 §).
    advance_written_notice = models.BooleanField("skriftligt beslut om återbetalning", default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "utbetalning av ekonomiskt bistånd"
        verbose_name_plural = "utbetalningar av ekonomiskt bistånd"
        ordering = ["-paid_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "recipient", "kind", "period_start", "period_end", "amount"],
                name="assistance_payment_natural_key",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="assistance_payment_not_negative"),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="assistance_payment_period_ordered"
            ),
            models.CheckConstraint(
                condition=Q(advance_written_notice=False) | ~Q(advance_benefit=""),
                name="assistance_payment_notice_needs_advance",
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "period_start"]),
            models.Index(fields=["organisation", "paid_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} ({self.paid_on})"

    @property
    def is_advance(self) -> bool:
        return bool(self.advance_benefit)


class Repayment(models.Model):
    """Bistånd the person paid back on one payment.

    Återsökning deducts it: the nämnd may take the retroactive benefit only "till den del den
    ersättningsberättigade inte har återbetalat biståndet" (SFB 107 kap. 5 §). Written only by
    ``services.repayment_register``, which keeps the sum of a payment's repayments within its amount.
    """

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="repayments")
    amount = models.DecimalField("belopp", max_digits=12, decimal_places=2)
    repaid_on = models.DateField("återbetald")
    note = models.CharField("anteckning", max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("registrerad")

    class Meta:
        verbose_name = "återbetalning av ekonomiskt bistånd"
        verbose_name_plural = "återbetalningar av ekonomiskt bistånd"
        ordering = ["repaid_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="assistance_repayment_positive"),
        ]

    def __str__(self) -> str:
        return f"Återbetalning {self.amount} ({self.repaid_on})"


class ControlRun(models.Model):
    """One monthly control run over the aktuella ärenden of a socialnämnd; resumable."""

    class Status(models.TextChoices):
        RUNNING = "running", "Pågår"
        COMPLETED = "completed", "Klar"
        FAILED = "failed", "Avbruten"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    month = models.DateField("månad")
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField("startad")
    finished_at = models.DateTimeField("klar", null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cases_total = models.PositiveIntegerField("ärenden", default=0)
    created_count = models.PositiveIntegerField("nya resultat", default=0)
    changed_count = models.PositiveIntegerField("ändrade resultat", default=0)
    unchanged_count = models.PositiveIntegerField("oförändrade resultat", default=0)
    error = models.TextField("fel", blank=True)

    class Meta:
        verbose_name = "kontrollkörning"
        verbose_name_plural = "kontrollkörningar"
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "month"],
                condition=Q(status="running"),
                name="assistance_one_running_control_run",
            )
        ]

    def __str__(self) -> str:
        return f"Kontrollkörning {self.month:%Y-%m} ({self.get_status_display()})"


class ControlRunCase(models.Model):
    """Done-marker: this case is finished in this run (a restarted run skips it)."""

    run = models.ForeignKey(ControlRun, on_delete=models.CASCADE, related_name="done_cases")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    done_at = models.DateTimeField()
    created_count = models.PositiveIntegerField(default=0)
    changed_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "klart ärende i kontrollkörning"
        verbose_name_plural = "klara ärenden i kontrollkörning"
        constraints = [models.UniqueConstraint(fields=["run", "case"], name="assistance_run_case_unique")]


class ControlRunDisclosure(models.Model):
    """The gate request a run made for one case, person and agency: a rerun after a crash reuses it.

    Stored in the same transaction as the request, so a request is never made twice for the same
    (run, case, person, agency) however the run was interrupted.
    """

    run = models.ForeignKey(ControlRun, on_delete=models.CASCADE, related_name="disclosures")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    discloser = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey("disclosures.DisclosureRequest", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "begäran i kontrollkörning"
        verbose_name_plural = "begäranden i kontrollkörning"
        constraints = [
            models.UniqueConstraint(
                fields=["run", "case", "person", "discloser"], name="assistance_run_disclosure_unique"
            )
        ]


class ControlResult(models.Model):
    """The result of one control for one household member in one month (upserted, one row per key).

    The key is (case, month, person, control code, source): the same control is made against
    Försäkringskassan and Pensionsmyndigheten.
    """

    class Result(models.TextChoices):
        OK = "ok", "Stämmer"
        ATTENTION = "attention", "Behöver bedömas"
        MISSING = "missing", "Saknas"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="assistance_control_results")
    month = models.DateField("månad")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    code = models.CharField("kontroll", max_length=60)
    application = models.ForeignKey(
        Application, on_delete=models.SET_NULL, null=True, blank=True, related_name="control_results"
    )
    member_label = models.CharField("hushållsmedlem", max_length=60)
    position = models.PositiveIntegerField("ordning", default=0)
    result = models.CharField("resultat", max_length=10, choices=Result.choices)
    title = models.CharField("rubrik", max_length=200)
    explanation = models.TextField("förklaring")
    source = models.CharField("källa", max_length=20)
    data_date = models.DateField("uppgifternas datum", null=True, blank=True)
    citations = models.TextField("lagstöd", blank=True)
    #: Side-by-side figures: lists of {label, amount, on, period_start, period_end} (amounts as strings).
    received = models.JSONField("utbetalt enligt källan", default=list)
    declared = models.JSONField("uppgett av sökanden", default=list)
    received_total = models.DecimalField("utbetalt totalt", max_digits=12, decimal_places=2, null=True, blank=True)
    declared_total = models.DecimalField("uppgett totalt", max_digits=12, decimal_places=2, null=True, blank=True)
    #: The gate request the data came from (DisclosureRequest pk), for traceability.
    disclosure_request_id = models.BigIntegerField("utlämnande", null=True, blank=True)
    computed_on = models.DateField("kontrollerad")
    run = models.ForeignKey(ControlRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="results")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "kontrollresultat"
        verbose_name_plural = "kontrollresultat"
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "month", "person", "code", "source"], name="assistance_control_result_key"
            )
        ]
        indexes = [models.Index(fields=["organisation", "month", "result"])]

    def __str__(self) -> str:
        return f"{self.title}: {self.get_result_display()}"
