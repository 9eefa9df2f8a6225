"""Personal data in free text: find personnummer, samordningsnummer and names before a message leaves.

Sources:

- Region Sörmland–Försäkringskassan, *Riktlinjer för kommunikation med Försäkringskassan*
  (2020, seed 004): "Personuppgifter får inte mejlas, d v s information som finns i mejlet får
  inte kunna härledas till ett individärende av utomstående part." E-mail is for general
  questions, contact requests and meeting confirmations only; anything about a person goes by the
  administrative question (answer within at most 7 days), the telephone or a secure channel.
- Folkbokföringslagen (1991:481) 18 § (personnummer) and 18 a § (samordningsnummer: day of birth
  + 60); Skatteverket SKV 704 (``YYMMDD-NNNC``, ``+`` from the year a person turns 100, 12 digits
  with the century). See :mod:`samverkan.domain.identity`.
- contracts/README.md, kind ``pii``.

What counts as an identity number here (contracts/README.md, kind ``pii``; the safe reading: a
leak is worse than a false alarm):

- 10 digits ``YYMMDDNNNC`` or 12 digits ``YYYYMMDDNNNC``, spelled the ways people write them and
  no other way:

  - inside the date part the same separator (one space, ``-`` or ``.``) stands after the year and
    after the month, or none does (``1985-11-06``, ``1985 11 06``, ``85.11.06``, ``851106``);
  - after the day may stand one space, ``-``, ``+`` (SKV 704: from the year a person turns 100) or
    an en dash ``–`` (the dash word processors put in on their own);
  - when a separator stands after the day, the last four digits may be split into two pairs by one
    space or ``-``: ``19851106-9957``, ``1985 11 06 9957``, ``1985-11-06-99-57``, ``851106 99 57``.

  Other look-alikes (no-break spaces, the minus sign, other dashes) are not in the contract and do
  not make a number: "Digits grouped any other way are not a number of a person".
- Digits are ASCII ``0``–``9`` or full-width ``０``–``９`` (U+FF10–FF19, typed by an East Asian input
  method), also mixed. Zero-width characters (U+200B, U+200C, U+200D, U+2060, U+FEFF), which
  copying from web pages and PDFs leaves behind, are ignored wherever they stand; a finding's
  ``start`` and ``end`` are still indices into the text as written, first digit to last.
- The date part must be a real calendar date, with day + 60 for a samordningsnummer. A 10-digit
  number has no century, and the detector has no reference date, so its date is tried in the
  1800s, 1900s and 2000s: ``000229`` is real (2000-02-29). A 12-digit number must start with 18,
  19 or 20.
- The check digit is **not** required: a mistyped number still points at a person. Each finding
  says whether the check digit is valid.
- The digits must stand alone: a number directly preceded or followed by another digit is not a
  match (``0046701234567``, IBAN ``SE4550000000058398257466``), and neither is one that directly
  follows ``+`` (an international telephone number such as ``+4611123456``: a personnummer is
  never written after a plus sign).

What is therefore never flagged, by construction: dates alone and dates followed by a time
(``2026-03-15``, ``20260315``, ``2026-03-15 10.00``), amounts (``12 500 kr``, ``12 500,00``,
``1 234 567,00``), telephone numbers written in groups (``0771-17 90 00``, ``0410-73 30 00``,
``070-123 45 67``, ``0771-524 524``, ``08-123 456 78``, ``+46 8 123 45 67``), case numbers
(``Dnr 2026-123456``, ``2026-00042``, ``ärende 2026/1234``), organisation numbers (the month part
of an organisationsnummer is 20 or more) and bank numbers written as banks write them (IBAN,
bankgiro ``5050-1055``, plusgiro ``4 78 90-1``, clearing and account in groups). None of them is a
date part followed by four digits in one of the spellings above. A date directly followed by four
digits (``2026-03-15 1234``) is flagged: that is what a personnummer looks like.

Known limit, chosen on purpose: ten digits written without any grouping whose first six form a
date cannot be told from a personnummer, whatever they are (``0701234567`` may be a mobile
number, or the personnummer of someone born on 23 January 2007). They are flagged, and the
message suggests writing a telephone number with its area code and a dash.

Names: :func:`find_names` finds the names of the persons in the sender's own cases, case
insensitively, on word boundaries that know å, ä, ö and é, as the full name or as a first name with
the surname in either order (``Anna Andersson``, ``Andersson Anna``, ``Andersson, Anna``), also in
the genitive (``Anna Anderssons``). ``e`` and ``é`` are treated as the same letter.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from stdnum import luhn

from samverkan.domain.errors import InputError
from samverkan.domain.identity import IdentityType

#: The rule every blocked message cites (seed 004).
EMAIL_RULE = (
    "Personuppgifter får inte mejlas, d v s information som finns i mejlet får inte kunna härledas till ett "
    "individärende av utomstående part."
)
EMAIL_RULE_SOURCE = "Riktlinjer för kommunikation med Försäkringskassan (Region Sörmland och Försäkringskassan, 2020)"
#: Citation for the identity-number format.
IDENTITY_CITATION = "folkbokföringslagen (1991:481) 18 och 18 a §§"

#: What to use instead of e-mail (seed 004; docs/domain.md §8; Försäkringskassan's partner line, seed 000).
SECURE_CHANNELS = (
    "Skicka uppgifter om en person i en säker kanal i stället: ställ en administrativ fråga i Samverkan "
    "(svar inom högst 7 dagar) eller använd den säkra meddelandefunktionen, eller ring "
    "(Försäkringskassans kundcenter för partner: 0771-17 90 00). "
    "Mejl får bara användas för generella frågor, kontaktförfrågningar och mötesbekräftelser."
)

#: Full-width digits (U+FF10–FF19) count as digits (contracts/README.md, kind ``pii``).
_FULL_WIDTH_DIGITS = "".join(chr(0xFF10 + i) for i in range(10))
_TO_ASCII_DIGITS = str.maketrans(_FULL_WIDTH_DIGITS, "0123456789")
#: Zero-width characters are ignored wherever they stand (contracts/README.md, kind ``pii``).
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")

# The spellings of contracts/README.md, kind ``pii``, matched on the text with zero-width
# characters removed and full-width digits made ASCII (see :func:`_normalise`):
#   year (4 or 2 digits), the same separator [ .-] or none after the year and after the month,
#   the day; then either four digits directly, or one of [ +-–] and two pairs of digits with one
#   of [ -] or nothing between them. Not directly after a digit or "+", not directly before a
#   digit. A 12-digit and a 10-digit reading can never both match at one position (the digit
#   boundaries tell them apart); both are still tried, see :func:`find_identity_numbers`.
_DATE_SEPARATOR = r"(?P<s1>[ .\-]?)"
_DAY_SEPARATOR = "[ +\\-\u2013]"
_PAIR_SEPARATOR = r"[ \-]?"


def _number_pattern(year_digits: int) -> re.Pattern[str]:
    return re.compile(
        r"(?<![0-9+])"
        rf"(?P<year>[0-9]{{{year_digits}}}){_DATE_SEPARATOR}(?P<month>[0-9]{{2}})(?P=s1)(?P<day>[0-9]{{2}})"
        rf"(?:{_DAY_SEPARATOR}(?P<pair1>[0-9]{{2}}){_PAIR_SEPARATOR}(?P<pair2>[0-9]{{2}})|(?P<last>[0-9]{{4}}))"
        r"(?![0-9])"
    )


_TWELVE_DIGITS = _number_pattern(4)
_TEN_DIGITS = _number_pattern(2)
#: Where a number may start: a digit that does not follow a digit or "+".
_CANDIDATE_START = re.compile(r"(?<![0-9+])[0-9]")

_CENTURIES_FOR_TEN_DIGITS = (18, 19, 20)


class FindingType(StrEnum):
    PERSONNUMMER = "personnummer"
    SAMORDNINGSNUMMER = "samordningsnummer"
    NAME = "name"

    @property
    def label(self) -> str:
        """The noun in its definite form, for "Ta bort …"."""
        return {
            "personnummer": "personnumret",
            "samordningsnummer": "samordningsnumret",
            "name": "namnet",
        }[self.value]


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of personal data in a text.

    ``start`` and ``end`` are character offsets into the text (``end`` exclusive), so
    ``text[start:end] == finding.text``. ``check_digit_valid`` is ``None`` for names.
    """

    type: FindingType
    start: int
    end: int
    text: str
    check_digit_valid: bool | None = None

    @property
    def masked(self) -> str:
        """A form safe to show in a message or a log: ``811218-****`` or the initials of a name."""
        if self.type is FindingType.NAME:
            initials = [part[0].upper() + "." for part in re.split(r"[\s,]+", self.text) if part]
            return "(initialer " + " ".join(initials) + ")"
        return _ascii_digits(self.text)[:-4] + "-****"

    def to_contract(self) -> dict[str, Any]:
        """The contract form ``{type, start, end}`` (contracts/README.md, kind ``pii``)."""
        return {"type": self.type.value, "start": self.start, "end": self.end}


