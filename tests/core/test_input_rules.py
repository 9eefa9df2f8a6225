"""The input rules every form, API schema and command shares (issue 15): one money field, plausible
date ranges, bounded text without control characters."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
from decimal import Decimal

import pytest
from django import forms
from django.apps import apps
from django.db import models

from samverkan.core.forms import DEFAULT_LINE_MAX, DEFAULT_TEXT_MAX, Form, MoneyField
from samverkan.core.validation import (
    ANY_DATE,
    CONTROL_MONTH,
    HAPPENED,
    MONEY_MAX,
    DateRange,
    TextRules,
    money_column_max,
)
from samverkan.domain.money import format_money


def _product_forms() -> list[type[forms.Form]]:
    found: list[type[forms.Form]] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("samverkan."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.forms":
                raise
            continue
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                found.append(cls)
    return found


def test_the_product_has_forms_to_check() -> None:
    assert len(_product_forms()) > 40


@pytest.mark.parametrize("form_class", _product_forms(), ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_every_form_of_the_product_uses_the_base_form_with_the_input_rules(form_class: type[forms.Form]) -> None:
    assert issubclass(form_class, Form)


@pytest.mark.parametrize("form_class", _product_forms(), ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_every_text_field_has_a_maximum_and_every_amount_is_the_one_money_field(
    form_class: type[forms.Form],
) -> None:
    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.CharField):
            assert field.max_length is not None, f"{name} has no max_length"
        assert not isinstance(field, (forms.DecimalField, forms.FloatField)), f"{name}: use MoneyField"


def test_every_money_column_holds_the_products_maximum() -> None:
    columns = [
        f
        for model in apps.get_models()
        if model.__module__.startswith("samverkan.")
        for f in model._meta.concrete_fields
        if isinstance(f, models.DecimalField)
    ]
    assert len(columns) > 10
    assert {money_column_max(f) for f in columns} == {MONEY_MAX}


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("7 082,30", "7082.30"),
        ("7082,30", "7082.30"),
        ("7082.30", "7082.30"),
        ("12,50", "12.50"),
        ("7\u00a0082,30", "7082.30"),
        ("7\u202f082,30", "7082.30"),
        ("7\u2009082,30", "7082.30"),
        ("1 234 567,8", "1234567.80"),
        ("  500 kr ", "500.00"),
        ("9 999 999 999,99", "9999999999.99"),
    ],
)
def test_the_money_field_accepts_swedish_and_machine_amounts_as_decimal(typed: str, amount: str) -> None:
    value = MoneyField().clean(typed)
    assert isinstance(value, Decimal) and value == Decimal(amount)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("tolv", "är inget belopp"),
        ("1.2.3", "är inget belopp"),
        ("12,505", "högst två decimaler"),
        ("-5", "får inte vara negativt"),
        ("10 000 000 000,00", f"Ange ett belopp från 0 till {format_money(MONEY_MAX)}."),
        ("999999999999", f"Ange ett belopp från 0 till {format_money(MONEY_MAX)}."),
        ("1e5", "är inget belopp"),
        ("NaN", "är inget belopp"),
        ("1" * 40, f"Ange ett belopp från 0 till {format_money(MONEY_MAX)}."),
    ],
)
def test_the_money_field_refuses_nonsense_negatives_fractions_of_an_ore_and_too_large_amounts(
    typed: str, message: str
) -> None:
    with pytest.raises(forms.ValidationError) as caught:
        MoneyField().clean(typed)
    assert message in caught.value.messages[0]


def test_the_money_field_takes_its_maximum_from_the_model_column() -> None:
    column = models.DecimalField(max_digits=7, decimal_places=2)
    field = MoneyField(model_field=column)
    assert field.maximum == Decimal("99999.99")
    assert field.clean("99 999,99") == Decimal("99999.99")
    with pytest.raises(forms.ValidationError, match="Ange ett belopp från 0 till 99"):
        field.clean("100 000")
    assert MoneyField(allow_negative=True).clean("-12,50") == Decimal("-12.50")
    assert MoneyField(required=False).clean("") is None


def test_the_money_field_is_a_text_input_so_a_browser_never_refuses_a_comma() -> None:
    html = str(MoneyField().widget.render("amount", "7082,30"))
    assert 'type="text"' in html and 'inputmode="decimal"' in html


def test_date_ranges_are_relative_to_the_clock_and_say_which_range() -> None:
    assert HAPPENED.bounds() == (dt.date(1900, 1, 1), dt.date(2026, 11, 18))
    assert HAPPENED.problem(dt.date(1800, 1, 1)) == "Ange ett datum från 1900-01-01 till och med 2026-11-18."
    assert HAPPENED.problem(dt.date(2026, 11, 19)) is not None
    assert HAPPENED.problem(dt.date(2026, 11, 18)) is None
    assert CONTROL_MONTH.problem(dt.date(2026, 11, 30)) is None
    assert CONTROL_MONTH.problem(dt.date(1800, 1, 1)) == "Ange en månad från 2000-01 till och med 2026-11."
    assert CONTROL_MONTH.problem(dt.date(2026, 12, 1)) == (
        "Månaden har inte börjat; kontrollerna kan inte göras än. Ange en månad från 2000-01 till och med 2026-11."
    )
    leap = DateRange(years_ahead=1)
    assert leap.bounds(dt.date(2028, 2, 29))[1] == dt.date(2029, 2, 28)


def test_the_clock_moves_the_range(move_clock: object) -> None:
    move_clock(dt.date(2030, 1, 2))  # type: ignore[operator]
    assert HAPPENED.problem(dt.date(2030, 1, 2)) is None


@pytest.mark.parametrize("text", ["a\x00b", "a\x01b", "a\x1bb", "a\x7fb", "a\x85b", "a\ud800b", "a\nb", "a\tb"])
def test_a_line_refuses_control_characters_and_line_breaks(text: str) -> None:
    assert TextRules(100).problem(text) == "Texten innehåller otillåtna tecken (styrtecken)."


def test_multi_line_text_keeps_line_breaks_and_tabs_but_refuses_other_control_characters() -> None:
    rules = TextRules(100, multiline=True)
    assert rules.problem("Rad ett\r\nRad två\ttabb") is None
    assert rules.problem("a\x00b") is not None
    assert rules.problem("åäö – ”citat” €") is None
    assert rules.problem("x" * 101) == "Texten får vara högst 100 tecken."


class _Loose(Form):
    line = forms.CharField()
    text = forms.CharField(widget=forms.Textarea)
    day = forms.DateField()
    choice = forms.ChoiceField(choices=[("a", "A")])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["added"] = forms.CharField()


def test_the_base_form_gives_every_field_a_maximum_a_range_and_the_control_character_check() -> None:
    form = _Loose(data={"line": "a\x1bb", "text": "x" * (DEFAULT_TEXT_MAX + 1), "day": "1800-01-01", "choice": "a"})
    assert not form.is_valid()
    assert form.errors["line"] == ["Texten innehåller otillåtna tecken (styrtecken)."]
    assert "text" in form.errors
    assert form.errors["day"] == [ANY_DATE.message()]
    assert "added" in form.errors  # required; and it has a maximum too
    assert form.fields["added"].max_length == DEFAULT_LINE_MAX  # type: ignore[attr-defined]
    assert f'maxlength="{DEFAULT_LINE_MAX}"' in str(_Loose()["line"])
