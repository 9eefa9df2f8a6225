"""Statute references as data: every rule in the domain layer cites one of these.

A :class:`Citation` names one provision of one statute (``"15 kap. 11 §"`` of
``"SoL (2025:400)"``) and the period its wording is in force. When the law
changes, the old and the new wording are two citations with adjoining validity
periods; :func:`in_force` picks the one for a given day. A decision dated before
2025-07-01 thus cites socialtjänstlagen (2001:453) and one from that day the new
socialtjänstlagen (2025:400), which replaced it (prop. 2024/25:89).

Adding a statute is one :class:`Statute` in :data:`STATUTES`; adding a provision
is one :class:`Citation` constant. Other domain modules (disclosure, reclaim,
rehab, messaging) import the constants from here and never spell a citation
themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from samverkan.domain.errors import DomainError, InputError

#: The day the new socialtjänstlag (2025:400) replaced socialtjänstlagen (2001:453).
NEW_SOL_IN_FORCE = dt.date(2025, 7, 1)
#: The last day the old socialtjänstlag (2001:453) applied.
OLD_SOL_LAST_DAY = dt.date(2025, 6, 30)


@dataclass(frozen=True, slots=True)
class Statute:
    """One statute (lag, förordning or balk).

    ``code`` is the short key used in :class:`Citation` (``"SoL (2025:400)"``),
    ``cited_as`` the form that follows the section in running Swedish text
    (``"socialtjänstlagen (2025:400)"``), ``title`` the full official title.
    """

    code: str
    sfs: str
    cited_as: str
    title: str
    abbreviation: str = ""


def _statutes(*items: Statute) -> Mapping[str, Statute]:
    return MappingProxyType({s.code: s for s in items})


#: Every statute the domain layer cites, by code.
STATUTES: Mapping[str, Statute] = _statutes(
    Statute(
        "SoL (2001:453)",
        "2001:453",
        "socialtjänstlagen (2001:453)",
        "Socialtjänstlag (2001:453)",
        "SoL",
    ),
    Statute(
        "SoL (2025:400)",
        "2025:400",
        "socialtjänstlagen (2025:400)",
        "Socialtjänstlag (2025:400)",
        "SoL",
    ),
    Statute(
        "F (2008:975)",
        "2008:975",
        "förordningen (2008:975)",
        "Förordning (2008:975) om uppgiftsskyldighet i vissa fall enligt socialtjänstlagen",
    ),
    Statute(
        "OSL (2009:400)",
        "2009:400",
        "offentlighets- och sekretesslagen (2009:400)",
        "Offentlighets- och sekretesslag (2009:400)",
        "OSL",
    ),
    Statute(
        "SFB (2010:110)",
        "2010:110",
        "socialförsäkringsbalken (2010:110)",
        "Socialförsäkringsbalk (2010:110)",
        "SFB",
    ),
    Statute(
        "Lag (2019:1297)",
        "2019:1297",
        "lagen (2019:1297) om koordineringsinsatser för sjukskrivna patienter",
        "Lag (2019:1297) om koordineringsinsatser för sjukskrivna patienter",
    ),
    Statute(
        "FB (1949:381)",
        "1949:381",
        "föräldrabalken (1949:381)",
        "Föräldrabalk (1949:381)",
        "FB",
    ),
)


def statute(code: str) -> Statute:
    """The statute with ``code``; raises :class:`InputError` for an unknown code."""
    try:
        return STATUTES[code]
    except KeyError:
        known = ", ".join(sorted(STATUTES))
        raise InputError("statute", f"Okänd författning {code!r}. Kända: {known}.", code="unknown_statute") from None


@dataclass(frozen=True, slots=True)
class Citation:
    """One provision of one statute, in one wording (valid_from..valid_to, both inclusive).

    ``section`` is the chapter and section as written in Swedish law
    (``"15 kap. 11 §"``, ``"3 §"``, ``"110 kap. 14 § första stycket 4"``).
    ``None`` as a bound means open-ended.
    """

    statute: str
    section: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def __post_init__(self) -> None:
        statute(self.statute)  # unknown statute codes fail at import, not at decision time
        if not self.section.strip():
            raise InputError("section", "Ange kapitel och paragraf, t.ex. ”15 kap. 11 §”.", code="required")
        if self.valid_from is not None and self.valid_to is not None and self.valid_to < self.valid_from:
            raise InputError(
                "valid_to",
                f"Giltighetens slut {self.valid_to.isoformat()} ligger före dess början {self.valid_from.isoformat()}.",
                code="order",
            )

    @property
    def text(self) -> str:
        """The full Swedish citation, e.g. ``"15 kap. 11 § socialtjänstlagen (2025:400)"``."""
        return f"{self.section} {STATUTES[self.statute].cited_as}"

    @property
    def short(self) -> str:
        """The short form with the abbreviation when there is one, e.g. ``"10 kap. 28 § OSL"``."""
        law = STATUTES[self.statute]
        if law.abbreviation:
            return f"{self.section} {law.abbreviation} ({law.sfs})"
        return self.text

    def in_force_on(self, on: dt.date) -> bool:
        """Whether this wording applies on ``on`` (both bounds inclusive)."""
        if self.valid_from is not None and on < self.valid_from:
            return False
        return not (self.valid_to is not None and on > self.valid_to)

    def to_dict(self) -> dict[str, Any]:
        """JSON-compatible form, for decision snapshots."""
        return {
            "statute": self.statute,
            "section": self.section,
            "valid_from": self.valid_from.isoformat() if self.valid_from else None,
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "text": self.text,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Citation:
        """Inverse of :meth:`to_dict` (``text`` is derived and ignored)."""

        def day(key: str) -> dt.date | None:
            value = data.get(key)
            return None if value is None else dt.date.fromisoformat(str(value))

        return cls(str(data["statute"]), str(data["section"]), day("valid_from"), day("valid_to"))

    def __str__(self) -> str:
        return self.text


class NoCitationInForce(DomainError):
    """No wording (or more than one) of a provision applies on the day asked for."""


def in_force(citations: Iterable[Citation], on: dt.date) -> Citation:
    """The one wording among ``citations`` in force on ``on``.

    Raises :class:`NoCitationInForce` when none, or more than one, applies:
    overlapping wordings are an error in the data, never resolved by guessing.
    """
    matching = [c for c in citations if c.in_force_on(on)]
    if len(matching) == 1:
        return matching[0]
    if not matching:
        raise NoCitationInForce(
            f"Ingen lydelse av bestämmelsen gäller den {on.isoformat()}.",
            code="no_citation",
        )
    texts = "; ".join(sorted(c.text for c in matching))
    raise NoCitationInForce(
        f"Flera lydelser gäller samtidigt den {on.isoformat()} ({texts}); rätta regeldata.",
        code="overlapping_citations",
    )


def all_in_force(citations: Iterable[Citation], on: dt.date) -> tuple[Citation, ...]:
    """Every citation among ``citations`` in force on ``on``, in the given order."""
    return tuple(c for c in citations if c.in_force_on(on))


def join_texts(citations: Iterable[Citation]) -> str:
    """``"15 kap. 11 § socialtjänstlagen (2025:400), 5 § förordningen (2008:975)"``."""
    return ", ".join(c.text for c in citations)


def _old_sol(section: str) -> Citation:
    return Citation("SoL (2001:453)", section, None, OLD_SOL_LAST_DAY)


def _new_sol(section: str) -> Citation:
    return Citation("SoL (2025:400)", section, NEW_SOL_IN_FORCE, None)


def _osl(section: str) -> Citation:
    return Citation("OSL (2009:400)", section)


def _sfb(section: str) -> Citation:
    return Citation("SFB (2010:110)", section)


# --- Socialtjänstlagen: duty to disclose to socialnämnden --------------------------------------
# Old SoL 11 kap. 11 § (FK, PM, CSN, a-kassor) became new SoL 15 kap. 10 §; old 11 kap. 11 a §
# (Arbetsförmedlingen) became 15 kap. 11 §; old 11 kap. 11 b § (Skatteverket) became 15 kap. 12 §.
SOL_2001_11_11 = _old_sol("11 kap. 11 §")
SOL_2001_11_11A = _old_sol("11 kap. 11 a §")
SOL_2001_11_11B = _old_sol("11 kap. 11 b §")
SOL_2025_15_10 = _new_sol("15 kap. 10 §")
SOL_2025_15_11 = _new_sol("15 kap. 11 §")
SOL_2025_15_12 = _new_sol("15 kap. 12 §")

#: Duty of FK, PM, CSN and the a-kassor to disclose to socialnämnden, both wordings.
SOL_DUTY_BENEFITS: tuple[Citation, ...] = (SOL_2001_11_11, SOL_2025_15_10)
#: Duty of Arbetsförmedlingen to disclose to socialnämnden, both wordings.
SOL_DUTY_EMPLOYMENT_SERVICE: tuple[Citation, ...] = (SOL_2001_11_11A, SOL_2025_15_11)
#: Duty of Skatteverket to disclose to socialnämnden, both wordings.
SOL_DUTY_TAX_AGENCY: tuple[Citation, ...] = (SOL_2001_11_11B, SOL_2025_15_12)

# --- Socialtjänstlagen: ekonomiskt bistånd and återkrav -----------------------------------------
SOL_2001_4_1 = _old_sol("4 kap. 1 §")
SOL_2001_4_2 = _old_sol("4 kap. 2 §")
SOL_2001_9_1 = _old_sol("9 kap. 1 §")
SOL_2001_9_2 = _old_sol("9 kap. 2 §")
SOL_2025_12_1 = _new_sol("12 kap. 1 §")
SOL_2025_12_2 = _new_sol("12 kap. 2 §")
SOL_2025_33_1 = _new_sol("33 kap. 1 §")
SOL_2025_33_2 = _new_sol("33 kap. 2 §")

#: Rätt till ekonomiskt bistånd (försörjningsstöd och livsföring i övrigt), both wordings.
SOL_ASSISTANCE: tuple[Citation, ...] = (SOL_2001_4_1, SOL_2025_12_1)
#: Bistånd utöver rätten (skälig levnadsnivå ej krav), both wordings.
SOL_DISCRETIONARY_ASSISTANCE: tuple[Citation, ...] = (SOL_2001_4_2, SOL_2025_12_2)
#: Återkrav of bistånd paid on wrong information, both wordings.
SOL_REPAYMENT_CLAIM_WRONGFUL: tuple[Citation, ...] = (SOL_2001_9_1, SOL_2025_33_1)
#: Återkrav of bistånd given as an advance on a benefit, both wordings.
SOL_REPAYMENT_CLAIM_ADVANCE: tuple[Citation, ...] = (SOL_2001_9_2, SOL_2025_33_2)

# --- Förordning (2008:975) om uppgiftsskyldighet i vissa fall enligt socialtjänstlagen ----------
F_2008_975_2 = Citation("F (2008:975)", "2 §")  # Centrala studiestödsnämnden
F_2008_975_3 = Citation("F (2008:975)", "3 §")  # Försäkringskassan
F_2008_975_4 = Citation("F (2008:975)", "4 §")  # arbetslöshetskassorna
F_2008_975_5 = Citation("F (2008:975)", "5 §")  # Arbetsförmedlingen
F_2008_975_6 = Citation("F (2008:975)", "6 §")  # Skatteverket
F_2008_975_7 = Citation("F (2008:975)", "7 §")  # Pensionsmyndigheten

# --- Offentlighets- och sekretesslagen (2009:400) ----------------------------------------------
OSL_10_2 = _osl("10 kap. 2 §")  # utlämnande nödvändigt för den egna verksamheten
OSL_10_27 = _osl("10 kap. 27 §")  # generalklausulen
OSL_10_28 = _osl("10 kap. 28 §")  # uppgiftsskyldighet enligt lag eller förordning bryter sekretessen
OSL_12_2 = _osl("12 kap. 2 §")  # den enskilde kan efterge sekretessen (samtycke)
OSL_12_3 = _osl("12 kap. 3 §")  # vårdnadshavare för underårig
OSL_25_1 = _osl("25 kap. 1 §")  # hälso- och sjukvård
OSL_26_1 = _osl("26 kap. 1 §")  # socialtjänst
OSL_27_1 = _osl("27 kap. 1 §")  # skattesekretess (Skatteverket)
#: Studiestöd (CSN): the chapter is cited; the section is not among the project's sources.
OSL_28 = _osl("28 kap.")
OSL_28_1 = _osl("28 kap. 1 §")  # socialförsäkring (FK, PM)
OSL_28_11 = _osl("28 kap. 11 §")  # Arbetsförmedlingen
OSL_28_13 = _osl("28 kap. 13 §")  # arbetslöshetsförsäkringen

# --- Socialförsäkringsbalken (2010:110) --------------------------------------------------------
SFB_30_8 = _sfb("30 kap. 8 §")
SFB_30_9 = _sfb("30 kap. 9 §")
SFB_30_10 = _sfb("30 kap. 10 §")  # samverkan i rehabilitering kräver den försäkrades samtycke
SFB_30_11 = _sfb("30 kap. 11 §")
# The general benefits a person must seek first (SoL 12 kap. 1 §; the controls' prompts), by chapter.
SFB_27 = _sfb("27 kap.")  # sjukpenning
SFB_33 = _sfb("33 kap.")  # sjukersättning och aktivitetsersättning
SFB_67 = _sfb("67 kap.")  # garantipension
SFB_97 = _sfb("97 kap.")  # bostadsbidrag
SFB_102 = _sfb("102 kap.")  # bostadstillägg
SFB_107_5 = _sfb("107 kap. 5 §")  # återsökning: retroaktiv ersättning till socialnämnden
SFB_110_14 = _sfb("110 kap. 14 §")  # utredningsåtgärder, bl.a. avstämningsmöte (p. 4)
SFB_110_57 = _sfb("110 kap. 57 §")  # förmåner som 58 § gäller, även sjukersättning och aktivitetsersättning
SFB_110_58 = _sfb("110 kap. 58 §")  # nedsättning när den försäkrade inte medverkar

# --- Övrigt ------------------------------------------------------------------------------------
LAG_2019_1297_4 = Citation("Lag (2019:1297)", "4 §")  # regionen informerar FK med patientens samtycke
FB_6_11 = Citation("FB (1949:381)", "6 kap. 11 §")  # vårdnadshavarens bestämmanderätt
FB_6_13 = Citation("FB (1949:381)", "6 kap. 13 §")  # två vårdnadshavare beslutar gemensamt


def _registry() -> Mapping[str, Citation]:
    found = {name: value for name, value in globals().items() if isinstance(value, Citation) and name.isupper()}
    return MappingProxyType(dict(sorted(found.items())))


#: Every named citation constant of this module, by its Python name (for lookups from data).
CITATIONS: Mapping[str, Citation] = _registry()


def citation(name: str) -> Citation:
    """The citation constant called ``name`` (e.g. ``"OSL_10_28"``); raises :class:`InputError`."""
    try:
        return CITATIONS[name]
    except KeyError:
        raise InputError("citation", f"Okänd lagrumshänvisning {name!r}.", code="unknown_citation") from None
