"""Försäkringskassan's and Pensionsmyndigheten's records: applications, decisions and payments of förmåner.

Their facts are the categories of förordning (2008:975) 3 och 7 §§. A refused decision yields no facts: the
duty is about benefits *granted* (that an application was made is its own category).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from samverkan.domain.disclosure import AgencyEventKind
from samverkan.domain.money import format_money
from samverkan.registries.records.base import (
    APPLICATION_STATUSES,
    DECISION_OUTCOMES,
    PAYMENT_FIELDS,
    SAME_PAYMENT,
    Agency,
    FieldError,
    FieldSpec,
    FieldType,
    KindSpec,
    MakeFact,
    Period,
    SameRecord,
    always,
    benefit_name,
    choice_label,
    day,
    extent_problem,
    overlaps,
    paid_or_covering,
    span,
    unless_refused,
    within,
)

if TYPE_CHECKING:
    from samverkan.registries.records.facts import Item

_AGENCIES = frozenset({Agency.FK, Agency.PM})
_BENEFIT = FieldSpec("benefit", "Förmån", FieldType.BENEFIT)


def _application_facts(v: Mapping[str, Any], fact: MakeFact) -> list[Item]:
    name = benefit_name(v["benefit"])
    status = choice_label(APPLICATION_STATUSES, v.get("status") or "submitted").lower()
    return [
        fact(
            "application_submitted",
            "Ansökan",
            f"Ansökan om {name} inkom {day(v['submitted_on'])} ({status})",
            benefit=v["benefit"],
            submitted_on=v["submitted_on"],
            status=v.get("status") or "submitted",
        )
    ]


def _application_concerns(v: Mapping[str, Any], period: Period) -> bool:
    """Made in the period, or still waiting for a decision at its end."""
    return within(v["submitted_on"], period) or (v.get("status") == "submitted" and v["submitted_on"] <= period[1])


BENEFIT_APPLICATION = KindSpec(
    "benefit_application",
    "Ansökan om förmån",
    "Ansökningar om förmåner",
    _AGENCIES,
    "BenefitApplication",
    (
        _BENEFIT,
        FieldSpec("submitted_on", "Inkom", FieldType.DATE),
        FieldSpec(
            "status", "Status", FieldType.CHOICE, required=False, choices=APPLICATION_STATUSES, default="submitted"
        ),
    ),
    categories=("application_submitted",),
    facts=_application_facts,
    same=SameRecord(
        ("benefit", "submitted_on"), "En ansökan om samma förmån som inkom samma dag är redan registrerad."
    ),
    concerns=_application_concerns,
    event=always(AgencyEventKind.APPLICATION_RECEIVED),
)


def granted_facts(
    v: Mapping[str, Any], fact: MakeFact, *, name: str, labels: tuple[str, str], common: Mapping[str, Any]
) -> list[Item]:
    """What a decision granted and for which period (a benefit's or the a-kassa's ersättning)."""
    granted_label, period_label = labels
    changed = " (ändrat beslut)" if v.get("outcome") == "changed" else ""
    return [
        fact(
            "benefit_granted",
            granted_label,
            f"{name} beviljad genom beslut {day(v['decision_date'])}{changed}",
            **common,
            decision_date=v["decision_date"],
            outcome=v.get("outcome") or "granted",
        ),
        fact(
            "payment_period",
            period_label,
            f"{name}: {span(v['period_start'], v.get('period_end'))}" + (f", {v['extent']}" if v.get("extent") else ""),
            **common,
            period_start=v["period_start"],
            period_end=v.get("period_end"),
            extent=v.get("extent") or "",
        ),
    ]


def _retroactive_facts(v: Mapping[str, Any], fact: MakeFact, name: str) -> list[Item]:
    """The retroactive part of a decision, whose payout day bounds återsökning (SFB 107 kap. 5 §)."""
    benefit = v["benefit"]
    return [
        fact(
            "payment_period",
            "Retroaktiv period",
            f"{name} retroaktivt för {span(v['retroactive_start'], v['retroactive_end'])}",
            benefit=benefit,
            retroactive_start=v["retroactive_start"],
            retroactive_end=v["retroactive_end"],
        ),
        fact(
            "payment_amount",
            "Retroaktivt belopp (netto)",
            f"{name}: {format_money(v['retroactive_amount'])} retroaktivt",
            benefit=benefit,
            retroactive_amount=v["retroactive_amount"],
        ),
        fact(
            "payment_date",
            "Utbetalningsdag (retroaktivt)",
            f"{name}: det retroaktiva beloppet betalas ut {day(v['payout_date'])}",
            benefit=benefit,
            payout_date=v["payout_date"],
        ),
    ]


def _decision_facts(v: Mapping[str, Any], fact: MakeFact) -> list[Item]:
    if v.get("outcome") == "refused":
        return []
    name = benefit_name(v["benefit"]).capitalize()
    common = {"benefit": v["benefit"]}
    items = granted_facts(v, fact, name=name, labels=("Beviljad förmån", "Period och omfattning"), common=common)
    if v.get("monthly_amount") is not None:
        items.append(
            fact(
                "payment_amount",
                "Belopp per månad",
                f"{name}: {format_money(v['monthly_amount'])} per månad",
                **common,
                monthly_amount=v["monthly_amount"],
            )
        )
    if v.get("retroactive_amount") is not None:
        items += _retroactive_facts(v, fact, name)
    return items


def _decision_check(values: dict[str, Any]) -> list[FieldError]:
    """A retroactive amount comes with its period and payout day; the dates keep to the decision."""
    errors: list[FieldError] = []
    retro = ("retroactive_amount", "retroactive_start", "retroactive_end")
    if any(values.get(name) is not None for name in retro):
        for name in retro:
            if values.get(name) is None:
                errors.append(FieldError(name, "Ett retroaktivt beslut behöver belopp, period från och period till."))
        if values.get("payout_date") is None:
            errors.append(FieldError("payout_date", "Ange utbetalningsdag för det retroaktiva beloppet."))
        retro_end = values.get("retroactive_end")
        decided = values.get("decision_date")
        if retro_end is not None and decided is not None and retro_end > decided:
            errors.append(FieldError("retroactive_end", "En retroaktiv period kan inte sluta efter beslutsdatum."))
    elif values.get("payout_date") is not None:
        errors.append(FieldError("retroactive_amount", "Utbetalningsdag anges bara för ett retroaktivt belopp."))
    payout, decided = values.get("payout_date"), values.get("decision_date")
    if payout is not None and decided is not None and payout < decided:
        errors.append(FieldError("payout_date", "Utbetalningsdagen kan inte ligga före beslutsdatum."))
    return errors + extent_problem(values)


def _decision_concerns(v: Mapping[str, Any], period: Period) -> bool:
    return (
        overlaps(v["period_start"], v.get("period_end"), period)
        or within(v["decision_date"], period)
        or within(v.get("payout_date"), period)
    )


BENEFIT_DECISION = KindSpec(
    "benefit_decision",
    "Beslut om förmån",
    "Beslut om förmåner",
    _AGENCIES,
    "BenefitDecision",
    (
        _BENEFIT,
        FieldSpec("outcome", "Utfall", FieldType.CHOICE, required=False, choices=DECISION_OUTCOMES, default="granted"),
        FieldSpec("decision_date", "Beslutsdatum", FieldType.DATE),
        FieldSpec("period_start", "Period från", FieldType.DATE),
        FieldSpec("period_end", "Period till", FieldType.DATE, required=False, help_text="Tom: tills vidare."),
        FieldSpec("monthly_amount", "Belopp per månad", FieldType.MONEY, required=False),
        FieldSpec(
            "extent", "Omfattning", FieldType.TEXT, required=False, max_length=40, help_text="hel, 3/4, 1/2 eller 1/4"
        ),
        FieldSpec("retroactive_amount", "Retroaktivt belopp (netto)", FieldType.MONEY, required=False),
        FieldSpec("retroactive_start", "Retroaktiv period från", FieldType.DATE, required=False),
        FieldSpec("retroactive_end", "Retroaktiv period till", FieldType.DATE, required=False),
        FieldSpec(
            "payout_date",
            "Utbetalningsdag för det retroaktiva beloppet",
            FieldType.DATE,
            required=False,
            help_text="Socialnämnden kan begära återsökning bara före den dagen (SFB 107 kap. 5 §).",
        ),
    ),
    periods=(("period_start", "period_end"), ("retroactive_start", "retroactive_end")),
    categories=("benefit_granted", "payment_period", "payment_amount", "payment_date"),
    facts=_decision_facts,
    same=SameRecord(
        ("benefit", "decision_date", "period_start"),
        "Ett beslut om samma förmån med samma beslutsdatum och period är redan registrerat.",
    ),
    concerns=_decision_concerns,
    event=unless_refused(AgencyEventKind.BENEFIT_DECIDED),
    check=_decision_check,
)


def payment_facts(v: Mapping[str, Any], fact: MakeFact, *, name: str, common: Mapping[str, Any]) -> list[Item]:
    """A payment split as förordning (2008:975) 3 § p. 4–6 lists it: period, amount, day."""
    return [
        fact(
            "payment_period",
            "Utbetalningen avser",
            f"{name}: {span(v['period_start'], v['period_end'])}",
            period_start=v["period_start"],
            period_end=v["period_end"],
            **common,
        ),
        fact("payment_amount", "Utbetalt belopp", f"{name}: {format_money(v['amount'])}", amount=v["amount"], **common),
        fact("payment_date", "Utbetalningsdag", f"{name}: utbetald {day(v['paid_on'])}", **common),
    ]


def _payment_facts(v: Mapping[str, Any], fact: MakeFact) -> list[Item]:
    name = benefit_name(v["benefit"]).capitalize()
    return payment_facts(v, fact, name=name, common={"benefit": v["benefit"], "paid_on": v["paid_on"]})


BENEFIT_PAYMENT = KindSpec(
    "benefit_payment",
    "Utbetalning av förmån",
    "Utbetalningar av förmåner",
    _AGENCIES,
    "BenefitPayment",
    (_BENEFIT, *PAYMENT_FIELDS),
    periods=(("period_start", "period_end"),),
    categories=("payment_period", "payment_amount", "payment_date"),
    facts=_payment_facts,
    same=SameRecord(("paid_on", "period_start", "period_end", "benefit", "amount"), SAME_PAYMENT),
    concerns=paid_or_covering,
    event=always(AgencyEventKind.PAYMENT_RECORDED),
)

KINDS = (BENEFIT_APPLICATION, BENEFIT_DECISION, BENEFIT_PAYMENT)