class EmailPart(StrEnum):
    SUBJECT = "subject"
    BODY = "body"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class LocatedFinding:
    """A finding with where it is in a message: which part, line and column (both from 1)."""

    part: EmailPart
    line: int
    column: int
    finding: Finding

    @property
    def type(self) -> FindingType:
        return self.finding.type

    @property
    def start(self) -> int:
        return self.finding.start

    @property
    def end(self) -> int:
        return self.finding.end

    @property
    def where(self) -> str:
        if self.part is EmailPart.SUBJECT:
            return "i ämnesraden"
        return f"på rad {self.line}"

    @property
    def instruction(self) -> str:
        """``"Ta bort personnumret 811218-**** på rad 2."``"""
        note = ""
        if self.finding.check_digit_valid is False:
            note = " (kontrollsiffran stämmer inte, men numret kan ändå peka ut en person)"
        return f"Ta bort {self.finding.type.label} {self.finding.masked}{note} {self.where}."


@dataclass(frozen=True, slots=True)
class EmailCheck:
    """The result of :func:`check_outgoing_email`: ``blocked`` when anything was found."""

    blocked: bool
    findings: tuple[LocatedFinding, ...]
    message: str


def _date_part_type(year: str, month: str, day: str) -> IdentityType | None:
    """The kind of number if the date part is a real date (day + 60: samordningsnummer), else None.

    ``year`` has four digits (then the century must be 18, 19 or 20) or two (then any of those
    centuries will do: the detector has no reference date).
    """
    yy, mm, dd = int(year[-2:]), int(month), int(day)
    kind = IdentityType.PERSONNUMMER
    if dd > 60:
        kind = IdentityType.SAMORDNINGSNUMMER
        dd -= 60
    if len(year) == 4:
        if int(year[:2]) not in _CENTURIES_FOR_TEN_DIGITS:
            return None
        years: Sequence[int] = (int(year),)
    else:
        years = [c * 100 + yy for c in _CENTURIES_FOR_TEN_DIGITS]
    for candidate in years:
        try:
            dt.date(candidate, mm, dd)
        except ValueError:
            continue
        return kind
    return None


