"""The controls a case worker makes for ekonomiskt bistånd, month by month (docs/domain.md §9; seeds 000, 001).

Sources:

- Socialtjänstlagen (2025:400) 12 kap. 1 § (before 2025-07-01: SoL (2001:453) 4 kap. 1 §): the
  right to bistånd when the need cannot be met in another way. The applicant must therefore
  **first seek the general benefits** they may be entitled to (seed 000: "ska i första hand söka
  generella ersättningar och förmåner"), and a person able to work must be at the labour
  market's disposal: registered at Arbetsförmedlingen and actively seeking work (seed 001).
- Förordning (2008:975) om uppgiftsskyldighet i vissa fall enligt socialtjänstlagen, under SoL
  (2025:400) 15 kap. 10–11 §§ (before 2025-07-01: SoL (2001:453) 11 kap. 11 och 11 a §§):
  3 § Försäkringskassan and 7 § Pensionsmyndigheten (applications, benefits granted, period,
  amount, date of payment), 4 § the a-kassor (payments), 5 § Arbetsförmedlingen (registration,
  a-kassa, job-seeker category, programme, latest activity report, etableringsersättning); 2 §
  Centrala studiestödsnämnden (studiestöd: form, period, amount, date of payment) and 6 § Skatteverket
  (income of tjänst and näringsverksamhet, slutlig skatt, skatteåterbäring, kvarskatt) under SoL
  (2025:400) 15 kap. 10 och 12 §§ (before 2025-07-01: SoL (2001:453) 11 kap. 11 och 11 b §§).

**Nothing is decided here.** Each control compares what the gate released with what the
applicant declared and reports ``ok``, ``attention`` (something for the case worker to look at
and assess) or ``missing`` (the check could not be made: the source did not answer, or there
was no basis to ask it; or, for the AF registration, the registration itself is missing). The
case worker assesses every result; no decision on bistånd follows from it automatically.

Readings chosen here:

- **Rounding tolerance** of :data:`ROUNDING_TOLERANCE_PER_PAYMENT` (5 kr) per payment received:
  applicants often declare whole kronor or round to the nearest ten, which moves an amount by at
  most 5 kr. A larger difference is shown for assessment; a smaller one is ok and its size shown.
- **Latest activity report older than** :data:`ACTIVITY_REPORT_MAX_AGE_DAYS` (45) days needs
  attention. The report is due monthly between the 1st and the 14th (Arbetsförmedlingen,
  "Aktivitetsrapportera"), so up to 44 days between two reports is normal. People with an
  etableringsplan report less often; the explanation says so.
- **Etableringsersättning** granted for a period is spread over the period by calendar days to
  estimate the month's share when FK's payments are not in the data; the estimate is labelled.
- A payment belongs to the month it was paid in (``paid_on``); declared incomes are those the
  applicant declared for the month controlled.
- **Studiestöd** paid in the month (studiemedel as bidrag or lån, a hemutrustningslån) is compared
  with what the applicant declared as studiestöd: studiemedel are meant to support the student, so
  studies with studiemedel while applying for bistånd need the case worker's assessment.
- **Skatteåterbäring** paid out in the month is compared with what was declared as such; it is money
  the household has that month.
- **Taxed income** in Skatteverket's latest decision on slutlig skatt (a past income year) is not
  compared by amount with the month's declaration: when it shows income of tjänst or of
  näringsverksamhet and the applicant declared no lön for the month, the case worker asks whether
  the work or the business goes on.
"""

from __future__ import annotations

from samverkan.domain.controls.prompts import PENSION_PROMPT_AGE, general_benefit_prompts
from samverkan.domain.controls.records import (
    ACTIVITY_REPORT_MAX_AGE_DAYS,
    ASSESSMENT_NOTE,
    ROUNDING_TOLERANCE_PER_PAYMENT,
    AfRecords,
    ApplicationStatus,
    BenefitApplication,
    BenefitRecords,
    ControlOutcome,
    ControlResult,
    DeclaredIncome,
    EstablishmentAllowanceGrant,
    Figure,
    HouseholdMember,
    IncomeKind,
    JobseekerCategory,
    Payment,
    ProgrammeParticipation,
    Source,
    StudySupportRecords,
    TaxRecords,
    Unavailable,
    UnemploymentFundRecords,
)
from samverkan.domain.controls.running import run_controls, summary

__all__ = [
    "ACTIVITY_REPORT_MAX_AGE_DAYS",
    "ASSESSMENT_NOTE",
    "PENSION_PROMPT_AGE",
    "ROUNDING_TOLERANCE_PER_PAYMENT",
    "AfRecords",
    "ApplicationStatus",
    "BenefitApplication",
    "BenefitRecords",
    "ControlOutcome",
    "ControlResult",
    "DeclaredIncome",
    "EstablishmentAllowanceGrant",
    "Figure",
    "HouseholdMember",
    "IncomeKind",
    "JobseekerCategory",
    "Payment",
    "ProgrammeParticipation",
    "Source",
    "StudySupportRecords",
    "TaxRecords",
    "Unavailable",
    "UnemploymentFundRecords",
    "general_benefit_prompts",
    "run_controls",
    "summary",
]
