"""The a-kassor's records: payments and decisions of arbetslöshetsersättning.

Förordning (2008:975) 4 § is read as built like 3 § (Försäkringskassan), so the a-kassa's facts have the same
categories as a benefit's (:mod:`samverkan.domain.disclosure`, ``UNEMPLOYMENT_FUND_DUTY_CATEGORIES``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from samverkan.domain.disclosure import AgencyEventKind
from samverkan.domain.money import format_money
from samverkan.registries.records.base import (
    DECISION_OUTCOMES,
    PAYMENT_FIELDS,
    SAME_PAYMENT,
    Agency,
    FieldSpec,
    FieldType,
    KindSpec,
    MakeFact,
    SameRecord,
    always,
    day,
    decided_or_covering,
    paid_or_covering,
    span,
    unless_refused,
)
from samverkan.registries.records.kinds.fk_pm import granted_facts, payment_facts

if TYPE_CHECKING:
    from samverkan.registries.records.facts import Item

_AGENCIES = frozenset({Agency.UNEMPLOYMENT_FUND})
_NAME = "Arbetslöshetsersättning"


def _payment_facts(v: Mapping[str, Any], fact: MakeFact) -> list[Item]:
    """Förordning (2008:975) 4 § p. 4–6, one fact per point; the summary code of before the split last."""
    return [
        *payment_facts(v, fact, name=_NAME, common={"paid_on": v["paid_on"]}),
        fact(
            "unemployment_benefit_payment",
            "Utbetald arbetslöshetsersättning",
            f"{format_money(v['amount'])}, utbetald {day(v['paid_on'])}, avser "
            f"{span(v['period_start'], v['period_end'])}",
            amount=v["amount"],
            paid_on=v["paid_on"],
            period_start=v["period_start"],
            period_end=v["period_end"],
        ),
    ]


UNEMPLOYMENT_FUND_PAYMENT = KindSpec(
    "unemployment_fund_payment",
    "Utbetalning från a-kassa",
    "Utbetalningar från a-kassa",
    _AGENCIES,
    "UnemploymentFundPayment",
    PAYMENT_FIELDS,
    periods=(("period_start", "period_end"),),
    categories=("payment_period", "payment_amount", "payment_date", "unemployment_benefit_payment"),
    facts=_payment_facts,
    same=SameRecord(("paid_on", "period_start", "period_end", "amount"), SAME_PAYMENT),
    concerns=paid_or_covering,
    event=always(AgencyEventKind.PAYMENT_RECORDED),
)


def _decision_facts(v: Mapping[str, Any], fact: MakeFact) -> list[Item]:
    if v.get("outcome") == "refused":
        return []
    labels = ("Beviljad ersättning", "Ersättningsperiod och omfattning")
    items = granted_facts(v, fact, name=_NAME, labels=labels, common={})
    if v.get("daily_amount") is not None:
        items.append(
            fact(
                "payment_amount",
                "Dagpenning",
                f"{_NAME}: {format_money(v['daily_amount'])} per dag",
                daily_amount=v["daily_amount"],
            )
        )
    return items


UNEMPLOYMENT_FUND_DECISION = KindSpec(
    "unemployment_fund_decision",
    "Beslut om arbetslöshetsersättning",
    "Beslut om arbetslöshetsersättning",
    _AGENCIES,
    "UnemploymentFundDecision",
    (
        FieldSpec("outcome", "Utfall", FieldType.CHOICE, required=False, choices=DECISION_OUTCOMES, default="granted"),
        FieldSpec("decision_date", "Beslutsdatum", FieldType.DATE),
        FieldSpec("period_start", "Ersättningsperiod från", FieldType.DATE),
        FieldSpec(
            "period_end", "Ersättningsperiod till", FieldType.DATE, required=False, help_text="Tom: tills vidare."
        ),
        FieldSpec("daily_amount", "Dagpenning per dag", FieldType.MONEY, required=False),
        FieldSpec("extent", "Omfattning", FieldType.TEXT, required=False, max_length=40, help_text="t.ex. heltid"),
    ),
    periods=(("period_start", "period_end"),),
    categories=("benefit_granted", "payment_period", "payment_amount"),
    facts=_decision_facts,
    same=SameRecord(
        ("decision_date", "period_start"),
        "Ett beslut om arbetslöshetsersättning med samma beslutsdatum och period är redan registrerat.",
    ),
    concerns=decided_or_covering,
    event=unless_refused(AgencyEventKind.BENEFIT_DECIDED),
)

KINDS = (UNEMPLOYMENT_FUND_PAYMENT, UNEMPLOYMENT_FUND_DECISION)
