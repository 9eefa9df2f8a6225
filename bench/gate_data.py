"""The requests of bench/gate.py (generated, deterministic by seed) and the timing both sections use."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from samverkan.domain.consent import ConsentForm, ConsentRecord
from samverkan.domain.disclosure import (
    CATEGORIES,
    DisclosureRequest,
)
from samverkan.domain.organisations import OrganisationType as O

# --- Request generation --------------------------------------------------------------------------

FK_PM_DUTY = [
    "identity",
    "application_submitted",
    "benefit_granted",
    "payment_period",
    "payment_amount",
    "payment_date",
]
AF_DUTY = [
    "identity",
    "jobseeker_registration",
    "unemployment_fund_membership",
    "jobseeker_category",
    "labour_market_programme",
    "activity_report_date",
    "establishment_allowance_entitlement",
    "establishment_allowance_grant",
    "establishment_allowance_change",
]
#: The a-kassa's list, förordningen (2008:975) 4 §, read as built like 3 § (ersättning for förmån): identity, an
#: application made, the ersättning granted, its period and extent, the amount and the day paid; and the summary
#: code "utbetald arbetslöshetsersättning" of before the split.
UNEMPLOYMENT_FUND_DUTY = [
    "identity",
    "application_submitted",
    "benefit_granted",
    "payment_period",
    "payment_amount",
    "payment_date",
    "unemployment_benefit_payment",
]
#: Centrala studiestödsnämnden, förordningen (2008:975) 2 § första stycket 1–9: namn och nummer; att ansökan om
#: studiestöd lämnats in; vilken form som sökts, beviljats, betalats ut; för vilken tidsperiod; omfattningen;
#: belopp per form; belopp för lån till hemutrustning; datum för utbetalning; studiemedel på grundskolenivå.
CSN_DUTY = [
    "identity",
    "study_support_application",
    "study_support_form",
    "study_support_period",
    "study_support_extent",
    "study_support_amount",
    "home_equipment_loan_amount",
    "study_support_payment_date",
    "study_support_compulsory_school",
]
#: Skatteverket, förordningen (2008:975) 6 § (SoL 15 kap. 12 §), as the project reads it: namn och nummer,
#: inkomst av tjänst, inkomst av näringsverksamhet, beslut om slutlig skatt, skatteåterbäring och kvarskatt.
TAX_AGENCY_DUTY = [
    "identity",
    "employment_income",
    "business_income",
    "final_tax_assessment",
    "tax_refund",
    "residual_tax",
]
REHAB = ["rehab_plan", "work_capacity_assessment", "review_meeting_minutes", "sick_leave_certificate"]
ALL_CODES = sorted(CATEGORIES)
FIRST_DAY = dt.date(2025, 1, 1)


def _day(rnd: random.Random, span: int = 730) -> dt.date:
    return FIRST_DAY + dt.timedelta(days=rnd.randrange(span))


def _consent(
    rnd: random.Random, discloser: O, requester: O, codes: Sequence[str], on: dt.date, n: int
) -> ConsentRecord:
    """A consent that usually counts, sometimes with one realistic flaw."""
    start = on - dt.timedelta(days=rnd.randrange(0, 200))
    end: dt.date | None = start + dt.timedelta(days=rnd.randrange(30, 365))
    withdrawn: dt.date | None = None
    recorded_by, recipient, covered = discloser, requester, list(codes)
    flaw = rnd.random()
    if flaw < 0.08:
        withdrawn = on - dt.timedelta(days=rnd.randrange(0, 30))
    elif flaw < 0.16:
        recorded_by = requester  # the requesting agency says the person consented: no basis
    elif flaw < 0.22:
        covered = [rnd.choice(ALL_CODES)]
    elif flaw < 0.28:
        end = on - dt.timedelta(days=1)
        start = min(start, end)
    elif flaw < 0.32:
        end = None
    return ConsentRecord(
        recorded_by=recorded_by,
        recipient=recipient,
        categories=tuple(covered),
        purpose="utredning av ekonomiskt bistånd",
        valid_from=start,
        valid_to=end,
        form=ConsentForm.WRITTEN,
        withdrawn_on=withdrawn,
        id=n,
    )


def generate_requests(count: int, seed: int = 2026) -> list[DisclosureRequest]:
    """A realistic mix: most requests are socialtjänstens duty lookups (as SSBTEK), the rest consent-based."""
    rnd = random.Random(seed)
    made: list[DisclosureRequest] = []
    consent_no = 0
    for _ in range(count):
        on = _day(rnd)
        kind = rnd.random()
        consents: list[ConsentRecord] = []
        if kind < 0.55:  # socialtjänsten checks benefits and job-seeker status
            discloser = rnd.choice([O.FK, O.FK, O.PM, O.AF, O.UNEMPLOYMENT_FUND, O.CSN, O.TAX_AGENCY])
            pool = {
                O.AF: AF_DUTY,
                O.UNEMPLOYMENT_FUND: UNEMPLOYMENT_FUND_DUTY,
                O.CSN: CSN_DUTY,
                O.TAX_AGENCY: TAX_AGENCY_DUTY,
            }.get(discloser, FK_PM_DUTY)
            codes = rnd.sample(pool, rnd.randint(2, len(pool)))
            if rnd.random() < 0.15:
                codes.append(rnd.choice(["health_information", "case_notes", "sgi"]))
            requester, handles, active = O.SOCIAL_SERVICES, rnd.random() < 0.92, rnd.random() < 0.9
        elif kind < 0.75:  # vård or arbetsgivare asks FK in a rehabilitation
            discloser, requester = O.FK, rnd.choice([O.HEALTHCARE, O.EMPLOYER, O.SOCIAL_SERVICES])
            codes = rnd.sample(REHAB, rnd.randint(1, 3))
            handles, active = requester is O.SOCIAL_SERVICES, rnd.random() < 0.5
        elif kind < 0.9:  # socialtjänsten asks AF for more than the list: AF's own review
            discloser, requester = O.AF, O.SOCIAL_SERVICES
            codes = rnd.sample(AF_DUTY, 2) + rnd.sample(
                ["case_notes", "health_information", "work_capacity_assessment"], 1
            )
            handles, active = True, rnd.random() < 0.9
        else:  # anything
            discloser, requester = rnd.choice(list(O)), rnd.choice(list(O))
            codes = rnd.sample(ALL_CODES, rnd.randint(1, 4))
            handles, active = rnd.random() < 0.5, rnd.random() < 0.5
        for _ in range(rnd.choice([0, 0, 1, 1, 2, 3]) if kind >= 0.55 else rnd.choice([0, 0, 0, 1])):
            consent_no += 1
            consents.append(
                _consent(rnd, discloser, requester, rnd.sample(codes, max(1, len(codes) // 2)), on, consent_no)
            )
        made.append(
            DisclosureRequest(
                date=on,
                requester=requester,
                requester_handles_assistance=handles,
                discloser=discloser,
                active_case=active,
                categories=tuple(codes),
                consents=tuple(consents),
            )
        )
    return made


# --- Timing --------------------------------------------------------------------------------------


@dataclass
class Timing:
    label: str
    requests: int
    category_decisions: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else float("inf")

    @property
    def categories_per_second(self) -> float:
        return self.category_decisions / self.seconds if self.seconds else float("inf")


def _best_of(repeat: int, run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best
