"""The secrecy gate's decision: may this data about a person go from one organisation to another?

Sources (docs/domain.md §1, §3–§5): the duty to disclose to socialnämnden in
socialtjänstlagen (2025:400) 15 kap. 10–11 §§ (before 2025-07-01
socialtjänstlagen (2001:453) 11 kap. 11 och 11 a §§) with the lists in
förordningen (2008:975) 3, 5 och 7 §§; secrecy yields to such a duty under
offentlighets- och sekretesslagen (2009:400) 10 kap. 28 §. Otherwise only the
person's own consent lifts secrecy (OSL 12 kap. 2 §), checked by the disclosing
agency itself (:mod:`samverkan.domain.consent`). No basis → denied, with the
reason. The general clause OSL 10 kap. 27 § never releases socialtjänst or
hälso- och sjukvård data, and disclosure "necessary for the discloser's own
work" (OSL 10 kap. 2 §) is a manual review, never automatic.

Per category, on the request day D (contracts/README.md, kind ``disclosure``):

1. **duty**: the requester is the recipient of a duty row of the discloser
   (socialnämnden), every condition of that row holds (the unit handles
   ekonomiskt bistånd, an aktuellt ärende, a person in that case's household, a
   limited current period) and the category is in the row's list → ``released``,
   basis ``duty``;
2. else a **counting consent** (:func:`~samverkan.domain.consent.consent_counts`)
   → ``released``, basis ``consent``; ``review`` when the discloser always makes
   its own secrecy review (Arbetsförmedlingen);
3. else, when the discloser says the disclosure is needed for its own work
   (OSL 10 kap. 2 §) → ``review``;
4. else ``denied``.

The duty table, the category catalogue and the proactive events are **data**
(tuples of frozen dataclasses below): a new category, a new agency (a-kassa,
CSN, Skatteverket under 15 kap. 10 och 12 §§) or a statute change is a new row
or a new citation with its validity dates, and a new :data:`RULES_VERSION`.

A *limited, current period* (the statute's words, not defined there) is read
safely as: at most :data:`PERIOD_MAX_MONTHS` months long, starting no earlier
than :data:`PERIOD_LOOKBACK_MONTHS` months before the request day and ending no
later than :data:`PERIOD_LOOKAHEAD_DAYS` days after it (bistånd is often
applied for the coming month). A request without a period is about the current
situation and meets the condition.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from samverkan.domain.consent import ConsentRecord, add_months, case_type, consent_counts, organisation_type
from samverkan.domain.dates import plausible
from samverkan.domain.errors import InputError
from samverkan.domain.organisations import CaseType, OrganisationType
from samverkan.domain.scenarios import compare_generic
from samverkan.domain.statutes import (
    F_2008_975_2,
    F_2008_975_3,
    F_2008_975_4,
    F_2008_975_5,
    F_2008_975_6,
    F_2008_975_7,
    LAG_2019_1297_4,
    OSL_10_2,
    OSL_10_27,
    OSL_10_28,
    OSL_12_2,
    OSL_25_1,
    OSL_26_1,
    OSL_27_1,
    OSL_28,
    OSL_28_1,
    OSL_28_11,
    OSL_28_13,
    SFB_30_10,
    SFB_107_5,
    SOL_2001_11_11,
    SOL_2001_11_11A,
    SOL_2001_11_11B,
    SOL_2025_15_10,
    SOL_2025_15_11,
    SOL_2025_15_12,
    Citation,
    join_texts,
)

#: Bump whenever the duty table, the catalogue or any rule of this module changes;
#: stored with every decision so it can be explained years later.
RULES_VERSION = "2026.12.1"

# --- Organisations ----------------------------------------------------------------------------


#: How each organisation type is named inside a Swedish sentence, and the secrecy provision that
#: protects data about a person there (docs/domain.md §1; None: not bound by OSL). The enum itself,
#: with its labels for lists, lives in :mod:`samverkan.domain.organisations`.
_PROSE: Mapping[OrganisationType, tuple[str, Citation | None]] = MappingProxyType(
    {
        OrganisationType.SOCIAL_SERVICES: ("socialnämnden", OSL_26_1),
        OrganisationType.FK: ("Försäkringskassan", OSL_28_1),
        OrganisationType.PM: ("Pensionsmyndigheten", OSL_28_1),
        OrganisationType.AF: ("Arbetsförmedlingen", OSL_28_11),
        OrganisationType.UNEMPLOYMENT_FUND: ("a-kassan", OSL_28_13),
        OrganisationType.HEALTHCARE: ("hälso- och sjukvården", OSL_25_1),
        OrganisationType.EMPLOYER: ("arbetsgivaren", None),
        OrganisationType.FINSAM: ("samordningsförbundet", None),
        OrganisationType.CSN: ("Centrala studiestödsnämnden", OSL_28),
        OrganisationType.TAX_AGENCY: ("Skatteverket", OSL_27_1),
    }
)


def in_sentence(organisation: OrganisationType) -> str:
    """Swedish definite form inside a sentence: ``"socialnämnden"``, ``"Försäkringskassan"``."""
    return _PROSE[organisation][0]


def as_subject(organisation: OrganisationType) -> str:
    """The definite form at the start of a sentence: ``"Socialnämnden"``, ``"A-kassan"``."""
    text = in_sentence(organisation)
    return text[:1].upper() + text[1:]


def secrecy_citation(organisation: OrganisationType) -> Citation | None:
    """The secrecy provision protecting data about a person at ``organisation`` (None: not bound by OSL)."""
    return _PROSE[organisation][1]


#: Organisations whose data the general clause OSL 10 kap. 27 § can never release
#: (it does not apply to 25 kap. 1–8 §§ or 26 kap. 1–6 §§).
NEVER_GENERAL_CLAUSE = frozenset({OrganisationType.SOCIAL_SERVICES, OrganisationType.HEALTHCARE})

#: Disclosers that always make their own secrecy review, even with a valid consent
#: (Arbetsförmedlingen: "sekretessprövning i varje ärende", seed 001, docs/domain.md §4).
OWN_REVIEW_WITH_CONSENT = frozenset({OrganisationType.AF})


# --- Category catalogue -----------------------------------------------------------------------

_O = OrganisationType
_BENEFIT_HOLDERS = frozenset({_O.FK, _O.PM, _O.UNEMPLOYMENT_FUND})
_PUBLIC = frozenset({_O.SOCIAL_SERVICES, _O.FK, _O.PM, _O.AF, _O.UNEMPLOYMENT_FUND, _O.HEALTHCARE})


@dataclass(frozen=True, slots=True)
class Category:
    """A category of data about a person that can be asked for through the gate.

    ``holders`` are the organisation types that keep such data (used to offer the
    right choices; the decision itself does not depend on it). ``sensitive``
    marks data that needs written consent (health, socialtjänst records; docs/domain.md §4).
    """

    code: str
    label: str
    holders: frozenset[OrganisationType]
    sensitive: bool = False
    description: str = ""


CATEGORY_CATALOGUE: tuple[Category, ...] = (
    # Duty categories, Försäkringskassan and Pensionsmyndigheten (förordning 2008:975, 3 och 7 §§).
    Category("identity", "Namn, personnummer och samordningsnummer", _PUBLIC | {_O.EMPLOYER}),
    Category("application_submitted", "Att en anmälan eller ansökan om förmån har lämnats in", _BENEFIT_HOLDERS),
    Category("benefit_granted", "Vilken förmån, ersättning eller annat stöd som har beviljats", _BENEFIT_HOLDERS),
    Category(
        "payment_period",
        "Under vilken period och i vilken omfattning förmånen betalas eller har betalats ut",
        _BENEFIT_HOLDERS,
    ),
    Category("payment_amount", "Utbetalt belopp", _BENEFIT_HOLDERS),
    Category("payment_date", "Datum för utbetalning", _BENEFIT_HOLDERS),
    # Duty categories, Arbetsförmedlingen (förordning 2008:975, 5 §).
    Category(
        "jobseeker_registration",
        "Från vilken dag personen är, eller inte längre är, anmäld som arbetssökande",
        frozenset({_O.AF}),
    ),
    Category("unemployment_fund_membership", "Tillhörighet till a-kassa enligt registrering", frozenset({_O.AF})),
    Category(
        "jobseeker_category",
        "Sökandekategori (öppet arbetslös, arbetssökande med förhinder eller annan kategori)",
        frozenset({_O.AF}),
    ),
    Category(
        "labour_market_programme",
        "Deltagande i arbetsmarknadspolitiskt program och under vilken period",
        frozenset({_O.AF}),
    ),
    Category("activity_report_date", "Datum för senaste aktivitetsrapport", frozenset({_O.AF})),
    Category("establishment_allowance_entitlement", "Rätt till etableringsersättning", frozenset({_O.AF})),
    Category(
        "establishment_allowance_grant",
        "Belopp, period och omfattning för beviljad etableringsersättning",
        frozenset({_O.AF}),
    ),
    Category(
        "establishment_allowance_change", "Om ett beslut om etableringsersättning har ändrats", frozenset({_O.AF})
    ),
    # Other categories: only with consent.
    Category(
        "health_information",
        "Uppgifter om hälsa",
        frozenset({_O.HEALTHCARE, _O.FK, _O.AF, _O.SOCIAL_SERVICES, _O.PM}),
        sensitive=True,
    ),
    Category(
        "case_notes",
        "Journal- och handläggningsanteckningar",
        _PUBLIC,
        sensitive=True,
    ),
    Category(
        "rehab_plan",
        "Rehabiliteringsplan",
        frozenset({_O.FK, _O.HEALTHCARE, _O.AF, _O.SOCIAL_SERVICES, _O.EMPLOYER}),
        sensitive=True,
    ),
    Category(
        "sick_leave_certificate",
        "Läkarintyg om sjukskrivning",
        frozenset({_O.HEALTHCARE, _O.FK, _O.EMPLOYER}),
        sensitive=True,
    ),
    Category(
        "work_capacity_assessment",
        "Bedömning av arbetsförmåga",
        frozenset({_O.FK, _O.HEALTHCARE, _O.AF}),
        sensitive=True,
    ),
    Category(
        "admin_question",
        "Administrativ fråga och svar mellan vården och Försäkringskassan",
        frozenset({_O.HEALTHCARE, _O.FK}),
        sensitive=True,
    ),
    Category(
        "review_meeting_minutes",
        "Anteckningar från avstämningsmöte",
        frozenset({_O.FK, _O.HEALTHCARE, _O.AF, _O.EMPLOYER, _O.SOCIAL_SERVICES}),
        sensitive=True,
    ),
    Category(
        "care_coordination_need",
        "Behov av rehabiliteringsinsatser utanför vården (koordineringsinsats)",
        frozenset({_O.HEALTHCARE}),
        sensitive=True,
    ),
    Category("sgi", "Sjukpenninggrundande inkomst (SGI)", frozenset({_O.FK})),
    Category("assistance_decision", "Beslut om ekonomiskt bistånd", frozenset({_O.SOCIAL_SERVICES}), sensitive=True),
    Category(
        "assistance_payment",
        "Utbetalt ekonomiskt bistånd (belopp och period)",
        frozenset({_O.SOCIAL_SERVICES}),
        sensitive=True,
    ),
    # The a-kassa's own summary code from before its list was split (förordning 2008:975, 4 § p. 4–6 together);
    # kept so that earlier requests and audit entries still read. New requests ask for the split codes above.
    Category("unemployment_benefit_payment", "Utbetald arbetslöshetsersättning", frozenset({_O.UNEMPLOYMENT_FUND})),
    # Duty categories, Centrala studiestödsnämnden (förordning 2008:975, 2 § första stycket 2–9).
    Category("study_support_application", "Att en ansökan om studiestöd har lämnats in", frozenset({_O.CSN})),
    Category(
        "study_support_form",
        "Vilken form av studiestöd (t.ex. studiemedel som bidrag eller lån) som har sökts, beviljats eller betalats ut",
        frozenset({_O.CSN}),
    ),
    Category(
        "study_support_period",
        "För vilken period studiestöd har sökts, beviljats eller betalats ut",
        frozenset({_O.CSN}),
    ),
    Category("study_support_extent", "Omfattningen av studiestödet", frozenset({_O.CSN})),
    Category(
        "study_support_amount",
        "Med vilket belopp studiestöd har beviljats eller betalats ut, per form av stöd",
        frozenset({_O.CSN}),
    ),
    Category(
        "home_equipment_loan_amount",
        "Med vilket belopp lån till hemutrustning har beviljats eller betalats ut",
        frozenset({_O.CSN}),
    ),
    Category(
        "study_support_payment_date",
        "Datum för utbetalning av studiestöd eller lån till hemutrustning",
        frozenset({_O.CSN}),
    ),
    Category(
        "study_support_compulsory_school",
        "Att studiemedel avser studier på grundskolenivå",
        frozenset({_O.CSN}),
    ),
    # Duty categories, Skatteverket (förordning 2008:975, 6 §; the reading is in TAX_AGENCY_DUTY_CATEGORIES).
    Category("employment_income", "Inkomst av tjänst", frozenset({_O.TAX_AGENCY})),
    Category("business_income", "Inkomst av näringsverksamhet", frozenset({_O.TAX_AGENCY})),
    Category(
        "final_tax_assessment",
        "Beslut om slutlig skatt (taxering): inkomstår, beslutsdag och slutlig skatt",
        frozenset({_O.TAX_AGENCY}),
    ),
    Category("tax_refund", "Skatteåterbäring: belopp och utbetalningsdag", frozenset({_O.TAX_AGENCY})),
    Category("residual_tax", "Kvarskatt: belopp och förfallodag", frozenset({_O.TAX_AGENCY})),
)


def _catalogue(items: Iterable[Category]) -> Mapping[str, Category]:
    found: dict[str, Category] = {}
    for item in items:
        if item.code in found:
            raise ValueError(f"category {item.code!r} listed twice")
        found[item.code] = item
    return MappingProxyType(found)


#: The catalogue by code.
CATEGORIES: Mapping[str, Category] = _catalogue(CATEGORY_CATALOGUE)

#: Codes once written to the audit log for a category of the catalogue (the log is never rewritten).
CATEGORY_ALIASES: Mapping[str, str] = MappingProxyType({"assistance_paid": "assistance_payment"})


def category_name(code: str) -> str:
    """The Swedish label of a category code as shown to people; an unknown code is never shown raw."""
    found = CATEGORIES.get(CATEGORY_ALIASES.get(code, code))
    return found.label if found is not None else "Okänd uppgift"


def category(code: str, field_name: str = "categories") -> Category:
    """The category ``code``; raises :class:`InputError` naming ``field_name``."""
    try:
        return CATEGORIES[code]
    except (KeyError, TypeError):
        raise InputError(
            field_name,
            f"Okänd uppgiftskategori {code!r}. Kända kategorier: {', '.join(CATEGORIES)}.",
            code="unknown_category",
        ) from None


def categories_held_by(organisation: OrganisationType) -> frozenset[str]:
    """Codes of the categories an organisation type keeps (for choosing what to ask for)."""
    return frozenset(c.code for c in CATEGORY_CATALOGUE if organisation in c.holders)


# --- The duty table ---------------------------------------------------------------------------


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
#: The a-kassa's list (förordning 2008:975, 4 §). ../shared/DOMAIN.md does not give the paragraph's wording; it
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
#: SoL (2001:453) 11 kap. 11 b §). Neither ../shared/DOMAIN.md nor the seeds give the paragraph's wording;
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

#: The duty to disclose to socialnämnden (docs/domain.md §3): förordningen (2008:975) 2–7 §§, each row with its
#: own citations (the SoL wording in force on the day is cited: the old SoL until 2025-06-30, the new from
#: 2025-07-01).
DUTY_TABLE: tuple[DisclosureDuty, ...] = (
    DisclosureDuty(
        key="fk_to_social_services",
        discloser=OrganisationType.FK,
        recipient=OrganisationType.SOCIAL_SERVICES,
        categories=BENEFIT_DUTY_CATEGORIES,
        conditions=_ASSISTANCE_CONDITIONS,
        proactive=True,
        citations=(SOL_2001_11_11, SOL_2025_15_10, F_2008_975_3, OSL_10_28),
        because=_ACTIVE_ASSISTANCE_CASE,
    ),
    DisclosureDuty(
        key="pm_to_social_services",
        discloser=OrganisationType.PM,
        recipient=OrganisationType.SOCIAL_SERVICES,
        categories=BENEFIT_DUTY_CATEGORIES,
        conditions=_ASSISTANCE_CONDITIONS,
        proactive=True,
        citations=(SOL_2001_11_11, SOL_2025_15_10, F_2008_975_7, OSL_10_28),
        because=_ACTIVE_ASSISTANCE_CASE,
    ),
    DisclosureDuty(
        key="af_to_social_services",
        discloser=OrganisationType.AF,
        recipient=OrganisationType.SOCIAL_SERVICES,
        categories=EMPLOYMENT_SERVICE_DUTY_CATEGORIES,
        conditions=_ASSISTANCE_CONDITIONS,
        proactive=True,
        citations=(SOL_2001_11_11A, SOL_2025_15_11, F_2008_975_5, OSL_10_28),
        because=_ACTIVE_ASSISTANCE_CASE,
    ),
    # The a-kassor (förordningen 4 §, its list read as in UNEMPLOYMENT_FUND_DUTY_CATEGORIES). Proactive: SoL
    # (2025:400) 15 kap. 10 § has "dessa myndigheter och arbetslöshetskassorna på eget initiativ" lämna
    # uppgifter when there is reason (as the old 11 kap. 11 §); a payment or a decision is such a reason.
    DisclosureDuty(
        key="unemployment_fund_to_social_services",
        discloser=OrganisationType.UNEMPLOYMENT_FUND,
        recipient=OrganisationType.SOCIAL_SERVICES,
        categories=UNEMPLOYMENT_FUND_DUTY_CATEGORIES,
        conditions=_ASSISTANCE_CONDITIONS,
        proactive=True,
        citations=(SOL_2001_11_11, SOL_2025_15_10, F_2008_975_4, OSL_10_28),
        because=_ACTIVE_ASSISTANCE_CASE,
        valid_from=F_2008_975_IN_FORCE,
    ),
    # Centrala studiestödsnämnden (förordningen 2 §). Proactive: 2 § andra stycket ("Om det finns skäl för
    # det ska Centrala studiestödsnämnden på eget initiativ lämna uppgifter ...") and SoL 15 kap. 10 §.
    DisclosureDuty(
        key="csn_to_social_services",
        discloser=OrganisationType.CSN,
        recipient=OrganisationType.SOCIAL_SERVICES,
        categories=STUDY_SUPPORT_DUTY_CATEGORIES,
        conditions=_ASSISTANCE_CONDITIONS,
        proactive=True,
        citations=(SOL_2001_11_11, SOL_2025_15_10, F_2008_975_2, OSL_10_28),
        because=_ACTIVE_ASSISTANCE_CASE,
        valid_from=F_2008_975_IN_FORCE,
    ),
    # Skatteverket (förordningen 6 §, SoL 15 kap. 12 §). On request only: the "på eget initiativ" of
    # 15 kap. 10 § names "dessa myndigheter och arbetslöshetskassorna", and Skatteverket's duty is its own
    # section; the safe reading is that nothing leaves Skatteverket unasked.
    DisclosureDuty(
        key="tax_agency_to_social_services",
        discloser=OrganisationType.TAX_AGENCY,
        recipient=OrganisationType.SOCIAL_SERVICES,
        categories=TAX_AGENCY_DUTY_CATEGORIES,
        conditions=_ASSISTANCE_CONDITIONS,
        proactive=False,
        citations=(SOL_2001_11_11B, SOL_2025_15_12, F_2008_975_6, OSL_10_28),
        because=_ACTIVE_ASSISTANCE_CASE,
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


# --- Request and decision ---------------------------------------------------------------------

#: A limited period is at most this many months long (safe reading, see module docstring).
PERIOD_MAX_MONTHS = 12
#: A current period starts no earlier than this many months before the request day.
PERIOD_LOOKBACK_MONTHS = 12
#: A current period ends no later than this many days after the request day.
PERIOD_LOOKAHEAD_DAYS = 31


class Outcome(StrEnum):
    RELEASED = "released"
    REVIEW = "review"
    DENIED = "denied"

    @property
    def label(self) -> str:
        return {"released": "lämnas ut", "review": "sekretessprövning", "denied": "lämnas inte ut"}[self.value]


class Basis(StrEnum):
    DUTY = "duty"
    CONSENT = "consent"

    @property
    def label(self) -> str:
        return {"duty": "uppgiftsskyldighet", "consent": "samtycke"}[self.value]


def _require_date(value: object, field_name: str) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise InputError(field_name, f"Ska vara ett datum (ÅÅÅÅ-MM-DD), inte {value!r}.", code="date")
    return value


def _require_bool(value: object, field_name: str) -> bool:
    if not isinstance(value, bool):
        raise InputError(field_name, f"Ska vara sant eller falskt (true/false), inte {value!r}.", code="type")
    return value


@dataclass(frozen=True, slots=True)
class DisclosureRequest:
    """One request through the gate: ``requester`` asks ``discloser`` for ``categories`` about one person.

    ``categories`` and ``consents`` are normalised (sorted, duplicates removed), so
    two requests that differ only in order are equal and decide the same.
    ``household_member`` is whether the person is in the household of the
    requester's aktuellt ärende; ``period_start``/``period_end`` the period the
    data is about (both or neither). ``own_work_necessity``: the discloser
    states that disclosing is needed for its own work (OSL 10 kap. 2 §).
    """

    date: dt.date
    requester: OrganisationType
    requester_handles_assistance: bool
    discloser: OrganisationType
    active_case: bool
    categories: tuple[str, ...]
    consents: tuple[ConsentRecord, ...] = ()
    household_member: bool = True
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    own_work_necessity: bool = False
    case_type: CaseType | None = None

    def __post_init__(self) -> None:
        _require_date(self.date, "date")
        if self.case_type is not None:
            object.__setattr__(self, "case_type", case_type(self.case_type))
        object.__setattr__(self, "requester", organisation_type(self.requester, "requester"))
        object.__setattr__(self, "discloser", organisation_type(self.discloser, "discloser"))
        for name in ("requester_handles_assistance", "active_case", "household_member", "own_work_necessity"):
            _require_bool(getattr(self, name), name)
        if isinstance(self.categories, str) or not isinstance(self.categories, (tuple, list, frozenset, set)):
            raise InputError("categories", "Ska vara en lista av uppgiftskategorier.", code="type")
        if not self.categories:
            raise InputError("categories", "Ange minst en uppgiftskategori.", code="required")
        codes = {category(code).code for code in self.categories}
        object.__setattr__(self, "categories", tuple(sorted(codes)))
        if not isinstance(self.consents, (tuple, list)):
            raise InputError("consents", "Ska vara en lista av samtycken.", code="type")
        for index, consent in enumerate(self.consents):
            if not isinstance(consent, ConsentRecord):
                raise InputError(f"consents[{index}]", "Ska vara ett registrerat samtycke.", code="type")
            for code in consent.categories:
                category(code, f"consents[{index}].categories")
        unique = {c.sort_key(): c for c in self.consents}
        object.__setattr__(self, "consents", tuple(unique[k] for k in sorted(unique)))
        if (self.period_start is None) != (self.period_end is None):
            missing = "period_end" if self.period_end is None else "period_start"
            raise InputError(missing, "Ange både periodens första och sista dag, eller ingen av dem.", code="required")
        if self.period_start is not None and self.period_end is not None:
            _require_date(self.period_start, "period_start")
            _require_date(self.period_end, "period_end")
            if self.period_end < self.period_start:
                raise InputError(
                    "period_end",
                    f"Periodens sista dag {self.period_end.isoformat()} ligger före dess första dag "
                    f"{self.period_start.isoformat()}.",
                    code="order",
                )

    def to_dict(self) -> dict[str, Any]:
        """JSON-compatible inputs, in the contract's shape plus the optional fields."""
        return {
            "date": self.date.isoformat(),
            "requester": str(self.requester),
            "requester_handles_assistance": self.requester_handles_assistance,
            "discloser": str(self.discloser),
            "active_case": self.active_case,
            "categories": list(self.categories),
            "consents": [c.to_dict() for c in self.consents],
            "household_member": self.household_member,
            "period_start": self.period_start.isoformat() if self.period_start else None,
            "period_end": self.period_end.isoformat() if self.period_end else None,
            "own_work_necessity": self.own_work_necessity,
            "case_type": str(self.case_type) if self.case_type else None,
        }


