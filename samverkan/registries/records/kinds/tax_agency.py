"""Skatteverket's records: decisions on slutlig skatt and the skatteåterbäring or kvarskatt they lead to.

Their facts are the categories of förordning (2008:975) 6 § (read as in ``TAX_AGENCY_DUTY_CATEGORIES``). Of the
decisions on slutlig skatt only the latest up to the end of the period is disclosed: the latest taxation is
what tells the nämnd about the person's income. Skatteverket reaches Samverkan by system integration only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from samverkan.domain.disclosure import AgencyEventKind
from samverkan.domain.money import format_money
from samverkan.registries.records.base import (
    Agency,
    FieldError,
    FieldSpec,
    FieldType,
    KindSpec,
    MakeFact,
    SameRecord,
    always,
    day,
    within,
)

if TYPE_CHECKING:
    from samverkan.registries.records.facts import Item

_AGENCIES = frozenset({Agency.TAX_AGENCY})
#: A settlement of slutlig skatt: money back or money owed.
TAX_SETTLEMENTS = (("refund", "Skatteåterbäring"), ("residual", "Kvarskatt"))
_INCOME_YEAR = FieldSpec("income_year", "Inkomstår", FieldType.TEXT, max_length=4, help_text="ÅÅÅÅ")


def _income_year_problem(values: dict[str, Any]) -> list[FieldError]:
    year = values.get("income_year") or ""
    if year and not (len(year) == 4 and year.isdigit() and 1990 <= int(year) <= 2100):
        return [FieldError("income_year", "Inkomståret skrivs med fyra siffror, t.ex. 2025.")]
    return []


def _assessment_facts(v: Mapping[str, Any], fact: MakeFact) -> list[Item]:
    year = v["income_year"]
    common = {"income_year": year, "decision_date": v["decision_date"]}
    items = [
        fact(
            "employment_income",
            "Inkomst av tjänst",
            f"Inkomstår {year}: {format_money(v['employment_income'])}",
            employment_income=v["employment_income"],
            **common,
        )
    ]
    if v.get("business_income") is not None:
        items.append(
            fact(
                "business_income",
                "Inkomst av näringsverksamhet",
                f"Inkomstår {year}: {format_money(v['business_income'])}",
                business_income=v["business_income"],
                **common,
            )
        )
    text = f"Beslut om slutlig skatt för inkomstår {year}, {day(v['decision_date'])}"
    if v.get("final_tax") is not None:
        text += f": slutlig skatt {format_money(v['final_tax'])}"
    items.append(fact("final_tax_assessment", "Beslut om slutlig skatt", text, final_tax=v.get("final_tax"), **common))
    return items


TAX_ASSESSMENT = KindSpec(
    "tax_assessment",
    "Beslut om slutlig skatt",
    "Beslut om slutlig skatt",
    _AGENCIES,
    "TaxAssessment",
    (
        _INCOME_YEAR,
        FieldSpec("decision_date", "Beslutsdatum", FieldType.DATE),
        FieldSpec("employment_income", "Inkomst av tjänst", FieldType.MONEY),
        FieldSpec("business_income", "Inkomst av näringsverksamhet", FieldType.MONEY, required=False),
        FieldSpec("final_tax", "Slutlig skatt", FieldType.MONEY, required=False),
    ),
    categories=("employment_income", "business_income", "final_tax_assessment"),
    facts=_assessment_facts,
    same=SameRecord(("income_year", "decision_date"), "Ett beslut om slutlig skatt för samma inkomstår och dag finns."),
    concerns=lambda v, period: v["decision_date"] <= period[1],
    event=always(AgencyEventKind.TAX_ASSESSED),
    latest_by="decision_date",
    check=_income_year_problem,
)


def _settlement_facts(v: Mapping[str, Any], fact: MakeFact) -> list[Item]:
    year = v["income_year"]
    if v["settlement"] == "refund":
        return [
            fact(
                "tax_refund",
                "Skatteåterbäring",
                f"Inkomstår {year}: {format_money(v['amount'])}, utbetalas {day(v['due_on'])}",
                income_year=year,
                amount=v["amount"],
                paid_on=v["due_on"],
            )
        ]
    return [
        fact(
            "residual_tax",
            "Kvarskatt",
            f"Inkomstår {year}: {format_money(v['amount'])}, ska betalas senast {day(v['due_on'])}",
            income_year=year,
            amount=v["amount"],
            due_on=v["due_on"],
        )
    ]


TAX_SETTLEMENT = KindSpec(
    "tax_settlement",
    "Skatteåterbäring eller kvarskatt",
    "Skatteåterbäringar och kvarskatter",
    _AGENCIES,
    "TaxSettlement",
    (
        _INCOME_YEAR,
        FieldSpec("settlement", "Slag", FieldType.CHOICE, choices=TAX_SETTLEMENTS),
        FieldSpec("amount", "Belopp", FieldType.MONEY),
        FieldSpec(
            "due_on",
            "Utbetalningsdag eller förfallodag",
            FieldType.DATE,
            help_text="Skatteåterbäring: dagen den betalas ut. Kvarskatt: dagen den ska vara betald.",
        ),
    ),
    categories=("tax_refund", "residual_tax"),
    facts=_settlement_facts,
    same=SameRecord(("income_year", "settlement"), "Samma skatteåterbäring eller kvarskatt är redan registrerad."),
    concerns=lambda v, period: within(v["due_on"], period),
    event=always(AgencyEventKind.TAX_SETTLED),
    check=_income_year_problem,
)

KINDS = (TAX_ASSESSMENT, TAX_SETTLEMENT)
