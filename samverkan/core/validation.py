"""Checks every input goes through, wherever it comes from: a form, the JSON API, a command, a file.

- **Money** fits the column that stores it: :func:`money_column_max` derives the largest amount
  from the model field's ``max_digits`` and ``decimal_places`` (9 999 999 999,99 kr for the
  product's ``DecimalField(max_digits=12, decimal_places=2)``), and :func:`parse_amount` reads an
  amount (Swedish or machine form) exactly, as ``Decimal``, refusing anything outside the range.
- **Dates** lie in a plausible range for what they mean (:class:`DateRange`, relative to
  :func:`samverkan.core.clock.today`): a case is not opened in 1800 nor in 2099.
- **Text** has a maximum length that fits its use and no control characters (:class:`TextRules`):
  a NUL byte is refused on both databases (PostgreSQL refuses to store it, SQLite stores it raw);
  only multi-line text may hold line breaks and tabs.

The same :class:`DateRange` and :class:`TextRules` objects are Django validators
(``validators=[HAPPENED]``) and Pydantic metadata for the API's schemas and query parameters
(``Annotated[dt.date, HAPPENED]``, ``Annotated[str, TextRules(500)]``), so a form and the API
refuse the same input with the same Swedish message.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from samverkan.core import clock
from samverkan.domain.errors import InputError
from samverkan.domain.money import parse_money

# --- Money ------------------------------------------------------------------------------------


def money_column_max(field: Any) -> Decimal:
    """The largest amount a ``DecimalField`` holds: 10^(max_digits − decimal_places) − 1 öre."""
    places = int(field.decimal_places)
    return Decimal(10) ** (int(field.max_digits) - places) - Decimal(1).scaleb(-places)


#: The largest amount of the product's money columns (``max_digits=12, decimal_places=2``).
MONEY_MAX = Decimal("9999999999.99")


def parse_amount(
    value: object,
    *,
    field: str,
    maximum: Decimal = MONEY_MAX,
    allow_negative: bool = False,
) -> Decimal:
    """An exact amount from input, within ``maximum``; ``ValidationError`` naming ``field`` otherwise."""
    try:
        return parse_money(value, field=field, allow_negative=allow_negative, maximum=maximum)
    except InputError as exc:
        raise ValidationError({field: ValidationError(exc.detail, code=exc.code)}) from exc


# --- Dates ------------------------------------------------------------------------------------

#: The first day any date of the product may be: nothing it records happened before 1900.
EARLIEST = dt.date(1900, 1, 1)
#: The first day of an administrative date that only exists since the digital case handling.
EARLIEST_ADMINISTRATIVE = dt.date(2000, 1, 1)


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class DateRange:
    """A plausible range for a date of one meaning: from ``earliest`` to ``years_ahead`` years after
    today (``days_ahead`` days when ``years_ahead`` is 0; 0 and 0 = today at the latest).

    ``month`` compares and speaks in months (``ÅÅÅÅ-MM``): the last allowed month is the month of
    the last allowed day. ``note`` is a sentence put before the range (the rule behind it), and
    ``after`` one put before it instead when the date lies after the range. Use it as a Django
    validator or as Pydantic metadata.
    """

    earliest: dt.date = EARLIEST
    years_ahead: int = 0
    days_ahead: int = 0
    month: bool = False
    note: str = ""
    after: str = ""

    def bounds(self, on: dt.date | None = None) -> tuple[dt.date, dt.date]:
        day = on or clock.today()
        last = _add_years(day, self.years_ahead) + dt.timedelta(days=self.days_ahead)
        if self.month:
            return self.earliest.replace(day=1), last.replace(day=1)
        return self.earliest, last

    def message(self, on: dt.date | None = None, *, too_late: bool = False) -> str:
        first, last = self.bounds(on)
        if self.month:
            text = f"Ange en månad från {first:%Y-%m} till och med {last:%Y-%m}."
        else:
            text = f"Ange ett datum från {first.isoformat()} till och med {last.isoformat()}."
        note = self.after if too_late and self.after else self.note
        return f"{note} {text}" if note else text

    def problem(self, value: dt.date, on: dt.date | None = None) -> str | None:
        """The Swedish message when ``value`` lies outside the range, else ``None``."""
        first, last = self.bounds(on)
        day = value.replace(day=1) if self.month else value
        return None if first <= day <= last else self.message(on, too_late=day > last)

    def check(self, value: dt.date | None, *, field: str) -> None:
        """For services: ``ValidationError({field: message})`` when ``value`` is outside the range."""
        if value is not None and (problem := self.problem(value)) is not None:
            raise ValidationError({field: ValidationError(problem, code="date_range")})

    # Django validator
    def __call__(self, value: Any) -> None:
        if isinstance(value, dt.date) and (problem := self.problem(value)) is not None:
            raise ValidationError(problem, code="date_range")

    # Pydantic metadata: Annotated[dt.date, RANGE]
    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self._pydantic_check, handler(source))

    def _pydantic_check(self, value: Any) -> Any:
        if isinstance(value, dt.date) and (problem := self.problem(value)) is not None:
            raise PydanticCustomError("date_range", problem)
        return value


#: Something that has happened (a case opened or closed, an application received, a decision made,
#: a consent given or withdrawn): from 1900-01-01 up to today.
HAPPENED = DateRange()
#: An administrative date of the past in this product (rehab coordination, ekonomiskt bistånd):
#: from 2000-01-01 up to today.
HAPPENED_ADMINISTRATIVE = DateRange(earliest=EARLIEST_ADMINISTRATIVE)
#: A date planned or recorded in a plan (meetings, measures, follow-ups, payments): from 2000 up to
#: two years ahead.
PLANNED = DateRange(earliest=EARLIEST_ADMINISTRATIVE, years_ahead=2)
#: The first day of a consent: from 2000 up to a year ahead.
CONSENT_START = DateRange(earliest=EARLIEST_ADMINISTRATIVE, years_ahead=1)
#: The last day of a consent (at most twelve months after its first): from 2000 up to two years ahead.
CONSENT_END = DateRange(earliest=EARLIEST_ADMINISTRATIVE, years_ahead=2, note="Ett samtycke gäller högst 12 månader.")
#: A period of data asked for or searched (reports, the audit log, disclosures): from 1900 up to a year ahead.
PERIOD = DateRange(years_ahead=1)
#: A month of ekonomiskt bistånd an application concerns: from 2000-01 up to a year ahead.
ASSISTANCE_MONTH = DateRange(earliest=EARLIEST_ADMINISTRATIVE, years_ahead=1, month=True)
#: A month a control run checks: from 2000-01 up to the current month.
CONTROL_MONTH = DateRange(
    earliest=EARLIEST_ADMINISTRATIVE, month=True, after="Månaden har inte börjat; kontrollerna kan inte göras än."
)
#: The day a batch command runs "as of" (``--date``, ``--on``): from 2000 up to a year ahead.
AS_OF = DateRange(earliest=EARLIEST_ADMINISTRATIVE, years_ahead=1)
#: A date in an agency's record (decisions, benefit periods that may run for decades): 1900 up to 50 years ahead.
RECORD = DateRange(years_ahead=50)
#: The safety net for a date field given no range of its own: from 1900 up to 50 years ahead.
ANY_DATE = RECORD


# --- Text -------------------------------------------------------------------------------------

# Control characters (C0, DEL, C1) and lone surrogates, which no database stores as text.
_FORBIDDEN_SINGLE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
# The same, except tab, line feed and carriage return.
_FORBIDDEN_MULTI_LINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

# The same as JSON Schema patterns (ECMA-262), for the OpenAPI document.
_SINGLE_LINE_PATTERN = "^[^\\u0000-\\u001f\\u007f-\\u009f]*$"
_MULTI_LINE_PATTERN = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$"

CONTROL_CHARACTER_MESSAGE = "Texten innehåller otillåtna tecken (styrtecken)."


def text_problem(value: str, *, max_length: int | None = None, multiline: bool = False) -> str | None:
    """The Swedish message when ``value`` has a control character or is too long, else ``None``."""
    pattern = _FORBIDDEN_MULTI_LINE if multiline else _FORBIDDEN_SINGLE_LINE
    if pattern.search(value):
        return CONTROL_CHARACTER_MESSAGE
    if max_length is not None and len(value) > max_length:
        return f"Texten får vara högst {max_length} tecken."
    return None


def has_control_characters(values: Iterable[str] | str, *, multiline: bool = False) -> bool:
    items = [values] if isinstance(values, str) else list(values)
    return any(isinstance(v, str) and text_problem(v, multiline=multiline) is not None for v in items)


@dataclass(frozen=True)
class TextRules:
    """A text's maximum length and whether it may hold line breaks. A Django validator (for the
    control characters; a form field has its own ``max_length``) and Pydantic metadata (both)."""

    max_length: int
    multiline: bool = False

    def problem(self, value: str) -> str | None:
        return text_problem(value, max_length=self.max_length, multiline=self.multiline)

    def check(self, value: str | None, *, field: str) -> None:
        """For services: ``ValidationError({field: message})`` when the text breaks the rules."""
        if value is not None and (problem := self.problem(value)) is not None:
            raise ValidationError({field: ValidationError(problem, code="text")})

    # Django validator (strings, or a list of strings from a multiple choice field)
    def __call__(self, value: Any) -> None:
        if has_control_characters(value if isinstance(value, (list, tuple)) else [value], multiline=self.multiline):
            raise ValidationError(CONTROL_CHARACTER_MESSAGE, code="control_character")

    # Pydantic metadata: Annotated[str, TextRules(500)]
    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self._pydantic_check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        if json_schema.get("type") == "string":
            json_schema["maxLength"] = self.max_length
            json_schema["pattern"] = _MULTI_LINE_PATTERN if self.multiline else _SINGLE_LINE_PATTERN
        return json_schema

    def _pydantic_check(self, value: Any) -> Any:
        if isinstance(value, str) and (problem := self.problem(value)) is not None:
            raise PydanticCustomError("text", problem)
        return value


#: A code or a short value in a query string or a JSON body (status, kind, organisation code …).
CODE = TextRules(100)
#: A line of text (a subject, a name, a phone number, a reference).
LINE = TextRules(200)
#: A purpose, a reason, a short note.
SHORT_TEXT = TextRules(500, multiline=True)
#: A description, a goal, a note of a few lines.
NOTE = TextRules(2000, multiline=True)
#: A question, an answer, minutes, a motivation.
LONG_TEXT = TextRules(4000, multiline=True)