@dataclass(frozen=True, slots=True)
class CategoryDecision:
    """The gate's answer for one category."""

    category: str
    outcome: Outcome
    basis: Basis | None
    consent_id: str | int | None
    citations: tuple[Citation, ...]
    explanation: str

    @property
    def citation(self) -> str:
        """All cited provisions as one Swedish text ("" when nothing is cited)."""
        return join_texts(self.citations)

    @property
    def released(self) -> bool:
        return self.outcome is Outcome.RELEASED

    def to_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "outcome": str(self.outcome),
            "basis": None if self.basis is None else str(self.basis),
            "consent_id": self.consent_id,
            "citation": self.citation,
            "citations": [c.to_dict() for c in self.citations],
            "explanation": self.explanation,
        }


@dataclass(frozen=True, slots=True)
class DisclosureDecision:
    """All category decisions for one request, with the rules version that made them."""

    request: DisclosureRequest
    decisions: tuple[CategoryDecision, ...]
    rules_version: str = RULES_VERSION

    def _codes(self, outcome: Outcome) -> tuple[str, ...]:
        return tuple(d.category for d in self.decisions if d.outcome is outcome)

    @property
    def released(self) -> tuple[str, ...]:
        return self._codes(Outcome.RELEASED)

    @property
    def review(self) -> tuple[str, ...]:
        return self._codes(Outcome.REVIEW)

    @property
    def denied(self) -> tuple[str, ...]:
        return self._codes(Outcome.DENIED)

    @property
    def by_category(self) -> Mapping[str, CategoryDecision]:
        return MappingProxyType({d.category: d for d in self.decisions})

    def result(self) -> dict[str, Any]:
        """The rule-scenario result (contracts/README.md, kind ``disclosure``)."""
        return {
            "released": list(self.released),
            "review": list(self.review),
            "denied": list(self.denied),
            "citations": {d.category: d.citation for d in self.decisions},
            "decisions": {
                d.category: {
                    "outcome": str(d.outcome),
                    "basis": None if d.basis is None else str(d.basis),
                    "consent_id": d.consent_id,
                    "citation": d.citation,
                    "explanation": d.explanation,
                }
                for d in self.decisions
            },
            "rules_version": self.rules_version,
        }

    def snapshot(self) -> dict[str, Any]:
        """Inputs, citations and outcomes as JSON-compatible data, stored with the decision."""
        return {
            "rules_version": self.rules_version,
            "rules_fingerprint": rules_fingerprint(),
            "input": self.request.to_dict(),
            "decisions": [d.to_dict() for d in self.decisions],
            "released": list(self.released),
            "review": list(self.review),
            "denied": list(self.denied),
        }


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


