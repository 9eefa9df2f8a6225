"""Exact money in kronor: parse, round once to öre, format in Swedish, store as öre.

Money is :class:`decimal.Decimal` with two decimals (kronor and öre), never
``float``: a float cannot hold 0,10 kr exactly. Amounts are stored as whole öre
(:func:`to_ore` / :func:`from_ore`), so a database column is a plain integer.

Rounding happens once, at the end of a calculation (:func:`round_ore`, half up:
0,005 kr becomes 0,01 kr, as Skatteverket and Försäkringskassan round öre).
Intermediate sums are kept exact, as :class:`decimal.Decimal` or
:class:`fractions.Fraction` (pro rata shares such as 6 200 × 15/31).
"""

from __future__ import annotations

import re
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

from samverkan.domain.errors import DomainError, InputError

#: One öre: the smallest amount the system stores or shows.
ORE = Decimal("0.01")
ZERO = Decimal("0.00")

#: Upper bound for any single amount (one thousand billion kronor). Nothing in the
#: welfare system comes near it; it keeps amounts inside a 64-bit öre column.
MAX_AMOUNT = Decimal("999999999999.99")

#: Thousands separator when amounts are shown: a no-break space (U+00A0). The
#: narrow no-break space (U+202F) is typographically finer but missing from the
#: fonts of several PDF and e-mail clients; U+00A0 never breaks "8 000" over two lines.
THOUSANDS_SEPARATOR = "\u00a0"

# Spaces a person may type between groups of three digits: space, no-break space,
# narrow no-break space, thin space.
_GROUP_SPACES = " \u00a0\u202f\u2009"
_MONEY = re.compile(
    rf"^(?P<sign>[-\u2212]?)(?P<int>\d+|\d{{1,3}}(?:[{_GROUP_SPACES}]\d{{3}})+)(?:[.,](?P<frac>\d+))?$",
)


def parse_money(
    value: object,
    *,
    field: str,
    allow_negative: bool = False,
    maximum: Decimal | None = None,
) -> Decimal:
    """A money value from input, exactly, as ``Decimal`` with two decimals.

    Accepts a string such as ``"8000.00"``, ``"8000"``, ``"8 000,50"`` (Swedish
    form, optionally ending in ``kr``), an ``int`` or a ``Decimal``. Rejects
    ``float`` (not exact), ``bool``, more than two decimals, negative amounts
    unless ``allow_negative``, amounts above ``maximum`` (the largest the column
    that stores it holds; :data:`MAX_AMOUNT` when not given) and anything else,
    with an :class:`InputError` naming ``field``.
    """
    if isinstance(value, bool):
        raise InputError(field, 'Beloppet ska vara ett tal i kronor, t.ex. "8000.00", inte sant/falskt.')
    if isinstance(value, float):
        raise InputError(
            field,
            "Beloppet får inte anges som decimaltal (flyttal) eftersom det inte är exakt; "
            'skriv det som text med punkt och två decimaler, t.ex. "8000.00".',
            code="float",
        )
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise InputError(field, "Beloppet måste vara ett ändligt tal.")
        amount = value
    elif isinstance(value, str):
        amount = _parse_text(value, field)
    else:
        raise InputError(field, 'Beloppet ska vara en text med ett belopp i kronor, t.ex. "8000.00".')
    if maximum is not None and abs(amount) > maximum:
        raise InputError(field, amount_range_message(maximum, allow_negative=allow_negative), code="too_large")
    if abs(amount) > MAX_AMOUNT:
        raise InputError(field, "Beloppet är orimligt stort.", code="too_large")
    if amount != amount.quantize(ORE):
        raise InputError(field, "Beloppet får ha högst två decimaler (hela ören).", code="decimals")
    if amount < 0 and not allow_negative:
        raise InputError(field, "Beloppet får inte vara negativt.", code="negative")
    if amount == 0:
        return ZERO  # never "-0.00"
    return amount.quantize(ORE)


