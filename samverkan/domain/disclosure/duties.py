"""The duty table: who must disclose what to socialnämnden, on which conditions and statutes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from samverkan.domain.consent import add_months
from samverkan.domain.disclosure.catalogue import CATEGORIES
from samverkan.domain.organisations import OrganisationType
from samverkan.domain.statutes import (
    F_2008_975_2,
    F_2008_975_3,
    F_2008_975_4,
    F_2008_975_5,
    F_2008_975_6,
    F_2008_975_7,
    LAG_2019_1297_4,
    OSL_10_28,
    SFB_30_10,
    SOL_2001_11_11,
    SOL_2001_11_11A,
    SOL_2001_11_11B,
    SOL_2025_15_10,
    SOL_2025_15_11,
    SOL_2025_15_12,
    Citation,
)

_O = OrganisationType


class DutyCondition(StrEnum):
    """Conditions of the duty to disclose to socialnämnden (docs/domain.md §3)."""

    REQUESTER_HANDLES_ASSISTANCE = "requester_handles_assistance"
    ACTIVE_CASE = "active_case"
    ASSISTANCE_CASE = "assistance_case"
    HOUSEHOLD_MEMBER = "household_member"
    LIMITED_CURRENT_PERIOD = "limited_current_period"

    @property
    def label(self) -> str:
        return {
            "requester_handles_assistance": "den begärande enheten handlägger ekonomiskt bistånd",
            "active_case": "personen har ett aktuellt ärende om ekonomiskt bistånd",
            "assistance_case": "uppgifterna begärs för ett ärende om ekonomiskt bistånd",
            "household_member": "begäran gäller en person i det aktuella ärendets hushåll",
            "limited_current_period": "begäran gäller en begränsad, aktuell period",
        }[self.value]


_ASSISTANCE_CONDITIONS = frozenset(DutyCondition)


@dataclass(frozen=True, slots=True)
class DisclosureDuty:
    """One duty to disclose (uppgiftsskyldighet): from ``discloser`` to ``recipient``.

    ``citations`` holds every wording over time; the ones in force on the request
    day are cited (:meth:`citations_on`). ``proactive``: the discloser must also
    send the data on its own initiative when there is reason. ``because`` is the
    Swedish reason that completes "... är skyldig att lämna uppgiften till X eftersom ...".
    """

    key: str
    discloser: OrganisationType
    recipient: OrganisationType
    categories: frozenset[str]
    conditions: frozenset[DutyCondition]
    proactive: bool
    citations: tuple[Citation, ...]
    because: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def in_force_on(self, on: dt.date) -> bool:
        if self.valid_from is not None and on < self.valid_from:
            return False
        return not (self.valid_to is not None and on > self.valid_to)

    def citations_on(self, on: dt.date) -> tuple[Citation, ...]:
        return tuple(c for c in self.citations if c.in_force_on(on))

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "discloser": str(self.discloser),
            "recipient": str(self.recipient),
            "categories": sorted(self.categories),
            "conditions": sorted(str(c) for c in self.conditions),
            "proactive": self.proactive,
            "citations": [c.to_dict() for c in self.citations],
            "because": self.because,
            "valid_from": self.valid_from.isoformat() if self.valid_from else None,
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
        }


BENEFIT_DUTY_CATEGORIES = frozenset(
    {"identity", "application_submitted", "benefit_granted", "payment_period", "payment_amount", "payment_date"}
)


EMPLOYMENT_SERVICE_DUTY_CATEGORIES = frozenset(
    {
        "identity",
        "jobseeker_registration",
        "unemployment_fund_membership",
        "jobseeker_category",
        "labour_market_programme",
        "activity_report_date",
        "establishment_allowance_entitlement",
        "establishment_allowance_grant",
        "establishment_allowance_change",
    }
)


#: The a-kassa's list (förordning 2008:975, 4 §). docs/domain.md §3 does not give the paragraph's wording; it
#: is read here as built like 3 § (Försäkringskassan), with ersättning from the a-kassa for förmån: identity,
#: that an application for ersättning was made, which ersättning was granted, for which period and to what
#: extent it is or was paid, the amount paid and the date of payment. The same codes as 3 § are used, so a
#: payment or decision recorded by an a-kassa reveals the same facts as one recorded by Försäkringskassan.
#: ``unemployment_benefit_payment`` is the earlier summary of p. 4–6 (see the catalogue).
UNEMPLOYMENT_FUND_DUTY_CATEGORIES = BENEFIT_DUTY_CATEGORIES | {"unemployment_benefit_payment"}


#: Centrala studiestödsnämnden's list (förordning 2008:975, 2 § första stycket, wording of SFS 2022:870):
#: 1 identity, 2 application, 3 form sought/granted/paid, 4 period, 5 extent, 6 amount per form, 7 amount of
#: the hemutrustningslån, 8 date of payment, 9 studiemedel for studies at compulsory-school level.
STUDY_SUPPORT_DUTY_CATEGORIES = frozenset(
    {
        "identity",
        "study_support_application",
        "study_support_form",
        "study_support_period",
        "study_support_extent",
        "study_support_amount",
        "home_equipment_loan_amount",
        "study_support_payment_date",
        "study_support_compulsory_school",
    }
)


#: Skatteverket's list (förordning 2008:975, 6 §, under SoL (2025:400) 15 kap. 12 §, before 2025-07-01
#: SoL (2001:453) 11 kap. 11 b §). Neither docs/domain.md §3 nor the seeds give the paragraph's wording;
#: it is read here as: identity, the income of tjänst and of näringsverksamhet, the decision on slutlig skatt
#: (the taxation: income year, decision day, slutlig skatt) and what that decision means for the person's
#: money: a skatteåterbäring (amount, day paid out) or a kvarskatt (amount, day due). Nothing else from the
#: tax registers (no wealth, no deductions, no other person's data) is read as covered.
TAX_AGENCY_DUTY_CATEGORIES = frozenset(
    {"identity", "employment_income", "business_income", "final_tax_assessment", "tax_refund", "residual_tax"}
)


_ACTIVE_ASSISTANCE_CASE = "personen har ett aktuellt ärende om ekonomiskt bistånd hos socialnämnden"


#: The day förordningen (2008:975) came into force (SFS 2008:975, ikraft 2009-01-01).
F_2008_975_IN_FORCE = dt.date(2009, 1, 1)


#: Skatteverket is named in förordningen's 1 § as amended by SFS 2009:1200; that amendment is read here as in
#: force from 2010-01-01 (not checked against the SFS: the safe direction, nothing is released earlier).
TAX_AGENCY_DUTY_FROM = dt.date(2010, 1, 1)


def _to_social_services(
    key: str,
    discloser: OrganisationType,
    categories: frozenset[str],
    *,
    proactive: bool,
    citations: tuple[Citation, ...],
    valid_from: dt.date | None = None,
) -> DisclosureDuty:
    """A row of förordningen (2008:975): to socialnämnden, on the conditions of an aktuellt ärende.

    Every duty of the table has the same recipient, conditions and reason; what differs (the agency, its list,
    whether it tells unasked, its citations and their validity) is written out in each row.
    """
    return DisclosureDuty(
        key=key,
        discloser=discloser,
        recipient=OrganisationType.SOCIAL_SERVICES,
        categories=categories,
        conditions=_ASSISTANCE_CONDITIONS,
        proactive=proactive,
        citations=citations,
        because=_ACTIVE_ASSISTANCE_CASE,
        valid_from=valid_from,
    )


#: The duty to disclose to socialnämnden (docs/domain.md §3): förordningen (2008:975) 2–7 §§, each row with its
#: own citations (the SoL wording in force on the day is cited: the old SoL until 2025-06-30, the new from
#: 2025-07-01).
DUTY_TABLE: tuple[DisclosureDuty, ...] = (
    _to_social_services(
        "fk_to_social_services",
        OrganisationType.FK,
        BENEFIT_DUTY_CATEGORIES,
        proactive=True,
        citations=(SOL_2001_11_11, SOL_2025_15_10, F_2008_975_3, OSL_10_28),
    ),
    _to_social_services(
        "pm_to_social_services",
        OrganisationType.PM,
        BENEFIT_DUTY_CATEGORIES,
        proactive=True,
        citations=(SOL_2001_11_11, SOL_2025_15_10, F_2008_975_7, OSL_10_28),
    ),
    _to_social_services(
        "af_to_social_services",
        OrganisationType.AF,
        EMPLOYMENT_SERVICE_DUTY_CATEGORIES,
        proactive=True,
        citations=(SOL_2001_11_11A, SOL_2025_15_11, F_2008_975_5, OSL_10_28),
    ),
    # The a-kassor (förordningen 4 §, its list read as in UNEMPLOYMENT_FUND_DUTY_CATEGORIES). Proactive: SoL
    # (2025:400) 15 kap. 10 § has "dessa myndigheter och arbetslöshetskassorna på eget initiativ" lämna
    # uppgifter when there is reason (as the old 11 kap. 11 §); a payment or a decision is such a reason.
    _to_social_services(
        "unemployment_fund_to_social_services",
        OrganisationType.UNEMPLOYMENT_FUND,
        UNEMPLOYMENT_FUND_DUTY_CATEGORIES,
        proactive=True,
        citations=(SOL_2001_11_11, SOL_2025_15_10, F_2008_975_4, OSL_10_28),
        valid_from=F_2008_975_IN_FORCE,
    ),
    # Centrala studiestödsnämnden (förordningen 2 §). Proactive: 2 § andra stycket ("Om det finns skäl för
    # det ska Centrala studiestödsnämnden på eget initiativ lämna uppgifter ...") and SoL 15 kap. 10 §.
    _to_social_services(
        "csn_to_social_services",
        OrganisationType.CSN,
        STUDY_SUPPORT_DUTY_CATEGORIES,
        proactive=True,
        citations=(SOL_2001_11_11, SOL_2025_15_10, F_2008_975_2, OSL_10_28),
        valid_from=F_2008_975_IN_FORCE,
    ),
    # Skatteverket (förordningen 6 §, SoL 15 kap. 12 §). On request only: the "på eget initiativ" of
    # 15 kap. 10 § names "dessa myndigheter och arbetslöshetskassorna", and Skatteverket's duty is its own
    # section; the safe reading is that nothing leaves Skatteverket unasked.
    _to_social_services(
        "tax_agency_to_social_services",
        OrganisationType.TAX_AGENCY,
        TAX_AGENCY_DUTY_CATEGORIES,
        proactive=False,
        citations=(SOL_2001_11_11B, SOL_2025_15_12, F_2008_975_6, OSL_10_28),
        valid_from=TAX_AGENCY_DUTY_FROM,
    ),
)


@dataclass(frozen=True, slots=True)
class ConsentProvision:
    """A statute that, besides OSL 12 kap. 2 §, governs consent-based disclosure in one setting."""

    discloser: OrganisationType
    recipients: frozenset[OrganisationType]
    categories: frozenset[str]
    citation: Citation
    note: str


#: Extra citations for consent-based disclosures (docs/domain.md §4).
CONSENT_PROVISIONS: tuple[ConsentProvision, ...] = (
    ConsentProvision(
        discloser=OrganisationType.FK,
        recipients=frozenset({_O.EMPLOYER, _O.HEALTHCARE, _O.SOCIAL_SERVICES, _O.AF}),
        categories=frozenset(
            {
                "rehab_plan",
                "work_capacity_assessment",
                "review_meeting_minutes",
                "health_information",
                "sick_leave_certificate",
            }
        ),
        citation=SFB_30_10,
        note="Försäkringskassan får samverka med andra i rehabiliteringen bara om den försäkrade samtycker.",
    ),
    ConsentProvision(
        discloser=OrganisationType.HEALTHCARE,
        recipients=frozenset({_O.FK}),
        categories=frozenset({"care_coordination_need", "health_information"}),
        citation=LAG_2019_1297_4,
        note="Regionen informerar Försäkringskassan om ett rehabiliteringsbehov bara med patientens samtycke.",
    ),
)


def _check_tables() -> None:
    """Fail at import when the data refers to unknown categories (a typo must not pass silently)."""
    for duty in DUTY_TABLE:
        unknown = duty.categories - set(CATEGORIES)
        if unknown:
            raise ValueError(f"duty {duty.key}: unknown categories {sorted(unknown)}")
    for provision in CONSENT_PROVISIONS:
        unknown = provision.categories - set(CATEGORIES)
        if unknown:
            raise ValueError(f"consent provision {provision.citation.text}: unknown categories {sorted(unknown)}")


_check_tables()


def duty_categories(
    discloser: OrganisationType,
    requester: OrganisationType = OrganisationType.SOCIAL_SERVICES,
    *,
    on: dt.date | None = None,
    duties: Sequence[DisclosureDuty] = DUTY_TABLE,
) -> frozenset[str]:
    """Categories ``discloser`` must disclose to ``requester`` when the duty's conditions hold."""
    return frozenset(
        code
        for duty in duties
        if duty.discloser == discloser and duty.recipient == requester and (on is None or duty.in_force_on(on))
        for code in duty.categories
    )


