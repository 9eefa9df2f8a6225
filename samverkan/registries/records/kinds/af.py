"""Arbetsförmedlingen's records: registration as a job seeker, programmes, activity reports, etableringsersättning.

Their facts are the categories of förordning (2008:975) 5 §. Only the latest activity report up to the end of
the period is disclosed: the category is "datum för senaste aktivitetsrapport".
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
    Period,
    SameRecord,
    always,
    choice_label,
    day,
    extent_problem,
    overlaps,
    span,
    within,
)

if TYPE_CHECKING:
    from samverkan.registries.records.facts import Item

_AGENCIES = frozenset({Agency.AF})
JOBSEEKER_CATEGORIES = (
    ("openly_unemployed", "Öppet arbetslös"),
    ("with_obstacles", "Arbetssökande med förhinder"),
    ("in_programme", "Sökande i program"),
    ("other", "Annan sökandekategori"),
)


def _registration_facts(v: Mapping[str, Any], fact: MakeFact) -> list[Item]:
    text = f"Anmäld som arbetssökande från {day(v['registered_from'])}"
    if v.get("registered_to"):
        text += f", inte längre anmäld från {day(v['registered_to'])}"
    items = [
        fact(
            "jobseeker_registration",
            "Anmälan som arbetssökande",
            text,
            registered_from=v["registered_from"],
            registered_to=v.get("registered_to"),
        ),
        fact(
            "jobseeker_category",
            "Sökandekategori",
            choice_label(JOBSEEKER_CATEGORIES, v["category"]),
            category=v["category"],
        ),
    ]
    if v.get("unemployment_fund"):
        items.append(
            fact(
                "unemployment_fund_membership",
                "A-kassa enligt registrering",
                v["unemployment_fund"],
                unemployment_fund=v["unemployment_fund"],
            )
        )
    return items


JOBSEEKER_REGISTRATION = KindSpec(
    "jobseeker_registration",
    "Inskrivning som arbetssökande",
    "Inskrivningar som arbetssökande",
    _AGENCIES,
    "JobseekerRegistration",
    (
        FieldSpec("registered_from", "Inskriven från", FieldType.DATE),
        FieldSpec("registered_to", "Avaktualiserad", FieldType.DATE, required=False),
        FieldSpec("category", "Sökandekategori", FieldType.CHOICE, choices=JOBSEEKER_CATEGORIES),
        FieldSpec("unemployment_fund", "A-kassa enligt registrering", FieldType.TEXT, required=False),
    ),
    periods=(("registered_from", "registered_to"),),
    categories=("jobseeker_registration", "unemployment_fund_membership", "jobseeker_category"),
    facts=_registration_facts,
    same=SameRecord(("registered_from",), "En inskrivning från samma dag är redan registrerad."),
    concerns=lambda v, period: overlaps(v["registered_from"], v.get("registered_to"), period),
    event=always(AgencyEventKind.JOBSEEKER_REGISTRATION_CHANGED),
)


def _programme_facts(v: Mapping[str, Any], fact: MakeFact) -> list[Item]:
    return [
        fact(
            "labour_market_programme",
            "Arbetsmarknadspolitiskt program",
            f"{v['name']}, {span(v['period_start'], v.get('period_end'), 'pågår')}",
            name=v["name"],
            period_start=v["period_start"],
            period_end=v.get("period_end"),
        )
    ]


LABOUR_MARKET_PROGRAMME = KindSpec(
    "labour_market_programme",
    "Arbetsmarknadspolitiskt program",
    "Arbetsmarknadspolitiska program",
    _AGENCIES,
    "LabourMarketProgramme",
    (
        FieldSpec("name", "Program", FieldType.TEXT),
        FieldSpec("period_start", "Från", FieldType.DATE),
        FieldSpec("period_end", "Till", FieldType.DATE, required=False),
    ),
    periods=(("period_start", "period_end"),),
    categories=("labour_market_programme",),
    facts=_programme_facts,
    same=SameRecord(("name", "period_start"), "Samma program med samma startdag är redan registrerat."),
    concerns=lambda v, period: overlaps(v["period_start"], v.get("period_end"), period),
    event=always(AgencyEventKind.PROGRAMME_CHANGED),
)


def _report_facts(v: Mapping[str, Any], fact: MakeFact) -> list[Item]:
    month = v["report_month"]
    return [
        fact(
            "activity_report_date",
            "Senaste aktivitetsrapport",
            f"Inkom {day(v['submitted_on'])} (avser {month:%Y-%m})",
            submitted_on=v["submitted_on"],
            report_month=month,
        )
    ]


def _report_month_first(values: dict[str, Any]) -> list[FieldError]:
    """A report is for a month: its first day stands for it."""
    if values.get("report_month") is not None:
        values["report_month"] = values["report_month"].replace(day=1)
    return []


ACTIVITY_REPORT = KindSpec(
    "activity_report",
    "Aktivitetsrapport",
    "Aktivitetsrapporter",
    _AGENCIES,
    "ActivityReport",
    (
        FieldSpec("submitted_on", "Inkom", FieldType.DATE),
        FieldSpec("report_month", "Avser månad", FieldType.DATE, help_text="Månadens första dag."),
    ),
    categories=("activity_report_date",),
    facts=_report_facts,
    same=SameRecord(("report_month",), "En aktivitetsrapport för samma månad är redan registrerad."),
    concerns=lambda v, period: v["submitted_on"] <= period[1],
    event=always(AgencyEventKind.ACTIVITY_REPORT_RECEIVED),
    latest_by="submitted_on",
    check=_report_month_first,
)


def _grant_text(v: Mapping[str, Any]) -> str:
    parts = []
    if v.get("monthly_amount") is not None:
        parts.append(f"{format_money(v['monthly_amount'])} per månad")
    if v.get("period_start") is not None:
        parts.append(span(v["period_start"], v.get("period_end")))
    if v.get("extent"):
        parts.append(v["extent"])
    return ", ".join(parts)


def _establishment_facts(v: Mapping[str, Any], fact: MakeFact) -> list[Item]:
    entitled = bool(v.get("entitled"))
    items = [
        fact(
            "establishment_allowance_entitlement",
            "Rätt till etableringsersättning",
            f"{'Ja' if entitled else 'Nej'} (beslut {day(v['decision_date'])})",
            entitled=entitled,
            decision_date=v["decision_date"],
        )
    ]
    if entitled and (v.get("monthly_amount") is not None or v.get("period_start") is not None):
        items.append(
            fact(
                "establishment_allowance_grant",
                "Beviljad etableringsersättning",
                _grant_text(v),
                monthly_amount=v.get("monthly_amount"),
                period_start=v.get("period_start"),
                period_end=v.get("period_end"),
                extent=v.get("extent") or "",
            )
        )
    items.append(
        fact(
            "establishment_allowance_change",
            "Ändrat beslut",
            f"Beslutet {day(v['decision_date'])} har ändrats" if v.get("changed") else "Nej",
            changed=bool(v.get("changed")),
            decision_date=v["decision_date"],
        )
    )
    return items


def _establishment_concerns(v: Mapping[str, Any], period: Period) -> bool:
    return overlaps(v.get("period_start"), v.get("period_end"), period) or within(v["decision_date"], period)


def _establishment_event(v: Mapping[str, Any]) -> AgencyEventKind:
    if v.get("changed"):
        return AgencyEventKind.ESTABLISHMENT_ALLOWANCE_CHANGED
    return AgencyEventKind.ESTABLISHMENT_ALLOWANCE_DECIDED


ESTABLISHMENT_ALLOWANCE_DECISION = KindSpec(
    "establishment_allowance_decision",
    "Beslut om etableringsersättning",
    "Beslut om etableringsersättning",
    _AGENCIES,
    "EstablishmentAllowanceDecision",
    (
        FieldSpec("entitled", "Rätt till etableringsersättning", FieldType.BOOL, required=False, default=True),
        FieldSpec("decision_date", "Beslutsdatum", FieldType.DATE),
        FieldSpec("monthly_amount", "Belopp per månad", FieldType.MONEY, required=False),
        FieldSpec("period_start", "Period från", FieldType.DATE, required=False),
        FieldSpec("period_end", "Period till", FieldType.DATE, required=False),
        FieldSpec("extent", "Omfattning", FieldType.TEXT, required=False, max_length=40),
        FieldSpec("changed", "Beslutet har ändrats", FieldType.BOOL, required=False, default=False),
    ),
    periods=(("period_start", "period_end"),),
    categories=(
        "establishment_allowance_entitlement",
        "establishment_allowance_grant",
        "establishment_allowance_change",
    ),
    facts=_establishment_facts,
    same=SameRecord(
        ("decision_date", "changed"), "Ett beslut om etableringsersättning med samma beslutsdatum är redan registrerat."
    ),
    concerns=_establishment_concerns,
    event=_establishment_event,
    check=extent_problem,
)

KINDS = (JOBSEEKER_REGISTRATION, LABOUR_MARKET_PROGRAMME, ACTIVITY_REPORT, ESTABLISHMENT_ALLOWANCE_DECISION)