def amount_range_message(maximum: Decimal, *, allow_negative: bool = False) -> str:
    """The allowed range of an amount, as a short Swedish sentence."""
    lowest = format_money(-maximum) if allow_negative else "0"
    return f"Ange ett belopp från {lowest} till {format_money(maximum)}."


def _parse_text(text: str, field: str) -> Decimal:
    raw = text.strip()
    if raw.lower().endswith("kr"):
        raw = raw[:-2].rstrip()
    if not raw:
        raise InputError(field, 'Ange ett belopp i kronor, t.ex. "8000.00".', code="required")
    match = _MONEY.match(raw)
    if match is None:
        raise InputError(
            field,
            f'"{text}" är inget belopp; skriv kronor med punkt (eller komma) och högst två decimaler, t.ex. "8000.00".',
        )
    frac = match["frac"]
    if frac is not None and len(frac) > 2:
        raise InputError(field, "Beloppet får ha högst två decimaler (hela ören).", code="decimals")
    digits = re.sub(rf"[{_GROUP_SPACES}]", "", match["int"])
    try:
        amount = Decimal(f"{digits}.{frac or '0'}")
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only digits
        raise InputError(field, f'"{text}" är inget belopp.') from exc
    return -amount if match["sign"] else amount


def round_ore(value: Decimal | Fraction | int) -> Decimal:
    """Round once to whole öre, half up (away from zero on exactly half an öre)."""
    if isinstance(value, Fraction):
        return from_ore(_fraction_to_ore(value * 100, ROUND_HALF_UP))
    rounded = Decimal(value).quantize(ORE, rounding=ROUND_HALF_UP)
    return rounded if rounded else ZERO  # never "-0.00"


def ore_floor(value: Fraction) -> int:
    """Whole öre at or below ``value`` kronor (exact)."""
    return _fraction_to_ore(value * 100, ROUND_FLOOR)


def ore_ceiling(value: Fraction) -> int:
    """Whole öre at or above ``value`` kronor (exact)."""
    return _fraction_to_ore(value * 100, ROUND_CEILING)


def _fraction_to_ore(ore: Fraction, rounding: str) -> int:
    numerator, denominator = ore.numerator, ore.denominator
    if rounding == ROUND_FLOOR:
        return numerator // denominator
    if rounding == ROUND_CEILING:
        return -((-numerator) // denominator)
    # Half up, away from zero: |x| + 1/2, floored, with the sign put back.
    magnitude = (2 * abs(numerator) + denominator) // (2 * denominator)
    return magnitude if numerator >= 0 else -magnitude


def to_fraction(amount: Decimal) -> Fraction:
    """The exact value of a ``Decimal`` amount, for exact pro rata arithmetic."""
    return Fraction(amount)


def to_ore(amount: Decimal) -> int:
    """Whole öre for storage. The amount must already be in whole öre: no silent rounding."""
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise DomainError("Beloppet ska vara ett exakt decimaltal (Decimal).", code="type")
    ore = amount * 100
    if ore != ore.to_integral_value():
        raise DomainError(f"Beloppet {amount} är inte ett helt antal ören; avrunda först.", code="decimals")
    return int(ore)


def from_ore(ore: int) -> Decimal:
    """Kronor with two decimals from whole öre (as stored)."""
    if isinstance(ore, bool) or not isinstance(ore, int):
        raise DomainError("Ören ska vara ett heltal.", code="type")
    return (Decimal(ore) / 100).quantize(ORE)


def money_str(amount: Decimal) -> str:
    """The machine form used in JSON and YAML: ``"16000.00"`` (point, two decimals)."""
    return f"{round_ore(amount):.2f}"


def format_money(amount: Decimal, *, unit: bool = True) -> str:
    """Swedish display form: ``"8 000,00 kr"`` (no-break space between thousands)."""
    rounded = round_ore(amount)
    sign = "-" if rounded < 0 else ""
    whole, _, cents = f"{abs(rounded):.2f}".partition(".")
    groups = f"{int(whole):,}".replace(",", THOUSANDS_SEPARATOR)
    text = f"{sign}{groups},{cents}"
    return f"{text}{THOUSANDS_SEPARATOR}kr" if unit else text
