"""The checks of ekonomiskt bistånd's inputs that its writes share: calendar months, amounts within what the
columns hold, and periods."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError

from samverkan.assistance.models import Payment
from samverkan.core.validation import money_column_max
from samverkan.domain.errors import InputError
from samverkan.domain.money import ZERO, parse_money


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


#: The largest amount the columns of ekonomiskt bistånd hold (all are DecimalField(12, 2)).
AMOUNT_MAX = money_column_max(Payment._meta.get_field("amount"))


def money_input(value: object, field: str, *, positive: bool = False) -> Decimal:
    """An exact amount from input, within what its column holds; negative (or, with ``positive``,
    zero) amounts are refused."""
    if value is None or value == "":
        raise ValidationError({field: "Ange ett belopp i kronor."}, code="required")
    try:
        amount = parse_money(value, field=field, maximum=AMOUNT_MAX)
    except InputError as exc:
        raise ValidationError({field: exc.detail}, code=exc.code) from exc
    if positive and amount == ZERO:
        raise ValidationError({field: "Beloppet måste vara större än noll."}, code="zero")
    return amount


def period_input(start: dt.date, end: dt.date, *, start_field: str, end_field: str) -> None:
    if start is None:
        raise ValidationError({start_field: "Ange periodens första dag."})
    if end is None:
        raise ValidationError({end_field: "Ange periodens sista dag."})
    if end < start:
        raise ValidationError(
            {end_field: f"Perioden slutar {end.isoformat()}, före den börjar {start.isoformat()}."}, code="order"
        )
