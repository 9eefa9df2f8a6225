"""The agencies' own records, each owned by its organisation.

Försäkringskassan and Pensionsmyndigheten: benefit applications, decisions (also retroactive,
with decision and payout dates) and payments. Arbetsförmedlingen: job-seeker registration,
category, labour-market programmes, activity reports, etableringsersättning. An a-kassa: decisions and
payments. Centrala studiestödsnämnden: studiestöd granted and paid. Skatteverket: decisions on slutlig skatt,
skatteåterbäring and kvarskatt (both by system integration only: no officials of theirs use Samverkan).

Only the owning organisation's officials read and write these rows directly; every other
organisation sees them only through the secrecy gate (``samverkan.disclosures``).
Money is ``Decimal`` with two decimals, in kronor.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from samverkan.accounts.models import Organisation
from samverkan.people.models import Person


class AgencyRecord(models.Model):
    """Fields every agency record has: its owner, its person, and where it came from."""

    class Source(models.TextChoices):
        MANUAL = "manual", "Registrerad i Samverkan"
        SANDBOX = "sandbox", "Syntetisk sandlåda"
        FILE = "file", "Filimport"
        HTTP = "http", "Myndighetens API"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    source = models.CharField("källa", max_length=10, choices=Source.choices, default=Source.MANUAL)
    #: The agency's own identifier of the record; makes imports idempotent.
    external_id = models.CharField("myndighetens id", max_length=80)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


def _unique_external(name: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(fields=["organisation", "external_id"], name=f"{name}_external_unique")


def _period_check(name: str, start: str = "period_start", end: str = "period_end") -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": F(start)}), name=f"{name}_period_ordered"
    )


class BenefitApplication(AgencyRecord):
    """That an application or report for a benefit was made (förordning 2008:975 3 § p. 2)."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Inkommen"
        DECIDED = "decided", "Beslutad"
        WITHDRAWN = "withdrawn", "Återkallad"

    benefit = models.CharField("förmån", max_length=40)
    submitted_on = models.DateField("inkom")
    status = models.CharField("status", max_length=12, choices=Status.choices, default=Status.SUBMITTED)

    class Meta:
        verbose_name = "ansökan om förmån"
        verbose_name_plural = "ansökningar om förmåner"
        constraints = [_unique_external("benefitapplication")]
        indexes = [models.Index(fields=["person", "submitted_on"])]


