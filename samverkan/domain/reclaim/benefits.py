"""The benefit table of SFB 107 kap. 5 § and what each part of the rule cites."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Final

from samverkan.domain.errors import InputError
from samverkan.domain.statutes import (
    SFB_107_5,
    SOL_ASSISTANCE,
    SOL_DISCRETIONARY_ASSISTANCE,
    SOL_REPAYMENT_CLAIM_ADVANCE,
    Citation,
    in_force,
)

# --- Citations and the threshold ---

#: "får betalas ut till socialnämnden … om beloppet överstiger 1 000 kronor".
THRESHOLD: Final = Decimal("1000.00")


#: The pro rata count by days follows Regeringsrätten (now Högsta förvaltningsdomstolen).
PRO_RATA_CITATION: Final = "RÅ 2001 ref. 58"


#: What each part of the rule cites; every entry holds all wordings, :func:`cite` picks the one in force.
RULE_CITATIONS: Final[Mapping[str, tuple[Citation, ...]]] = {
    "reclaim": (SFB_107_5,),
    "assistance": SOL_ASSISTANCE,
    "discretionary": SOL_DISCRETIONARY_ASSISTANCE,
    "repayment_claim": SOL_REPAYMENT_CLAIM_ADVANCE,
}


def cite(rule: str, on: dt.date) -> str:
    """The citation of ``rule`` (a key of :data:`RULE_CITATIONS`) in the wording in force on ``on``.

    A decision dated before 2025-07-01 cites socialtjänstlagen (2001:453), one from that day
    socialtjänstlagen (2025:400).
    """
    return in_force(RULE_CITATIONS[rule], on).text


def repayment_claim_provision(granted_on: dt.date) -> Citation:
    """The provision that governs återkrav of an advance of bistånd granted on ``granted_on``.

    Chosen by the day the bistånd was granted, not by the day of the claim or of FK's decision:
    the transitional provisions of SoL (2025:400) keep socialtjänstlagen (2001:453) for bistånd
    granted before 2025-07-01 (9 kap. 2 §); bistånd granted from that day is claimed under
    33 kap. 2 § SoL (2025:400). The validity periods of :data:`SOL_REPAYMENT_CLAIM_ADVANCE` are
    exactly these two periods of grant days.
    """
    return in_force(SOL_REPAYMENT_CLAIM_ADVANCE, granted_on)


def oldest_first(citations: Iterable[Citation]) -> tuple[Citation, ...]:
    """Each citation once, the wording that began first (open start first) first."""
    unique = dict.fromkeys(citations)
    return tuple(sorted(unique, key=lambda c: (c.valid_from is not None, c.valid_from or dt.date.min)))


# --- The benefit table ---


class Agency(StrEnum):
    FK = "fk"
    PM = "pm"

    @property
    def swedish(self) -> str:
        return _AGENCY_NAMES[self]


_AGENCY_NAMES: Final = {Agency.FK: "Försäkringskassan", Agency.PM: "Pensionsmyndigheten"}


class BenefitStatus(StrEnum):
    RECLAIMABLE = "reclaimable"
    EXCLUDED = "excluded"  # excluded by SFB 107 kap. 5 § itself
    NOT_SFB_BENEFIT = "not_sfb_benefit"  # not a benefit under SFB at all


@dataclass(frozen=True, slots=True)
class Benefit:
    """One row of the table: ``decided_by`` lists the agencies that decide it (usual one first)."""

    code: str
    name: str
    decided_by: tuple[Agency, ...]
    status: BenefitStatus
    periodic: bool
    citation: str
    note: str = ""

    @property
    def reclaimable(self) -> bool:
        """SFB 107 kap. 5 §: a periodic SFB benefit that the section does not exclude."""
        return self.status is BenefitStatus.RECLAIMABLE and self.periodic


def _sfb_chapters(chapters: str) -> str:
    """``"24–28 kap. socialförsäkringsbalken (2010:110)"``: where a benefit is regulated."""
    return Citation("SFB (2010:110)", f"{chapters} kap.").text


_EXCLUDED_NOTE: Final = f"Undantas uttryckligen i {SFB_107_5.text}."


_AMF: Final = "förordning (2017:819) om ersättning till deltagare i arbetsmarknadspolitiska insatser"


_NOT_SFB_NOTE: Final = (
    "Beslutas av Arbetsförmedlingen och betalas ut av Försäkringskassan; ersättningen regleras i "
    "förordning (2017:819), inte i socialförsäkringsbalken."
)


_BENEFIT_ROWS: Final = (
    Benefit("sickness_benefit", "sjukpenning", (Agency.FK,), BenefitStatus.RECLAIMABLE, True, _sfb_chapters("24–28")),
    Benefit(
        "rehabilitation_benefit",
        "rehabiliteringspenning",
        (Agency.FK,),
        BenefitStatus.RECLAIMABLE,
        True,
        _sfb_chapters("31"),
    ),
    Benefit(
        "sickness_compensation", "sjukersättning", (Agency.FK,), BenefitStatus.RECLAIMABLE, True, _sfb_chapters("33–37")
    ),
    Benefit(
        "activity_compensation",
        "aktivitetsersättning",
        (Agency.FK,),
        BenefitStatus.RECLAIMABLE,
        True,
        _sfb_chapters("33–37"),
    ),
    Benefit(
        "parental_benefit", "föräldrapenning", (Agency.FK,), BenefitStatus.RECLAIMABLE, True, _sfb_chapters("11–12")
    ),
    Benefit(
        "housing_allowance", "bostadsbidrag", (Agency.FK,), BenefitStatus.RECLAIMABLE, True, _sfb_chapters("95–98")
    ),
    Benefit(
        "maintenance_support", "underhållsstöd", (Agency.FK,), BenefitStatus.RECLAIMABLE, True, _sfb_chapters("17–19")
    ),
    Benefit("care_allowance", "omvårdnadsbidrag", (Agency.FK,), BenefitStatus.RECLAIMABLE, True, _sfb_chapters("22")),
    Benefit(
        "additional_cost_compensation",
        "merkostnadsersättning",
        (Agency.FK,),
        BenefitStatus.RECLAIMABLE,
        True,
        _sfb_chapters("50"),
    ),
    Benefit(
        "housing_supplement",
        "bostadstillägg",
        (Agency.PM, Agency.FK),
        BenefitStatus.RECLAIMABLE,
        True,
        _sfb_chapters("101–102"),
        "Pensionsmyndigheten beslutar om bostadstillägg till pensionärer; Försäkringskassan om bostadstillägg "
        "till den som har sjukersättning eller aktivitetsersättning.",
    ),
    Benefit(
        "guarantee_pension", "garantipension", (Agency.PM,), BenefitStatus.RECLAIMABLE, True, _sfb_chapters("66–67")
    ),
    Benefit(
        "child_allowance",
        "barnbidrag",
        (Agency.FK,),
        BenefitStatus.EXCLUDED,
        True,
        _sfb_chapters("15–16"),
        _EXCLUDED_NOTE,
    ),
    Benefit(
        "assistance_compensation",
        "assistansersättning",
        (Agency.FK,),
        BenefitStatus.EXCLUDED,
        True,
        _sfb_chapters("51"),
        _EXCLUDED_NOTE,
    ),
    Benefit(
        "activity_support", "aktivitetsstöd", (Agency.FK,), BenefitStatus.NOT_SFB_BENEFIT, True, _AMF, _NOT_SFB_NOTE
    ),
    Benefit(
        "establishment_allowance",
        "etableringsersättning",
        (Agency.FK,),
        BenefitStatus.NOT_SFB_BENEFIT,
        True,
        _AMF,
        _NOT_SFB_NOTE,
    ),
    Benefit(
        "development_allowance",
        "utvecklingsersättning",
        (Agency.FK,),
        BenefitStatus.NOT_SFB_BENEFIT,
        True,
        _AMF,
        _NOT_SFB_NOTE,
    ),
)


#: code -> benefit: the 16 codes of the ``reclaim`` contract.
BENEFITS: Final[Mapping[str, Benefit]] = {b.code: b for b in _BENEFIT_ROWS}


def benefit_by_code(code: str, *, field: str = "benefit") -> Benefit:
    """The table row for ``code``; :class:`InputError` naming ``field`` when unknown."""
    try:
        return BENEFITS[code]
    except (KeyError, TypeError):
        raise InputError(
            field, f"Okänd förmån {code!r}; kända förmåner: {', '.join(BENEFITS)}.", code="unknown_benefit"
        ) from None