def _normalise(text: str) -> tuple[str, list[int]]:
    """``text`` without zero-width characters and with ASCII digits, and where each character came from.

    ``origin[i]`` is the index in ``text`` of character ``i`` of the normalised text; the
    normalised text only drops characters and maps one digit to one digit.
    """
    kept = [(i, c) for i, c in enumerate(text) if c not in _ZERO_WIDTH]
    normalised = "".join(c for _, c in kept).translate(_TO_ASCII_DIGITS)
    return normalised, [i for i, _ in kept]


def _ascii_digits(text: str) -> str:
    """The digits of ``text`` as ASCII, full-width digits included, everything else dropped."""
    return re.sub(r"[^0-9]", "", text.translate(_TO_ASCII_DIGITS))


def find_identity_numbers(text: str) -> list[Finding]:
    """Every personnummer and samordningsnummer in ``text``, in order of position.

    A number whose check digit is wrong is still found (``check_digit_valid`` False). ``start``
    and ``end`` are code-point indices into ``text`` as written (zero-width characters inside
    the number included), from the first digit to the last.
    """
    if not isinstance(text, str):
        raise InputError("text", "Texten ska vara en sträng.")
    normalised, origin = _normalise(text)
    findings = []
    position = 0
    while (candidate := _CANDIDATE_START.search(normalised, position)) is not None:
        at = candidate.start()
        found = None
        for pattern in (_TWELVE_DIGITS, _TEN_DIGITS):
            match = pattern.match(normalised, at)
            if match is None:
                continue
            kind = _date_part_type(match["year"], match["month"], match["day"])
            if kind is not None:
                found = (match, kind)
                break
        if found is None:
            position = at + 1
            continue
        match, kind = found
        start, end = origin[match.start()], origin[match.end() - 1] + 1
        last = match["last"] or match["pair1"] + match["pair2"]
        findings.append(
            Finding(
                type=FindingType(kind.value),
                start=start,
                end=end,
                text=text[start:end],
                check_digit_valid=luhn.is_valid(match["year"][-2:] + match["month"] + match["day"] + last),
            )
        )
        position = match.end()
    return findings