def _unmet(request: DisclosureRequest, conditions: Iterable[DutyCondition]) -> list[str]:
    reasons = []
    for condition in sorted(conditions, key=list(DutyCondition).index):
        if condition is DutyCondition.REQUESTER_HANDLES_ASSISTANCE and not request.requester_handles_assistance:
            reasons.append(
                "Uppgiftsskyldigheten gäller bara den del av socialnämnden som handlägger ekonomiskt bistånd, "
                "och den begärande enheten gör inte det."
            )
        elif condition is DutyCondition.ACTIVE_CASE and not request.active_case:
            reasons.append(
                "Personen har inget aktuellt ärende om ekonomiskt bistånd hos socialnämnden, och utan ett aktuellt "
                "ärende finns ingen uppgiftsskyldighet."
            )
        elif (
            condition is DutyCondition.ASSISTANCE_CASE
            and request.case_type is not None
            and request.case_type is not CaseType.ASSISTANCE
        ):
            reasons.append(
                f"Uppgiftsskyldigheten gäller uppgifter till ett ärende om ekonomiskt bistånd; den här begäran gäller "
                f"ett ärende om {request.case_type.label.lower()}."
            )
        elif condition is DutyCondition.HOUSEHOLD_MEMBER and not request.household_member:
            reasons.append("Begäran gäller inte en person i hushållet i det aktuella ärendet.")
        elif condition is DutyCondition.LIMITED_CURRENT_PERIOD:
            problem = period_problem(request.period_start, request.period_end, request.date)
            if problem:
                reasons.append(problem)
    return reasons


