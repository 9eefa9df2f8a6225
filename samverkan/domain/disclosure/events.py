"""Proactive disclosure (på eget initiativ): which agency events must be told to socialnämnden unasked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from samverkan.domain.checks import require_bool, require_date
from samverkan.domain.consent import organisation_type
from samverkan.domain.disclosure.duties import DUTY_TABLE, DisclosureDuty
from samverkan.domain.disclosure.prose import as_subject, in_sentence
from samverkan.domain.errors import InputError
from samverkan.domain.organisations import OrganisationType
from samverkan.domain.statutes import SFB_107_5, Citation, join_texts


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
        require_date(self.on, "on")
        for name in ("active_assistance_case", "household_member", "retroactive"):
            require_bool(getattr(self, name), name)


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