def _letter_pattern(char: str) -> str:
    if char.lower() in ("e", "é"):
        return "[eé]"
    return re.escape(char)


def _token_pattern(token: str) -> str:
    return "".join(_letter_pattern(c) for c in token)


def _name_variants(name: str) -> set[str]:
    """Regex alternatives for one person's name: full, first + surname, surname + first."""
    tokens = name.split()
    if not tokens:
        return set()
    patterns = [_token_pattern(t) for t in tokens]
    gap = r"\s+"
    reversed_gap = r"(?:\s*,\s*|\s+)"
    variants = {gap.join(patterns)}
    if len(tokens) > 1:
        surname, given = patterns[-1], patterns[:-1]
        variants.add(surname + reversed_gap + gap.join(given))
        for first in given:
            variants.add(first + gap + surname)
            variants.add(surname + reversed_gap + first)
        # An initial with the surname ("A. Axelsson", "A Axelsson", "Axelsson, A.") still ties the
        # text to the person in the sender's case (seed 004: nothing that lets an outsider tie it).
        for token in tokens[:-1]:
            initial = _letter_pattern(token[0])
            variants.add(initial + r"(?:\.\s*|\s+)" + surname)
            variants.add(surname + r"\s*,\s*" + initial + r"\.?")
    return variants


# A name stands alone: no letter or digit right before it or after it (å, ä, ö, é are letters:
# Python's \w is Unicode-aware), allowing a Swedish genitive ending (Annas, Anna's, SVT:s).
_GENITIVE = r"(?:s|['’]s?|:s)?"


def find_names(text: str, names: Iterable[str]) -> list[Finding]:
    """Every occurrence in ``text`` of a name in ``names`` (the persons in the sender's own cases).

    Matches the full name, each first name together with the surname in either order, and the
    initial of a first name with the surname (``A. Axelsson``, ``Axelsson, A.``), case-insensitively and on word boundaries; never a part of another word
    (``Anna`` is not found in ``Annika`` nor ``Berg`` in ``Bergström``).
    """
    if not isinstance(text, str):
        raise InputError("text", "Texten ska vara en sträng.")
    if isinstance(names, str):
        raise InputError("names", "Ange namnen som en lista, ett namn per post.")
    variants: set[str] = set()
    for name in names:
        if not isinstance(name, str):
            raise InputError("names", f"Varje namn ska vara en text, inte {name!r}.")
        variants |= _name_variants(name)
    if not variants:
        return []
    # Longest alternatives first, so "Anna Maria Andersson" wins over "Maria Andersson".
    alternatives = sorted(variants, key=lambda v: (-len(v), v))
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")" + _GENITIVE + r"(?!\w)", re.IGNORECASE)
    return [
        Finding(type=FindingType.NAME, start=m.start(), end=m.end(), text=m.group(0)) for m in pattern.finditer(text)
    ]


def find_personal_data(text: str, names: Iterable[str] = ()) -> list[Finding]:
    """Identity numbers and names together, ordered by position (they never overlap)."""
    found = find_identity_numbers(text) + find_names(text, names)
    return sorted(found, key=lambda f: (f.start, f.end))


def locate(findings: Iterable[Finding], text: str, part: EmailPart) -> list[LocatedFinding]:
    """Line and column (from 1) of each finding in ``text``."""
    located = []
    for f in findings:
        line = text.count("\n", 0, f.start) + 1
        line_start = text.rfind("\n", 0, f.start) + 1
        located.append(LocatedFinding(part=part, line=line, column=f.start - line_start + 1, finding=f))
    return located