class BenefitDecision(AgencyRecord):
    """A decision granting (or refusing) a benefit, possibly for a retroactive period."""

    class Outcome(models.TextChoices):
        GRANTED = "granted", "Beviljad"
        REFUSED = "refused", "Avslagen"
        CHANGED = "changed", "Ändrad"

    benefit = models.CharField("förmån", max_length=40)
    outcome = models.CharField("utfall", max_length=10, choices=Outcome.choices, default=Outcome.GRANTED)
    decision_date = models.DateField("beslutsdatum")
    period_start = models.DateField("period från")
    period_end = models.DateField("period till", null=True, blank=True)
    monthly_amount = models.DecimalField("belopp per månad", max_digits=12, decimal_places=2, null=True, blank=True)
    extent = models.CharField("omfattning", max_length=40, blank=True, help_text="t.ex. hel, 3/4, 1/2, 1/4")
    #: Retroactive part: net amount payable for past time and the day it is paid out.
    retroactive_amount = models.DecimalField(
        "retroaktivt belopp (netto)", max_digits=12, decimal_places=2, null=True, blank=True
    )
    retroactive_start = models.DateField("retroaktiv period från", null=True, blank=True)
    retroactive_end = models.DateField("retroaktiv period till", null=True, blank=True)
    payout_date = models.DateField("utbetalningsdag", null=True, blank=True)

    class Meta:
        verbose_name = "beslut om förmån"
        verbose_name_plural = "beslut om förmåner"
        constraints = [
            _unique_external("benefitdecision"),
            _period_check("benefitdecision"),
            _period_check("benefitdecision_retro", "retroactive_start", "retroactive_end"),
            models.CheckConstraint(
                condition=Q(retroactive_amount__isnull=True) | Q(retroactive_amount__gte=0),
                name="benefitdecision_retro_amount_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["person", "decision_date"]), models.Index(fields=["payout_date"])]

    @property
    def is_retroactive(self) -> bool:
        return self.retroactive_amount is not None and self.retroactive_start is not None


class BenefitPayment(AgencyRecord):
    """A payment of a benefit: period, amount and date (förordning 2008:975 3 § p. 4–6)."""

    benefit = models.CharField("förmån", max_length=40)
    period_start = models.DateField("avser från")
    period_end = models.DateField("avser till")
    amount = models.DecimalField("belopp", max_digits=12, decimal_places=2)
    paid_on = models.DateField("utbetald")

    class Meta:
        verbose_name = "utbetalning av förmån"
        verbose_name_plural = "utbetalningar av förmåner"
        constraints = [
            _unique_external("benefitpayment"),
            _period_check("benefitpayment"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="benefitpayment_amount_not_negative"),
        ]
        indexes = [models.Index(fields=["person", "paid_on"])]


class JobseekerRegistration(AgencyRecord):
    """Registration at Arbetsförmedlingen (förordning 2008:975 5 § p. 2–4)."""

    class Category(models.TextChoices):
        OPENLY_UNEMPLOYED = "openly_unemployed", "Öppet arbetslös"
        WITH_OBSTACLES = "with_obstacles", "Arbetssökande med förhinder"
        IN_PROGRAMME = "in_programme", "Sökande i program"
        OTHER = "other", "Annan sökandekategori"

    registered_from = models.DateField("inskriven från")
    registered_to = models.DateField("avaktualiserad", null=True, blank=True)
    category = models.CharField("sökandekategori", max_length=20, choices=Category.choices)
    unemployment_fund = models.CharField("a-kassa enligt registrering", max_length=120, blank=True)

    class Meta:
        verbose_name = "inskrivning som arbetssökande"
        verbose_name_plural = "inskrivningar som arbetssökande"
        constraints = [
            _unique_external("jobseekerregistration"),
            _period_check("jobseekerregistration", "registered_from", "registered_to"),
        ]


class LabourMarketProgramme(AgencyRecord):
    """Participation in an arbetsmarknadspolitiskt program (5 § p. 5)."""

    name = models.CharField("program", max_length=120)
    period_start = models.DateField("från")
    period_end = models.DateField("till", null=True, blank=True)

    class Meta:
        verbose_name = "arbetsmarknadspolitiskt program"
        verbose_name_plural = "arbetsmarknadspolitiska program"
        constraints = [_unique_external("labourmarketprogramme"), _period_check("labourmarketprogramme")]


class ActivityReport(AgencyRecord):
    """An aktivitetsrapport that reached Arbetsförmedlingen (5 § p. 6)."""

    submitted_on = models.DateField("inkom")
    report_month = models.DateField("avser månad")

    class Meta:
        verbose_name = "aktivitetsrapport"
        verbose_name_plural = "aktivitetsrapporter"
        constraints = [_unique_external("activityreport")]
        indexes = [models.Index(fields=["person", "submitted_on"])]


class EstablishmentAllowanceDecision(AgencyRecord):
    """Etableringsersättning: entitlement, amount, period, extent, changes (5 § p. 7–9)."""

    entitled = models.BooleanField("rätt till etableringsersättning")
    decision_date = models.DateField("beslutsdatum")
    monthly_amount = models.DecimalField("belopp per månad", max_digits=12, decimal_places=2, null=True, blank=True)
    period_start = models.DateField("period från", null=True, blank=True)
    period_end = models.DateField("period till", null=True, blank=True)
    extent = models.CharField("omfattning", max_length=40, blank=True)
    changed = models.BooleanField("beslutet har ändrats", default=False)

    class Meta:
        verbose_name = "beslut om etableringsersättning"
        verbose_name_plural = "beslut om etableringsersättning"
        constraints = [_unique_external("establishmentallowance"), _period_check("establishmentallowance")]


class UnemploymentFundPayment(AgencyRecord):
    """A payment of arbetslöshetsersättning by an a-kassa."""

    period_start = models.DateField("avser från")
    period_end = models.DateField("avser till")
    amount = models.DecimalField("belopp", max_digits=12, decimal_places=2)
    paid_on = models.DateField("utbetald")

    class Meta:
        verbose_name = "utbetalning från a-kassa"
        verbose_name_plural = "utbetalningar från a-kassa"
        constraints = [
            _unique_external("unemploymentfundpayment"),
            _period_check("unemploymentfundpayment"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="unemploymentfundpayment_amount_not_negative"),
        ]
        indexes = [models.Index(fields=["person", "paid_on"])]


class UnemploymentFundDecision(AgencyRecord):
    """A decision on arbetslöshetsersättning by an a-kassa (förordning 2008:975 4 §, read as 3 § p. 3–5)."""

    class Outcome(models.TextChoices):
        GRANTED = "granted", "Beviljad"
        REFUSED = "refused", "Avslagen"
        CHANGED = "changed", "Ändrad"

    outcome = models.CharField("utfall", max_length=10, choices=Outcome.choices, default=Outcome.GRANTED)
    decision_date = models.DateField("beslutsdatum")
    period_start = models.DateField("ersättningsperiod från")
    period_end = models.DateField("ersättningsperiod till", null=True, blank=True)
    daily_amount = models.DecimalField("dagpenning per dag", max_digits=12, decimal_places=2, null=True, blank=True)
    extent = models.CharField("omfattning", max_length=40, blank=True)

    class Meta:
        verbose_name = "beslut om arbetslöshetsersättning"
        verbose_name_plural = "beslut om arbetslöshetsersättning"
        constraints = [_unique_external("unemploymentfunddecision"), _period_check("unemploymentfunddecision")]
        indexes = [models.Index(fields=["person", "decision_date"])]


class StudySupportForm(models.TextChoices):
    """Forms of studiestöd (förordning 2008:975 2 § p. 3) and the hemutrustningslån (p. 7)."""

    STUDY_GRANT = "study_grant", "Studiemedel, bidrag"
    STUDY_LOAN = "study_loan", "Studiemedel, lån"
    HOME_EQUIPMENT_LOAN = "home_equipment_loan", "Lån till hemutrustning"


class StudySupportDecision(AgencyRecord):
    """Studiestöd granted by Centrala studiestödsnämnden: form, period, extent, amount (2 § p. 3–6, 9)."""

    class Extent(models.TextChoices):
        FULL = "100", "Heltid (100 %)"
        THREE_QUARTERS = "75", "75 %"
        HALF = "50", "Halvtid (50 %)"

    form = models.CharField("form av stöd", max_length=30, choices=StudySupportForm.choices)
    decision_date = models.DateField("beslutsdatum")
    period_start = models.DateField("period från")
    period_end = models.DateField("period till")
    extent = models.CharField("omfattning", max_length=4, choices=Extent.choices, default=Extent.FULL)
    amount = models.DecimalField("beviljat belopp för perioden", max_digits=12, decimal_places=2)
    compulsory_school = models.BooleanField("studier på grundskolenivå", default=False)

    class Meta:
        verbose_name = "beslut om studiestöd"
        verbose_name_plural = "beslut om studiestöd"
        constraints = [
            _unique_external("studysupportdecision"),
            _period_check("studysupportdecision"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="studysupportdecision_amount_not_negative"),
        ]
        indexes = [models.Index(fields=["person", "decision_date"])]


class StudySupportPayment(AgencyRecord):
    """A payment of studiestöd or of a hemutrustningslån (2 § p. 3, 4, 6–8)."""

    form = models.CharField("form av stöd", max_length=30, choices=StudySupportForm.choices)
    period_start = models.DateField("avser från")
    period_end = models.DateField("avser till")
    amount = models.DecimalField("belopp", max_digits=12, decimal_places=2)
    paid_on = models.DateField("utbetald")

    class Meta:
        verbose_name = "utbetalning av studiestöd"
        verbose_name_plural = "utbetalningar av studiestöd"
        constraints = [
            _unique_external("studysupportpayment"),
            _period_check("studysupportpayment"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="studysupportpayment_amount_not_negative"),
        ]
        indexes = [models.Index(fields=["person", "paid_on"])]


class TaxAssessment(AgencyRecord):
    """Skatteverket's decision on slutlig skatt for an income year: income of tjänst and näringsverksamhet (6 §)."""

    income_year = models.CharField("inkomstår", max_length=4)
    decision_date = models.DateField("beslutsdatum")
    employment_income = models.DecimalField("inkomst av tjänst", max_digits=12, decimal_places=2)
    business_income = models.DecimalField(
        "inkomst av näringsverksamhet", max_digits=12, decimal_places=2, null=True, blank=True
    )
    final_tax = models.DecimalField("slutlig skatt", max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = "beslut om slutlig skatt"
        verbose_name_plural = "beslut om slutlig skatt"
        constraints = [_unique_external("taxassessment")]
        indexes = [models.Index(fields=["person", "decision_date"])]


class TaxSettlement(AgencyRecord):
    """A skatteåterbäring paid out, or a kvarskatt due, after the decision on slutlig skatt (6 §)."""

    class Settlement(models.TextChoices):
        REFUND = "refund", "Skatteåterbäring"
        RESIDUAL = "residual", "Kvarskatt"

    income_year = models.CharField("inkomstår", max_length=4)
    settlement = models.CharField("slag", max_length=10, choices=Settlement.choices)
    amount = models.DecimalField("belopp", max_digits=12, decimal_places=2)
    due_on = models.DateField("utbetalningsdag eller förfallodag")

    class Meta:
        verbose_name = "skatteåterbäring eller kvarskatt"
        verbose_name_plural = "skatteåterbäringar och kvarskatter"
        constraints = [
            _unique_external("taxsettlement"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="taxsettlement_amount_not_negative"),
        ]
        indexes = [models.Index(fields=["person", "due_on"])]


class Notice(models.Model):
    """A proactive notice ("på eget initiativ") from an agency to a socialnämnd.

    Written with status ``pending`` in the same transaction as the record that caused it, so it
    is never lost when the background worker is down; the worker (or ``samverkan notices
    deliver``) sends it through the secrecy gate (``disclosure_proactive``) and stores only what
    the gate released in ``items``. Delivery is idempotent: the status changes from ``pending``
    exactly once. Until then ``payload`` holds the agency's own view of the event; on delivery it
    is emptied, so the row keeps only what was disclosed.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Väntar på leverans"
        DELIVERED = "delivered", "Levererat"
        WITHHELD = "withheld", "Inget lämnades ut"

    discloser = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="avsändande myndighet"
    )
    recipient = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="mottagande socialnämnd"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="person")
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="+", verbose_name="aktuellt ärende hos mottagaren"
    )
    #: The agency event (samverkan.domain.disclosure.AgencyEventKind) and the record that caused it.
    event = models.CharField("händelse", max_length=40)
    event_date = models.DateField("händelsedag")
    record_kind = models.CharField("posttyp", max_length=40)
    record_id = models.BigIntegerField("postens id")
    categories = models.JSONField("uppgiftskategorier att lämna", default=list)
    urgent = models.BooleanField("brådskande (retroaktiv ersättning)", default=False)
    explanation = models.TextField("skäl att lämna uppgifterna på eget initiativ", blank=True)
    payload = models.JSONField("uppgifterna före sekretessprövning", default=list, blank=True)
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.PENDING)
    released_categories = models.JSONField("utlämnade kategorier", default=list, blank=True)
    items = models.JSONField("utlämnade uppgifter", default=list, blank=True)
    gate_request_id = models.BigIntegerField("begäran i sekretessgrinden", null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="registrerad av",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField("leveransförsök", default=0)
    last_error = models.TextField("senaste fel", blank=True)
    delivered_at = models.DateTimeField("levererat", null=True, blank=True)
    read_at = models.DateTimeField("läst", null=True, blank=True)
    read_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="läst av"
    )

    class Meta:
        verbose_name = "meddelande på eget initiativ"
        verbose_name_plural = "meddelanden på eget initiativ"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["record_kind", "record_id", "case"], name="notice_once_per_record_and_case")
        ]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["recipient", "status", "read_at"]),
        ]

    def __str__(self) -> str:
        return f"Meddelande {self.pk} från {self.discloser_id} till {self.recipient_id}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None