def _duty_for(
    request: DisclosureRequest, code: str, rows: Sequence[DisclosureDuty]
) -> tuple[DisclosureDuty | None, str]:
    """The duty row that releases ``code``, or None and the Swedish reason why none does."""
    discloser, requester = request.discloser, request.requester
    if not rows:
        return None, f"{as_subject(discloser)} har ingen uppgiftsskyldighet som gäller den här uppgiften."
    to_requester = [r for r in rows if r.recipient == requester]
    if not to_requester:
        recipients = sorted({in_sentence(r.recipient) for r in rows})
        return None, (
            f"{as_subject(discloser)} har ingen uppgiftsskyldighet mot {in_sentence(requester)}; "
            f"uppgiftsskyldigheten gäller bara mot {' och '.join(recipients)}."
        )
    listing = [r for r in to_requester if code in r.categories]
    if not listing:
        cited = join_texts(c for r in to_requester for c in r.citations_on(request.date) if c is not OSL_10_28)
        return None, (
            f"”{CATEGORIES[code].label}” hör inte till de uppgifter som {in_sentence(discloser)} är skyldig att "
            f"lämna till {in_sentence(requester)} ({cited})."
        )
    failures: list[str] = []
    for row in listing:
        unmet = _unmet(request, row.conditions)
        if not unmet:
            return row, ""
        failures.extend(r for r in unmet if r not in failures)
    return None, " ".join(failures)


