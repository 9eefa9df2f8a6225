"""The category catalogue: every kind of data about a person that can be asked for through the gate."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from samverkan.domain.errors import InputError
from samverkan.domain.organisations import OrganisationType

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
