"""Exact money: parsing, rounding once to öre, Swedish display, storage in öre."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samverkan.domain.errors import DomainError, InputError
from samverkan.domain.money import (
    MAX_AMOUNT,
    THOUSANDS_SEPARATOR,
    format_money,
    from_ore,
    money_str,
    ore_ceiling,
    ore_floor,
    parse_money,
    round_ore,
    to_ore,
)

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8000.00", "8000.00"),
        ("8000", "8000.00"),
        ("8000.5", "8000.50"),
        ("0.01", "0.01"),
        ("  1200.00 ", "1200.00"),
        ("8000,50", "8000.50"),
        ("8 000,50", "8000.50"),
        (f"8{NBSP}000,50{NBSP}kr", "8000.50"),
        ("1\u202f234\u202f567,89 kr", "1234567.89"),
        ("12 kr", "12.00"),
    ],
)
def test_money_strings_parse_exactly(text: str, expected: str) -> None:
    amount = parse_money(text, field="amount")
    assert amount == Decimal(expected)
    assert str(amount) == expected


def test_integers_and_decimals_are_accepted_as_exact_amounts() -> None:
    assert str(parse_money(12, field="a")) == "12.00"
    assert str(parse_money(Decimal("1.5"), field="a")) == "1.50"
    assert str(parse_money(Decimal("2.500"), field="a")) == "2.50"


def test_float_is_rejected_naming_the_field() -> None:
    with pytest.raises(InputError) as caught:
        parse_money(8000.0, field="assistance_payments[0].amount")
    assert caught.value.field == "assistance_payments[0].amount"
    assert caught.value.code == "float"
    assert "8000.00" in caught.value.detail


@pytest.mark.parametrize("value", [True, None, [], {"kr": 1}, Decimal("NaN"), Decimal("Infinity")])
def test_values_that_are_not_amounts_are_rejected(value: object) -> None:
    with pytest.raises(InputError) as caught:
        parse_money(value, field="repaid")
    assert caught.value.field == "repaid"


@pytest.mark.parametrize("text", ["8000.001", "0.125", Decimal("0.001")])
def test_more_than_two_decimals_is_rejected(text: object) -> None:
    with pytest.raises(InputError) as caught:
        parse_money(text, field="amount")
    assert caught.value.code == "decimals"


@pytest.mark.parametrize("text", ["", "   ", "kr", "abc", "8000.00.00", "1,000.00", "80 00", "8.000,00", "1e3", "+5"])
def test_garbage_is_rejected_in_swedish(text: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_money(text, field="retroactive_amount")
    assert caught.value.field == "retroactive_amount"
    assert caught.value.message.startswith("retroactive_amount: ")


def test_negative_amounts_are_rejected_unless_allowed() -> None:
    with pytest.raises(InputError) as caught:
        parse_money("-5.00", field="repaid")
    assert caught.value.code == "negative"
    assert parse_money("-5.00", field="adjustment", allow_negative=True) == Decimal("-5.00")
    assert parse_money("\u22125,00", field="adjustment", allow_negative=True) == Decimal("-5.00")


def test_negative_zero_is_plain_zero() -> None:
    assert str(parse_money("-0.00", field="a")) == "0.00"
    assert str(round_ore(Decimal("-0.001"))) == "0.00"


def test_absurdly_large_amounts_are_rejected() -> None:
    assert parse_money(str(MAX_AMOUNT), field="a") == MAX_AMOUNT
    with pytest.raises(InputError) as caught:
        parse_money("1000000000000.00", field="a")
    assert caught.value.code == "too_large"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("0.005"), "0.01"),
        (Decimal("0.00499"), "0.00"),
        (Decimal("1000.005"), "1000.01"),
        (Decimal("-0.005"), "-0.01"),
        (Fraction(1, 200), "0.01"),
        (Fraction(-1, 200), "-0.01"),
        (Fraction(1, 3), "0.33"),
        (Fraction(2, 3), "0.67"),
        (Fraction(6200 * 15, 31) + Fraction(6200 * 16, 31), "6200.00"),
        (7, "7.00"),
    ],
)
def test_round_ore_is_half_up(value: Decimal | Fraction | int, expected: str) -> None:
    assert str(round_ore(value)) == expected


def test_floor_and_ceiling_in_ore() -> None:
    assert ore_floor(Fraction(1, 3)) == 33
    assert ore_ceiling(Fraction(1, 3)) == 34
    assert ore_ceiling(Fraction(5)) == 500
    assert ore_floor(Fraction(-1, 3)) == -34


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("8000"), f"8{NBSP}000,00{NBSP}kr"),
        (Decimal("0"), f"0,00{NBSP}kr"),
        (Decimal("999.5"), f"999,50{NBSP}kr"),
        (Decimal("1234567.891"), f"1{NBSP}234{NBSP}567,89{NBSP}kr"),
        (Decimal("-1500.25"), f"-1{NBSP}500,25{NBSP}kr"),
    ],
)
def test_swedish_format_uses_comma_and_no_break_space(value: Decimal, expected: str) -> None:
    assert format_money(value) == expected


def test_format_without_unit() -> None:
    assert format_money(Decimal("16000"), unit=False) == f"16{THOUSANDS_SEPARATOR}000,00"


def test_money_str_is_the_machine_form() -> None:
    assert money_str(Decimal("16000")) == "16000.00"
    assert money_str(Decimal("0.005")) == "0.01"


def test_ore_round_trip() -> None:
    assert to_ore(Decimal("8000.00")) == 800000
    assert to_ore(Decimal("0.01")) == 1
    assert to_ore(Decimal("-1.50")) == -150
    assert from_ore(800000) == Decimal("8000.00")
    assert str(from_ore(-150)) == "-1.50"
    assert str(from_ore(0)) == "0.00"


def test_to_ore_never_rounds_silently() -> None:
    with pytest.raises(DomainError):
        to_ore(Decimal("0.001"))
    with pytest.raises(DomainError):
        to_ore(1.5)  # type: ignore[arg-type]


def test_from_ore_takes_only_integers() -> None:
    with pytest.raises(DomainError):
        from_ore(True)
    with pytest.raises(DomainError):
        from_ore(1.0)  # type: ignore[arg-type]


@given(st.integers(min_value=-(10**14) + 1, max_value=10**14 - 1))
def test_ore_and_strings_round_trip_for_every_amount(ore: int) -> None:
    amount = from_ore(ore)
    assert to_ore(amount) == ore
    assert parse_money(money_str(amount), field="a", allow_negative=True) == amount
    assert parse_money(format_money(amount), field="a", allow_negative=True) == amount