def _consent_citations(request: DisclosureRequest, code: str) -> tuple[tuple[Citation, ...], tuple[str, ...]]:
    extra = [
        p
        for p in CONSENT_PROVISIONS
        if p.discloser == request.discloser and request.requester in p.recipients and code in p.categories
    ]
    return tuple(p.citation for p in extra), tuple(p.note for p in extra)


def _secrecy_citations(discloser: OrganisationType) -> tuple[Citation, ...]:
    own = secrecy_citation(discloser)
    cited = [] if own is None else [own]
    if discloser in NEVER_GENERAL_CLAUSE:
        cited.append(OSL_10_27)
    return tuple(cited)


def _decide_category(request: DisclosureRequest, code: str, rows: Sequence[DisclosureDuty]) -> CategoryDecision:
    discloser, requester, on = request.discloser, request.requester, request.date
    label = CATEGORIES[code].label
    duty, duty_reason = _duty_for(request, code, rows)
    if duty is not None:
        cited = duty.citations_on(on)
        grounds = join_texts(c for c in cited if c is not OSL_10_28)
        secrecy = f" Sekretess hindrar inte utlämnandet ({OSL_10_28.text})." if OSL_10_28 in cited else ""
        return CategoryDecision(
            category=code,
            outcome=Outcome.RELEASED,
            basis=Basis.DUTY,
            consent_id=None,
            citations=cited,
            explanation=(
                f"{as_subject(discloser)} är skyldig att lämna uppgiften ”{label}” till {in_sentence(duty.recipient)} "
                f"eftersom {duty.because} ({grounds}).{secrecy} Samtycke behövs inte."
            ),
        )

    consent_reasons: list[str] = []
    for consent in request.consents:  # already in a canonical order: the first counting one is used
        counts, reason = consent_counts(consent, discloser, requester, code, on, request.case_type)
        if counts:
            extra, notes = _consent_citations(request, code)
            note_text = "".join(f" {n}" for n in notes)
            if discloser in OWN_REVIEW_WITH_CONSENT:
                own = secrecy_citation(discloser)
                return CategoryDecision(
                    category=code,
                    outcome=Outcome.REVIEW,
                    basis=Basis.CONSENT,
                    consent_id=consent.id,
                    citations=(OSL_12_2, *([own] if own else []), *extra),
                    explanation=(
                        f"Det finns inte någon uppgiftsskyldighet för ”{label}”, men personen har samtyckt. {reason} "
                        f"{as_subject(discloser)} gör ändå alltid en egen sekretessprövning i varje ärende: en "
                        f"handläggare hos {in_sentence(discloser)} prövar begäran innan något lämnas ut "
                        f"({OSL_12_2.text}{', ' + own.text if own else ''}). Uppgiften lämnas inte ut "
                        f"automatiskt.{note_text}"
                    ),
                )
            return CategoryDecision(
                category=code,
                outcome=Outcome.RELEASED,
                basis=Basis.CONSENT,
                consent_id=consent.id,
                citations=(OSL_12_2, *extra),
                explanation=(
                    f"{as_subject(discloser)} får lämna ut ”{label}” till {in_sentence(requester)} eftersom "
                    f"personen har samtyckt ({OSL_12_2.text}). {reason}{note_text}"
                ),
            )
        if reason not in consent_reasons:
            consent_reasons.append(reason)

    if consent_reasons:
        consent_text = " ".join(consent_reasons)
    else:
        consent_text = f"Det finns inget samtycke från personen som {in_sentence(discloser)} har tagit emot."

    if request.own_work_necessity:
        return CategoryDecision(
            category=code,
            outcome=Outcome.REVIEW,
            basis=None,
            consent_id=None,
            citations=(OSL_10_2,),
            explanation=(
                f"Det finns varken uppgiftsskyldighet eller ett giltigt samtycke för ”{label}”. {duty_reason} "
                f"{consent_text} {as_subject(discloser)} har angett att utlämnandet behövs för att fullgöra den egna "
                f"verksamheten ({OSL_10_2.text}). Det prövar en handläggare hos {in_sentence(discloser)} i varje "
                f"enskilt fall; det sker aldrig automatiskt."
            ),
        )

    closing = ""
    if discloser in NEVER_GENERAL_CLAUSE:
        closing = (
            f" Generalklausulen i {OSL_10_27.text} kan aldrig användas för uppgifter från "
            f"{'socialtjänsten' if discloser is OrganisationType.SOCIAL_SERVICES else 'hälso- och sjukvården'}."
        )
    if requester is not OrganisationType.FINSAM:
        closing += (
            f" Behövs uppgiften kan personen lämna sitt samtycke direkt till {in_sentence(discloser)}, som själv "
            f"kontrollerar det."
        )
    return CategoryDecision(
        category=code,
        outcome=Outcome.DENIED,
        basis=None,
        consent_id=None,
        citations=_secrecy_citations(discloser),
        explanation=(
            f"”{label}” lämnas inte ut: det finns varken uppgiftsskyldighet eller ett giltigt samtycke. "
            f"{duty_reason} {consent_text}{closing}"
        ),
    )