def proactive_categories(
    discloser: OrganisationType,
    requester: OrganisationType = OrganisationType.SOCIAL_SERVICES,
    *,
    on: dt.date | None = None,
    duties: Sequence[DisclosureDuty] = DUTY_TABLE,
) -> frozenset[str]:
    """Categories ``discloser`` must send ``requester`` on its own initiative when there is reason.

    ``on`` None: every row regardless of its validity dates.
    """
    return frozenset(
        code
        for duty in duties
        if duty.proactive
        and duty.discloser == discloser
        and duty.recipient == requester
        and (on is None or duty.in_force_on(on))
        for code in duty.categories
    )


# --- The limited, current period (DutyCondition.LIMITED_CURRENT_PERIOD) ---------------------------

#: A limited period is at most this many months long (safe reading, see module docstring).
PERIOD_MAX_MONTHS = 12


#: A current period starts no earlier than this many months before the request day.
PERIOD_LOOKBACK_MONTHS = 12


#: A current period ends no later than this many days after the request day.
PERIOD_LOOKAHEAD_DAYS = 31


def period_problem(start: dt.date | None, end: dt.date | None, on: dt.date) -> str | None:
    """Why ``start``..``end`` is not a limited, current period on ``on`` (None when it is, or when absent)."""
    if start is None or end is None:
        return None
    shown = f"{start.isoformat()}–{end.isoformat()}"
    if end >= add_months(start, PERIOD_MAX_MONTHS):
        return (
            f"Perioden {shown} är längre än {PERIOD_MAX_MONTHS} månader. Uppgiftsskyldigheten gäller bara en "
            f"begränsad period; begär en kortare period."
        )
    latest_end = on + dt.timedelta(days=PERIOD_LOOKAHEAD_DAYS)
    if end > latest_end:
        return (
            f"Perioden {shown} slutar mer än {PERIOD_LOOKAHEAD_DAYS} dagar efter begäran ({on.isoformat()}) och är "
            f"inte aktuell."
        )
    earliest_start = add_months(on, -PERIOD_LOOKBACK_MONTHS)
    if start < earliest_start:
        return (
            f"Perioden {shown} börjar mer än {PERIOD_LOOKBACK_MONTHS} månader före begäran ({on.isoformat()}) och "
            f"är inte aktuell."
        )
    return None
