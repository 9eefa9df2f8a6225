"""Centrala studiestödsnämnden's records: decisions and payments of studiestöd.

Their facts are the categories of förordning (2008:975) 2 § första stycket. CSN reaches Samverkan by system
integration only (as in SSBTEK): its records come from the sandbox, a file or its API, never from a form.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from samverkan.domain.disclosure import AgencyEventKind
from samverkan.domain.money import format_money
from samverkan.registries.records.base import (
    PAYMENT_FIELDS,
    SAME_PAYMENT,
    Agency,
    FieldSpec,
    FieldType,
    KindSpec,
    MakeFact,
    SameRecord,
    always,
    choice_label,
    day,
    decided_or_covering,
    paid_or_covering,
    span,
)

if TYPE_CHECKING:
    from samverkan.registries.records.facts import Item

_AGENCIES = frozenset({Agency.CSN})
#: Forms of studiestöd (förordning 2008:975 2 § p. 3) and the hemutrustningslån (p. 7).
STUDY_SUPPORT_FORMS = (
    ("study_grant", "Studiemedel, bidrag"),
    ("study_loan", "Studiemedel, lån"),
    ("home_equipment_loan", "Lån till hemutrustning"),
)
#: The extent of studiestöd (2 § p. 5), as the share of full-time studies.
STUDY_EXTENTS = (("100", "Heltid (100 %)"), ("75", "75 %"), ("50", "Halvtid (50 %)"))
_FORM = FieldSpec("form", "Form av stöd", FieldType.CHOICE, choices=STUDY_SUPPORT_FORMS)


def _form_and_period(v: Mapping[str, Any], fact: MakeFact, state: str) -> list[Item]:
    """The form of stöd (``state``: beviljat or utbetalt) and its period, as both kinds begin."""
    form = v["form"]
    form_label = choice_label(STUDY_SUPPORT_FORMS, form)
    return [
        fact("study_support_form", "Form av stöd", f"{form_label} ({state})", form=form),
        fact(
            "study_support_period",
            "Period",
            f"{form_label}: {span(v['period_start'], v['period_end'])}",
            period_start=v["period_start"],
            period_end=v["period_end"],
            form=form,
        ),
    ]


def _amount_code(form: str) -> str:
    """The hemutrustningslån's amount is its own category (p. 7), every other form's is p. 6."""
    return "home_equipment_loan_amount" if form == "home_equipment_loan" else "study_support_amount"


def _decision_facts(v: Mapping[str, Any], fact: MakeFact) -> list[Item]:
    form = v["form"]
    form_label = choice_label(STUDY_SUPPORT_FORMS, form)
    loan = form == "home_equipment_loan"
    items = _form_and_period(v, fact, "beviljat")
    if not loan:
        extent = v.get("extent") or "100"
        items.append(
            fact("study_support_extent", "Omfattning", choice_label(STUDY_EXTENTS, extent), extent=extent, form=form)
        )
    items.append(
        fact(
            _amount_code(form),
            "Beviljat belopp",
            f"{form_label}: {format_money(v['amount'])} för perioden",
            granted_amount=v["amount"],
            form=form,
        )
    )
    if not loan:
        items.append(
            fact(
                "study_support_compulsory_school",
                "Studier på grundskolenivå",
                "Ja" if v.get("compulsory_school") else "Nej",
                compulsory_school=bool(v.get("compulsory_school")),
                form=form,
            )
        )
    return items


STUDY_SUPPORT_DECISION = KindSpec(
    "study_support_decision",
    "Beslut om studiestöd",
    "Beslut om studiestöd",
    _AGENCIES,
    "StudySupportDecision",
    (
        _FORM,
        FieldSpec("decision_date", "Beslutsdatum", FieldType.DATE),
        FieldSpec("period_start", "Period från", FieldType.DATE),
        FieldSpec("period_end", "Period till", FieldType.DATE),
        FieldSpec("extent", "Omfattning", FieldType.CHOICE, required=False, choices=STUDY_EXTENTS, default="100"),
        FieldSpec("amount", "Beviljat belopp för perioden", FieldType.MONEY),
        FieldSpec("compulsory_school", "Studier på grundskolenivå", FieldType.BOOL, required=False, default=False),
    ),
    periods=(("period_start", "period_end"),),
    categories=(
        "study_support_form",
        "study_support_period",
        "study_support_extent",
        "study_support_amount",
        "home_equipment_loan_amount",
        "study_support_compulsory_school",
    ),
    facts=_decision_facts,
    same=SameRecord(
        ("form", "decision_date", "period_start"),
        "Ett beslut om samma studiestöd med samma beslutsdatum och period är redan registrerat.",
    ),
    concerns=decided_or_covering,
    event=always(AgencyEventKind.STUDY_SUPPORT_DECIDED),
)


def _payment_facts(v: Mapping[str, Any], fact: MakeFact) -> list[Item]:
    form = v["form"]
    form_label = choice_label(STUDY_SUPPORT_FORMS, form)
    paid = {"paid_on": v["paid_on"], "form": form}
    return [
        *_form_and_period(v, fact, "utbetalt"),
        fact(
            _amount_code(form),
            "Utbetalt belopp",
            f"{form_label}: {format_money(v['amount'])}",
            amount=v["amount"],
            **paid,
        ),
        fact("study_support_payment_date", "Utbetalningsdag", f"{form_label}: utbetald {day(v['paid_on'])}", **paid),
    ]


STUDY_SUPPORT_PAYMENT = KindSpec(
    "study_support_payment",
    "Utbetalning av studiestöd",
    "Utbetalningar av studiestöd",
    _AGENCIES,
    "StudySupportPayment",
    (_FORM, *PAYMENT_FIELDS),
    periods=(("period_start", "period_end"),),
    categories=(
        "study_support_form",
        "study_support_period",
        "study_support_amount",
        "home_equipment_loan_amount",
        "study_support_payment_date",
    ),
    facts=_payment_facts,
    same=SameRecord(("form", "paid_on", "period_start", "period_end", "amount"), SAME_PAYMENT),
    concerns=paid_or_covering,
    event=always(AgencyEventKind.STUDY_SUPPORT_PAID),
)

KINDS = (STUDY_SUPPORT_DECISION, STUDY_SUPPORT_PAYMENT)