# --- Proactive disclosure (på eget initiativ) -------------------------------------------------


class AgencyEventKind(StrEnum):
    """Events at an agency (FK, PM, AF, an a-kassa, CSN, Skatteverket) that may have to be told to socialnämnden
    unasked. The same event at an a-kassa and at Försäkringskassan reveals the same categories (4 § is read as
    built like 3 §)."""

    APPLICATION_RECEIVED = "application_received"
    BENEFIT_DECIDED = "benefit_decided"
    PAYMENT_RECORDED = "payment_recorded"
    JOBSEEKER_REGISTRATION_CHANGED = "jobseeker_registration_changed"
    JOBSEEKER_CATEGORY_CHANGED = "jobseeker_category_changed"
    PROGRAMME_CHANGED = "programme_changed"
    ACTIVITY_REPORT_RECEIVED = "activity_report_received"
    ESTABLISHMENT_ALLOWANCE_DECIDED = "establishment_allowance_decided"
    ESTABLISHMENT_ALLOWANCE_CHANGED = "establishment_allowance_changed"
    STUDY_SUPPORT_DECIDED = "study_support_decided"
    STUDY_SUPPORT_PAID = "study_support_paid"
    TAX_ASSESSED = "tax_assessed"
    TAX_SETTLED = "tax_settled"


@dataclass(frozen=True, slots=True)
class EventSpec:
    """What an event reveals, and whether it is a reason to tell socialnämnden unasked.

    "Om det finns skäl för det" (förordningen 3, 5 och 7 §§) is read as: a decision,
    a payment or a change that can affect the right to ekonomiskt bistånd. Routine
    events (an application or activity report received) are not; the nämnd asks.
    """

    kind: AgencyEventKind
    label: str
    categories: frozenset[str]
    gives_reason: bool


EVENT_SPECS: Mapping[AgencyEventKind, EventSpec] = MappingProxyType(
    {
        spec.kind: spec
        for spec in (
            EventSpec(
                AgencyEventKind.APPLICATION_RECEIVED,
                "en ansökan om förmån har kommit in",
                frozenset({"identity", "application_submitted"}),
                gives_reason=False,
            ),
            EventSpec(
                AgencyEventKind.BENEFIT_DECIDED,
                "en förmån har beviljats",
                frozenset({"identity", "benefit_granted", "payment_period", "payment_amount"}),
                gives_reason=True,
            ),
            EventSpec(
                AgencyEventKind.PAYMENT_RECORDED,
                "en utbetalning har gjorts",
                frozenset({"identity", "payment_period", "payment_amount", "payment_date"}),
                gives_reason=True,
            ),
            EventSpec(
                AgencyEventKind.JOBSEEKER_REGISTRATION_CHANGED,
                "anmälan som arbetssökande har börjat eller upphört",
                frozenset({"identity", "jobseeker_registration"}),
                gives_reason=True,
            ),
            EventSpec(
                AgencyEventKind.JOBSEEKER_CATEGORY_CHANGED,
                "sökandekategorin har ändrats",
                frozenset({"identity", "jobseeker_category"}),
                gives_reason=True,
            ),
            EventSpec(
                AgencyEventKind.PROGRAMME_CHANGED,
                "deltagande i arbetsmarknadspolitiskt program har börjat eller slutat",
                frozenset({"identity", "labour_market_programme"}),
                gives_reason=True,
            ),
            EventSpec(
                AgencyEventKind.ACTIVITY_REPORT_RECEIVED,
                "en aktivitetsrapport har kommit in",
                frozenset({"identity", "activity_report_date"}),
                gives_reason=False,
            ),
            EventSpec(
                AgencyEventKind.ESTABLISHMENT_ALLOWANCE_DECIDED,
                "etableringsersättning har beviljats",
                frozenset({"identity", "establishment_allowance_entitlement", "establishment_allowance_grant"}),
                gives_reason=True,
            ),
            EventSpec(
                AgencyEventKind.ESTABLISHMENT_ALLOWANCE_CHANGED,
                "ett beslut om etableringsersättning har ändrats",
                frozenset({"identity", "establishment_allowance_change", "establishment_allowance_grant"}),
                gives_reason=True,
            ),
            EventSpec(
                AgencyEventKind.STUDY_SUPPORT_DECIDED,
                "studiestöd har beviljats",
                frozenset(
                    {
                        "identity",
                        "study_support_form",
                        "study_support_period",
                        "study_support_extent",
                        "study_support_amount",
                        "study_support_compulsory_school",
                    }
                ),
                gives_reason=True,
            ),
            EventSpec(
                AgencyEventKind.STUDY_SUPPORT_PAID,
                "studiestöd har betalats ut",
                frozenset(
                    {
                        "identity",
                        "study_support_form",
                        "study_support_period",
                        "study_support_amount",
                        "home_equipment_loan_amount",
                        "study_support_payment_date",
                    }
                ),
                gives_reason=True,
            ),
            EventSpec(
                AgencyEventKind.TAX_ASSESSED,
                "beslut om slutlig skatt har fattats",
                frozenset({"identity", "employment_income", "business_income", "final_tax_assessment"}),
                gives_reason=True,
            ),
            EventSpec(
                AgencyEventKind.TAX_SETTLED,
                "skatt har återbetalats eller ska betalas (kvarskatt)",
                frozenset({"identity", "tax_refund", "residual_tax"}),
                gives_reason=True,
            ),
        )
    }
)