def _phone_hint(findings: Iterable[LocatedFinding]) -> str:
    for lf in findings:
        raw = _normalise(lf.finding.text)[0]
        if lf.finding.type is not FindingType.NAME and raw.startswith("0") and len(raw) == 10 and raw.isdigit():
            return (
                " Är något av numren ett telefonnummer? Skriv det då med riktnummer och bindestreck, "
                "t.ex. 070-123 45 67, så stoppas det inte."
            )
    return ""


def explain(findings: Sequence[LocatedFinding], *, kind: str = "Mejlet") -> str:
    """The Swedish message: what to remove, where, and which secure channel to use instead."""
    if not findings:
        return (
            f"{kind} innehåller inga personnummer, samordningsnummer eller namn från dina ärenden. "
            "Tänk på att mejl bara får användas för generella frågor, kontaktförfrågningar och mötesbekräftelser."
        )
    lines = [
        f"{kind} kan inte skickas: det innehåller personuppgifter. ”{EMAIL_RULE}” – {EMAIL_RULE_SOURCE}.",
        *(lf.instruction for lf in findings),
    ]
    hint = _phone_hint(findings)
    lines.append(SECURE_CHANNELS + hint)
    return "\n".join(lines)


def check_text(text: str, names: Iterable[str] = ()) -> EmailCheck:
    """Check one free text (a message body, a note) as if it were about to be e-mailed."""
    located = locate(find_personal_data(text, names), text, EmailPart.TEXT)
    return EmailCheck(blocked=bool(located), findings=tuple(located), message=explain(located, kind="Texten"))


def check_outgoing_email(subject: str, body: str, names: Iterable[str] = ()) -> EmailCheck:
    """Block an e-mail that carries personal data (seed 004: "Personuppgifter får inte mejlas").

    ``names`` are the names of the persons in the sender's own cases. Offsets of the findings
    are into the subject or the body, as each finding's ``part`` says.
    """
    if not isinstance(subject, str):
        raise InputError("subject", "Ämnesraden ska vara en text.")
    if not isinstance(body, str):
        raise InputError("body", "Meddelandet ska vara en text.")
    name_list = list(names) if not isinstance(names, str) else names
    located = locate(find_personal_data(subject, name_list), subject, EmailPart.SUBJECT) + locate(
        find_personal_data(body, name_list), body, EmailPart.BODY
    )
    return EmailCheck(blocked=bool(located), findings=tuple(located), message=explain(located))


#: The input keys of kind ``pii``: ``text`` (contracts/README.md) and ``names`` (this project's extension).
_INPUT_KEYS = ("text", "names")


def evaluate(data: Mapping[str, Any]) -> dict[str, Any]:
    """Rule-scenario kind ``pii`` (contracts/README.md).

    Input ``text``; optionally ``names`` (the names of the persons in the sender's cases).
    Result ``blocked``, ``findings`` [{type, start, end}], a Swedish ``message`` and ``details``
    (per finding: the masked text, line, and whether the check digit is valid).
    """
    unknown = sorted(str(key) for key in data if key not in _INPUT_KEYS)
    if unknown:
        raise InputError(
            unknown[0], f"Okänt fält: {', '.join(unknown)}. Kända fält: {', '.join(_INPUT_KEYS)}.", code="unknown"
        )
    text = data.get("text")
    if not isinstance(text, str):
        raise InputError("text", 'måste anges som text, t.ex. "Gäller klienten 811218-9876".')
    names = data.get("names") or []
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise InputError("names", "ska vara en lista med namn (texter).")
    result = check_text(text, names)
    return {
        "blocked": result.blocked,
        "findings": [lf.finding.to_contract() for lf in result.findings],
        "message": result.message,
        "details": [
            {
                **lf.finding.to_contract(),
                "masked": lf.finding.masked,
                "line": lf.line,
                "check_digit_valid": lf.finding.check_digit_valid,
            }
            for lf in result.findings
        ],
        "citation": f"{EMAIL_RULE_SOURCE}; {IDENTITY_CITATION}",
    }
