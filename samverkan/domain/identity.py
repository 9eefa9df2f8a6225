"""Swedish identity numbers: personnummer and samordningsnummer.

Sources: folkbokföringslagen (1991:481) 18 § (personnummer) and 18 a §
(samordningsnummer, day of birth + 60); Skatteverket SKV 704 (format, the
``+`` separator from the year a person turns 100, Luhn check digit).

The check digit is computed with ``stdnum.luhn`` (python-stdnum); parsing the
separators, the century and the reference date is done here because the
contracts need an explicit reference date (``on``), which the libraries read
from the system clock.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from stdnum import luhn

from samverkan.domain.dates import plausible
from samverkan.domain.errors import DomainError, InputError

CITATION = "folkbokföringslagen (1991:481) 18 och 18 a §§"

_PATTERN = re.compile(r"^(?P<century>\d{2})?(?P<date>\d{6})(?P<sep>[-+ ]?)(?P<serial>\d{3})(?P<check>\d)$")


class IdentityType(StrEnum):
    PERSONNUMMER = "personnummer"
    SAMORDNINGSNUMMER = "samordningsnummer"


class InvalidIdentityNumber(DomainError):
    """The number is not a valid personnummer or samordningsnummer."""


@dataclass(frozen=True, slots=True)
class IdentityNumber:
    """A parsed, valid identity number."""

    type: IdentityType
    birth_date: dt.date
    serial: str
    check_digit: str
    twelve_digits: str

    @property
    def normalized(self) -> str:
        """``YYYYMMDD-NNNN``: the form stored and shown everywhere."""
        return f"{self.twelve_digits[:8]}-{self.twelve_digits[8:]}"

    @property
    def is_samordningsnummer(self) -> bool:
        return self.type is IdentityType.SAMORDNINGSNUMMER

    @property
    def gender_digit_is_odd(self) -> bool:
        return int(self.serial[-1]) % 2 == 1


def _real_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _resolve_century(yy: int, month: int, day: int, plus: bool, on: dt.date) -> int:
    """The full year for a 10-digit number: the latest that is not after ``on``.

    With ``+`` the person is 100 or older on ``on``: one more century back.
    """
    year = (on.year // 100) * 100 + yy
    # Leap days: compare month and day without building an invalid date.
    if (year, month, day) > (on.year, on.month, on.day):
        year -= 100
    if plus:
        year -= 100
    return year


def parse_identity_number(text: str, *, on: dt.date) -> IdentityNumber:
    """Parse and validate; raises :class:`InvalidIdentityNumber` with a Swedish message.

    Accepts ``YYMMDD-NNNC``, ``YYMMDD+NNNC``, ``YYMMDDNNNC``, ``YYYYMMDD-NNNC`` and
    ``YYYYMMDDNNNC``. ``on`` is the reference date for the century of a 10-digit
    number and for a birth date in the future (the caller passes today; the domain reads no clock).
    """
    reference = on
    raw = (text or "").strip()
    if not raw:
        raise InvalidIdentityNumber("Ange ett personnummer eller samordningsnummer.", code="required")
    match = _PATTERN.match(raw)
    if match is None:
        digits = re.sub(r"\D", "", raw)
        if len(digits) not in (10, 12):
            raise InvalidIdentityNumber(
                f"Numret ska ha 10 eller 12 siffror (ÅÅMMDD-NNNN eller ÅÅÅÅMMDD-NNNN), inte {len(digits)}.",
                code="length",
            )
        raise InvalidIdentityNumber(
            "Numret får bara innehålla siffror och ett bindestreck eller plustecken före de fyra sista siffrorna.",
            code="format",
        )
    date_part = match["date"]
    yy, month, day = int(date_part[:2]), int(date_part[2:4]), int(date_part[4:6])
    kind = IdentityType.PERSONNUMMER
    if day > 60:
        kind = IdentityType.SAMORDNINGSNUMMER
        day -= 60
    plus = match["sep"] == "+"
    if match["century"] is not None:
        year = int(match["century"] + date_part[:2])
    else:
        year = _resolve_century(yy, month, day, plus, reference)
    birth = _real_date(year, month, day)
    if birth is None:
        what = "samordningsnumrets datumdel (dag + 60)" if kind is IdentityType.SAMORDNINGSNUMMER else "datumdelen"
        raise InvalidIdentityNumber(f"Ogiltigt datum: {what} {date_part} är inget riktigt datum.", code="date")
    if birth > reference and match["century"] is not None:
        raise InvalidIdentityNumber(f"Födelsedatumet {birth.isoformat()} ligger i framtiden.", code="future")
    if match["serial"] == "000":
        raise InvalidIdentityNumber(
            "Födelsenumret (de tre siffrorna efter datumet) är 000, och det tilldelas aldrig: det ska vara 001–999.",
            code="serial",
        )
    ten = date_part + match["serial"] + match["check"]
    expected = luhn.calc_check_digit(ten[:9])
    if expected != match["check"]:
        raise InvalidIdentityNumber(
            f"Kontrollsiffran stämmer inte: den sista siffran ska vara {expected}, inte {match['check']}. "
            "Kontrollera att numret är rätt inskrivet.",
            code="checksum",
        )
    twelve = f"{year:04d}"[:2] + ten
    return IdentityNumber(
        type=kind,
        birth_date=birth,
        serial=match["serial"],
        check_digit=match["check"],
        twelve_digits=twelve,
    )


def normalize_identity_number(text: str, *, on: dt.date) -> str:
    """The stored form ``YYYYMMDD-NNNN``; raises :class:`InvalidIdentityNumber`."""
    return parse_identity_number(text, on=on).normalized


#: The input key of the reference date; the scenario runner fills it with today when it is left out.
REFERENCE_DATE_KEY = "on"


def evaluate(data: Mapping[str, Any]) -> dict[str, Any]:
    """Rule-scenario kind ``identity`` (contracts/README.md); ``on`` is today unless the scenario gives it."""
    unknown = sorted(set(data) - {"number", "on"})
    if unknown:
        raise InputError(unknown[0], f"Okänt fält: {', '.join(unknown)}.", code="unknown")
    if "number" not in data or not isinstance(data["number"], str):
        raise InputError("number", 'måste anges som text, t.ex. "811218-9876".')
    raw_on = data.get("on")
    if not isinstance(raw_on, str) or len(raw_on) != 10:
        raise InputError("on", "måste vara ett datum i formen ÅÅÅÅ-MM-DD.", code="date")
    try:
        on = dt.date.fromisoformat(raw_on)
    except ValueError as exc:
        raise InputError("on", "måste vara ett datum i formen ÅÅÅÅ-MM-DD.", code="date") from exc
    plausible(on, "on")
    try:
        parsed = parse_identity_number(data["number"], on=on)
    except InvalidIdentityNumber as exc:
        return {"valid": False, "error": exc.message, "error_code": exc.code, "citation": CITATION}
    return {
        "valid": True,
        "type": parsed.type.value,
        "normalized": parsed.normalized,
        "birth_date": parsed.birth_date.isoformat(),
        "citation": CITATION,
    }