@dataclass(frozen=True, slots=True)
class AgencyEvent:
    """Something recorded at an agency about a person (a decision, a payment, a change).

    ``active_assistance_case``: the person has an aktuellt ärende about ekonomiskt
    bistånd at a socialnämnd; ``retroactive``: a benefit decided for past time.
    """

    discloser: OrganisationType
    kind: AgencyEventKind
    on: dt.date
    active_assistance_case: bool
    household_member: bool = True
    retroactive: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "discloser", organisation_type(self.discloser, "discloser"))
        try:
            object.__setattr__(self, "kind", AgencyEventKind(str(self.kind)))
        except ValueError:
            known = ", ".join(k.value for k in AgencyEventKind)
            raise InputError("kind", f"Okänd händelse {self.kind!r}. Kända: {known}.", code="unknown_event") from None
        _require_date(self.on, "on")
        for name in ("active_assistance_case", "household_member", "retroactive"):
            _require_bool(getattr(self, name), name)


@dataclass(frozen=True, slots=True)
class ProactiveNotice:
    """Whether an event must be sent to socialnämnden unasked, what, why and on which statute."""

    required: bool
    categories: frozenset[str]
    citations: tuple[Citation, ...]
    explanation: str
    urgent: bool = False

    @property
    def citation(self) -> str:
        return join_texts(self.citations)


def proactive_notice(event: AgencyEvent, *, duties: Sequence[DisclosureDuty] = DUTY_TABLE) -> ProactiveNotice:
    """Must ``event`` be disclosed to socialnämnden on the agency's own initiative (docs/domain.md §3)?

    Required when the discloser has a proactive duty row in force, the event
    reveals categories of that row, it is a reason (decision, payment, change),
    and the person is in the household of an aktuellt ärende about ekonomiskt
    bistånd. A retroactive benefit is ``urgent``: the nämnd must be told at once
    so it can ask for återsökning before the payout (SFB 107 kap. 5 §).
    """
    spec = EVENT_SPECS[event.kind]
    agency = event.discloser
    rows = [
        d
        for d in duties
        if d.proactive
        and d.discloser == agency
        and d.recipient is OrganisationType.SOCIAL_SERVICES
        and d.in_force_on(event.on)
    ]
    covered = frozenset(code for d in rows for code in d.categories) & spec.categories

    def no(reason: str) -> ProactiveNotice:
        return ProactiveNotice(False, frozenset(), (), reason)

    if not rows:
        return no(
            f"{as_subject(agency)} har ingen skyldighet att på eget initiativ lämna uppgifter till socialnämnden."
        )
    if not (covered - {"identity"}):
        return no(
            f"Händelsen ({spec.label}) gäller inte uppgifter som {in_sentence(agency)} ska lämna till socialnämnden."
        )
    if not event.active_assistance_case:
        return no("Personen har inget aktuellt ärende om ekonomiskt bistånd hos socialnämnden.")
    if not event.household_member:
        return no("Personen ingår inte i hushållet i ett aktuellt ärende om ekonomiskt bistånd.")
    cited = tuple(dict.fromkeys(c for d in rows for c in d.citations_on(event.on)))
    if not spec.gives_reason:
        return no(
            f"Händelsen ({spec.label}) påverkar normalt inte rätten till ekonomiskt bistånd, så det finns inte skäl "
            f"att lämna den på eget initiativ. Socialnämnden kan begära uppgiften ({join_texts(cited)})."
        )
    urgent = event.retroactive and agency in (OrganisationType.FK, OrganisationType.PM)
    text = (
        f"{as_subject(agency)} ska på eget initiativ lämna uppgifterna till socialnämnden eftersom {spec.label} och "
        f"personen har ett aktuellt ärende om ekonomiskt bistånd ({join_texts(cited)}). Samtycke behövs inte."
    )
    if urgent:
        text += (
            f" Ersättningen gäller retroaktiv tid: meddela socialnämnden genast, så att den hinner begära att "
            f"ersättningen betalas till nämnden innan den betalas ut ({SFB_107_5.text})."
        )
        cited = (*cited, SFB_107_5)
    return ProactiveNotice(True, covered, cited, text, urgent=urgent)


def must_disclose_proactively(event: AgencyEvent) -> bool:
    """Shorthand for ``proactive_notice(event).required``."""
    return proactive_notice(event).required


# --- Versioning ---------------------------------------------------------------------------------


@functools.cache
def rules_fingerprint() -> str:
    """A hash of every table of this module; changes exactly when the rules' data changes.

    The tables are immutable constants of the code, so it is computed once per process.

    ``tests/domain/test_disclosure.py`` pins it to :data:`RULES_VERSION`, so a table
    change without a new version fails the tests.
    """
    data = {
        "duties": [d.to_dict() for d in DUTY_TABLE],
        "categories": [
            {"code": c.code, "label": c.label, "holders": sorted(map(str, c.holders)), "sensitive": c.sensitive}
            for c in CATEGORY_CATALOGUE
        ],
        "consent_provisions": [
            {
                "discloser": str(p.discloser),
                "recipients": sorted(map(str, p.recipients)),
                "categories": sorted(p.categories),
                "citation": p.citation.to_dict(),
            }
            for p in CONSENT_PROVISIONS
        ],
        "events": [
            {"kind": str(s.kind), "categories": sorted(s.categories), "gives_reason": s.gives_reason}
            for s in EVENT_SPECS.values()
        ],
        "own_review_with_consent": sorted(map(str, OWN_REVIEW_WITH_CONSENT)),
        "never_general_clause": sorted(map(str, NEVER_GENERAL_CLAUSE)),
        "secrecy": {str(o): c.to_dict() if (c := secrecy_citation(o)) else None for o in OrganisationType},
        "period": [PERIOD_MAX_MONTHS, PERIOD_LOOKBACK_MONTHS, PERIOD_LOOKAHEAD_DAYS],
    }
    encoded = json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()[:16]


# --- Rule scenarios (contracts/README.md, kind ``disclosure``) ---------------------------------

_REQUEST_KEYS = frozenset(
    {
        "date",
        "requester",
        "requester_handles_assistance",
        "discloser",
        "active_case",
        "categories",
        "consents",
        "household_member",
        "period_start",
        "period_end",
        "own_work_necessity",
        "case_type",
    }
)
_CONSENT_KEYS = frozenset(
    {
        "id",
        "recorded_by",
        "recipient",
        "categories",
        "purpose",
        "case_type",
        "valid_from",
        "valid_to",
        "form",
        "withdrawn_on",
        "given_by",
        "subject_birth_date",
        "child_agrees",
    }
)
_CONSENT_REQUIRED = ("recorded_by", "recipient", "categories", "purpose", "valid_from", "form")


def _parse_date(value: object, field_name: str, *, required: bool = True) -> dt.date | None:
    if value is None:
        if required:
            raise InputError(field_name, "Ange ett datum (ÅÅÅÅ-MM-DD).", code="required")
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return plausible(value, field_name)
    if isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value) if len(value) == 10 else None
        except ValueError:
            day = None
        if day is not None:
            return plausible(day, field_name)
    raise InputError(field_name, f"Ogiltigt datum {value!r}; skriv ÅÅÅÅ-MM-DD.", code="date")


def _parse_bool(data: Mapping[str, Any], key: str, default: bool, prefix: str = "") -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise InputError(f"{prefix}{key}", f"Ska vara true eller false, inte {value!r}.", code="type")
    return value


def _parse_case_type(value: object, field_name: str) -> CaseType | None:
    return None if value is None else case_type(value, field_name)


def _parse_codes(value: object, field_name: str) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise InputError(field_name, "Ska vara en lista av uppgiftskategorier (texter).", code="type")
    for code in value:
        category(code, field_name)
    return tuple(value)


def parse_consent(data: object, prefix: str = "consent") -> ConsentRecord:
    """A :class:`ConsentRecord` from JSON-like data; errors name ``prefix.field``."""
    if not isinstance(data, Mapping):
        raise InputError(
            prefix, "Ett samtycke ska vara ett objekt med recorded_by, recipient, categories …", code="type"
        )
    unknown = sorted(set(data) - _CONSENT_KEYS)
    if unknown:
        raise InputError(f"{prefix}.{unknown[0]}", f"Okänt fält i samtycket: {', '.join(unknown)}.", code="unknown")
    for key in _CONSENT_REQUIRED:
        if key not in data:
            raise InputError(f"{prefix}.{key}", "Fältet saknas i samtycket.", code="required")
    purpose = data["purpose"]
    if not isinstance(purpose, str):
        raise InputError(f"{prefix}.purpose", "Ändamålet ska vara en text.", code="type")
    try:
        valid_from = _parse_date(data["valid_from"], f"{prefix}.valid_from")
        assert valid_from is not None
        return ConsentRecord(
            recorded_by=organisation_type(data["recorded_by"], f"{prefix}.recorded_by"),
            recipient=organisation_type(data["recipient"], f"{prefix}.recipient"),
            categories=_parse_codes(data["categories"], f"{prefix}.categories"),
            purpose=purpose,
            valid_from=valid_from,
            valid_to=_parse_date(data.get("valid_to"), f"{prefix}.valid_to", required=False),
            form=data["form"],
            withdrawn_on=_parse_date(data.get("withdrawn_on"), f"{prefix}.withdrawn_on", required=False),
            id=data.get("id"),
            case_type=_parse_case_type(data.get("case_type"), f"{prefix}.case_type"),
            given_by=data.get("given_by", "person"),
            subject_birth_date=_parse_date(data.get("subject_birth_date"), "subject_birth_date", required=False),
            child_agrees=data.get("child_agrees"),
        )
    except InputError as exc:
        if exc.field.startswith(prefix):
            raise
        raise InputError(f"{prefix}.{exc.field}", exc.detail, code=exc.code) from None


def parse_request(data: Mapping[str, Any]) -> DisclosureRequest:
    """A :class:`DisclosureRequest` from contract input (JSON shapes, dates as strings)."""
    if not isinstance(data, Mapping):
        raise InputError("input", "Indata ska vara ett objekt.", code="type")
    unknown = sorted(set(data) - _REQUEST_KEYS)
    if unknown:
        raise InputError(unknown[0], f"Okänt fält: {', '.join(unknown)}.", code="unknown")
    for key in ("date", "requester", "discloser", "categories"):
        if key not in data:
            raise InputError(key, "Fältet saknas.", code="required")
    consents_raw = data.get("consents") or []
    if not isinstance(consents_raw, (list, tuple)):
        raise InputError("consents", "Ska vara en lista av samtycken.", code="type")
    date = _parse_date(data["date"], "date")
    assert date is not None
    return DisclosureRequest(
        date=date,
        requester=organisation_type(data["requester"], "requester"),
        requester_handles_assistance=_parse_bool(data, "requester_handles_assistance", False),
        discloser=organisation_type(data["discloser"], "discloser"),
        active_case=_parse_bool(data, "active_case", False),
        categories=_parse_codes(data["categories"], "categories"),
        consents=tuple(parse_consent(c, f"consents[{i}]") for i, c in enumerate(consents_raw)),
        household_member=_parse_bool(data, "household_member", True),
        period_start=_parse_date(data.get("period_start"), "period_start", required=False),
        period_end=_parse_date(data.get("period_end"), "period_end", required=False),
        own_work_necessity=_parse_bool(data, "own_work_necessity", False),
        case_type=_parse_case_type(data.get("case_type"), "case_type"),
    )


def evaluate(data: Mapping[str, Any]) -> dict[str, Any]:
    """Rule-scenario kind ``disclosure``: contract input in, result with lists, citations and explanations out."""
    from samverkan.domain.decision import decide

    return decide(parse_request(data)).result()


_LISTS = ("released", "review", "denied")


def compare_expectation(expect: Mapping[str, Any], result: Mapping[str, Any]) -> list[str]:
    """Compare a scenario's ``expect`` with :func:`evaluate`'s result.

    The three lists compare as sets; each ``citations`` entry is a text that must
    occur in that category's citation; other keys compare as
    :func:`~samverkan.domain.scenarios.compare_generic` does.
    """
    differences: list[str] = []
    rest: dict[str, Any] = {}
    for key, expected in expect.items():
        if key in _LISTS:
            actual = result.get(key, [])
            if not isinstance(expected, list):
                differences.append(f"{key}: väntade en lista, fick {expected!r} i expect")
            elif set(map(str, expected)) != set(actual):
                differences.append(f"{key}: väntade {sorted(map(str, expected))}, fick {sorted(actual)}")
        elif key == "citations":
            if not isinstance(expected, Mapping):
                differences.append(f"citations: väntade en mappning kategori → text, fick {expected!r}")
                continue
            cited: Mapping[str, str] = result.get("citations", {})
            for code, text in expected.items():
                if code not in cited:
                    differences.append(f"citations.{code}: kategorin finns inte i resultatet")
                elif str(text) not in cited[code]:
                    differences.append(f"citations.{code}: väntade att {text!r} ingår i {cited[code]!r}")
        else:
            rest[key] = expected
    differences.extend(compare_generic(rest, result))
    return differences


__all__ = [
    "CATEGORIES",
    "CATEGORY_ALIASES",
    "CATEGORY_CATALOGUE",
    "CONSENT_PROVISIONS",
    "DUTY_TABLE",
    "EVENT_SPECS",
    "RULES_VERSION",
    "AgencyEvent",
    "AgencyEventKind",
    "Basis",
    "Category",
    "CategoryDecision",
    "ConsentRecord",
    "DisclosureDecision",
    "DisclosureDuty",
    "DisclosureRequest",
    "DutyCondition",
    "OrganisationType",
    "Outcome",
    "ProactiveNotice",
    "categories_held_by",
    "category",
    "category_name",
    "compare_expectation",
    "duty_categories",
    "evaluate",
    "must_disclose_proactively",
    "organisation_type",
    "parse_consent",
    "parse_request",
    "period_problem",
    "proactive_categories",
    "rules_fingerprint",
]
