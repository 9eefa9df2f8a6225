"""The released data of a household's lookup as the domain's records of each agency.

Only what the secrecy gate released is read (:func:`samverkan.registries.lookup.fetch_household`); a source
that failed, timed out, or released less than its controls need becomes
:class:`~samverkan.domain.controls.Unavailable` with the reason, so its controls say ``missing``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from samverkan.assistance.inputs import month_end, month_start
from samverkan.domain import controls as domain
from samverkan.domain.money import round_ore

#: What each agency must have released for its controls to be made (förordning 2008:975).
NEEDED: Mapping[str, tuple[str, ...]] = {
    "fk": ("application_submitted", "payment_amount", "payment_date"),
    "pm": ("application_submitted", "payment_amount", "payment_date"),
    "unemployment_fund": ("payment_amount", "payment_date"),
    "csn": ("study_support_form", "study_support_amount", "study_support_payment_date"),
    "tax_agency": ("employment_income", "final_tax_assessment", "tax_refund"),
    "af": (
        "jobseeker_registration",
        "jobseeker_category",
        "labour_market_programme",
        "activity_report_date",
        "establishment_allowance_entitlement",
        "establishment_allowance_grant",
        "establishment_allowance_change",
    ),
}


def _unavailable_reason(outcomes: Sequence[Any], agency: str) -> str | None:
    """Why an agency's data cannot be used for a person (None: it can)."""
    from samverkan.registries.records import agency_label

    if not outcomes:
        return f"{agency_label(agency)} tillfrågades inte."
    for o in outcomes:
        if o.status in ("failed", "timeout"):
            return o.message or f"{agency_label(agency)} svarade inte."
        if o.status == "no_organisation":
            return o.message or f"{agency_label(agency)} finns inte i Samverkan."
    if all(o.status == "not_released" for o in outcomes):
        reasons = {o.reasons.get(c, "") for o in outcomes for c in NEEDED[agency]} - {""}
        why = " ".join(sorted(reasons)) or "Sekretessgrinden lämnade inte ut något."
        return f"{agency_label(agency)} lämnade inte ut uppgifterna. {why}"
    released = {c for o in outcomes if o.status == "ok" for c in o.released}
    lacking = [c for c in NEEDED[agency] if c not in released]
    if lacking:
        from samverkan.domain.disclosure import CATEGORIES

        labels = ", ".join(CATEGORIES[c].label.lower() if c in CATEGORIES else c for c in lacking)
        reasons = {o.reasons.get(c, "") for o in outcomes for c in lacking} - {""}
        return f"{agency_label(agency)} lämnade inte ut: {labels}. {' '.join(sorted(reasons))}".strip()
    return None


def _items(outcomes: Sequence[Any]) -> list[Any]:
    return [i for o in outcomes if o.status == "ok" for i in o.items]


def _payments(items: Iterable[Any], kind: str) -> list[domain.Payment]:
    """Payments rebuilt from their released facts (amount, date, period), grouped by the agency's id."""
    grouped: dict[str, dict[str, Any]] = {}
    for item in items:
        if item.kind != kind:
            continue
        entry = grouped.setdefault(item.external_id, {})
        data = item.data
        for key in ("benefit", "amount", "paid_on", "period_start", "period_end"):
            if data.get(key) is not None and key not in entry:
                entry[key] = data[key]
    payments = []
    for entry in grouped.values():
        if entry.get("amount") is None or entry.get("paid_on") is None:
            continue
        payments.append(
            domain.Payment(
                amount=Decimal(entry["amount"]),
                paid_on=entry["paid_on"],
                benefit=entry.get("benefit", ""),
                period_start=entry.get("period_start"),
                period_end=entry.get("period_end"),
            )
        )
    return sorted(payments, key=lambda p: (p.paid_on, p.amount))


def benefit_records(
    outcomes: Sequence[Any], agency: str, fetched_on: dt.date
) -> domain.BenefitRecords | domain.Unavailable:
    reason = _unavailable_reason(outcomes, agency)
    if reason is not None:
        return domain.Unavailable(reason)
    items = _items(outcomes)
    applications = []
    for item in items:
        if item.category != "application_submitted":
            continue
        status = item.data.get("status") or "submitted"
        if status == "withdrawn":
            continue
        applications.append(
            domain.BenefitApplication(
                benefit=item.data.get("benefit", ""),
                applied_on=item.data["submitted_on"],
                status=domain.ApplicationStatus.APPLIED if status == "submitted" else domain.ApplicationStatus.DECIDED,
            )
        )
    return domain.BenefitRecords(
        source=domain.Source(agency),
        fetched_on=fetched_on,
        applications=tuple(sorted(applications, key=lambda a: (a.applied_on, a.benefit))),
        payments=tuple(_payments(items, "benefit_payment")),
    )


def unemployment_records(
    outcomes: Sequence[Any], fetched_on: dt.date
) -> domain.UnemploymentFundRecords | domain.Unavailable:
    reason = _unavailable_reason(outcomes, "unemployment_fund")
    if reason is not None:
        return domain.Unavailable(reason)
    funds = sorted({o.label for o in outcomes if o.status == "ok" and o.items})
    return domain.UnemploymentFundRecords(
        fetched_on=fetched_on,
        fund=", ".join(f for f in funds if f != "A-kassa" and f != "Arbetslöshetskassa"),
        payments=tuple(_payments(_items(outcomes), "unemployment_fund_payment")),
    )


def study_support_records(
    outcomes: Sequence[Any], fetched_on: dt.date
) -> domain.StudySupportRecords | domain.Unavailable:
    """Centrala studiestödsnämnden's released payments (form, amount, day, period)."""
    reason = _unavailable_reason(outcomes, "csn")
    if reason is not None:
        return domain.Unavailable(reason)
    grouped: dict[str, dict[str, Any]] = {}
    for item in _items(outcomes):
        if item.kind != "study_support_payment":
            continue
        entry = grouped.setdefault(item.external_id, {})
        for key in ("form", "amount", "paid_on", "period_start", "period_end"):
            if item.data.get(key) is not None and key not in entry:
                entry[key] = item.data[key]
    payments = [
        domain.Payment(
            amount=Decimal(e["amount"]),
            paid_on=e["paid_on"],
            benefit=e.get("form", ""),
            period_start=e.get("period_start"),
            period_end=e.get("period_end"),
        )
        for e in grouped.values()
        if e.get("amount") is not None and e.get("paid_on") is not None
    ]
    return domain.StudySupportRecords(
        fetched_on=fetched_on, payments=tuple(sorted(payments, key=lambda p: (p.paid_on, p.amount)))
    )


def tax_records(outcomes: Sequence[Any], fetched_on: dt.date) -> domain.TaxRecords | domain.Unavailable:
    """Skatteverket's released latest decision on slutlig skatt and the skatteåterbäringar paid out."""
    reason = _unavailable_reason(outcomes, "tax_agency")
    if reason is not None:
        return domain.Unavailable(reason)
    year, employment, business = "", None, None
    refunds = []
    for item in _items(outcomes):
        data = item.data
        if item.category == "employment_income":
            year, employment = data.get("income_year") or year, Decimal(data["employment_income"])
        elif item.category == "business_income":
            year, business = data.get("income_year") or year, Decimal(data["business_income"])
        elif item.category == "final_tax_assessment":
            year = data.get("income_year") or year
        elif item.category == "tax_refund" and data.get("paid_on") is not None:
            refunds.append(domain.Payment(amount=Decimal(data["amount"]), paid_on=data["paid_on"]))
    return domain.TaxRecords(
        fetched_on=fetched_on,
        income_year=str(year),
        employment_income=employment,
        business_income=business,
        refunds=tuple(sorted(refunds, key=lambda p: p.paid_on)),
    )


def _category(code: str) -> domain.JobseekerCategory:
    try:
        return domain.JobseekerCategory(code)
    except ValueError:
        # "Sökande i program" and other categories are, in förordning 2008:975 5 § p. 4, "annan sökandekategori".
        return domain.JobseekerCategory.OTHER


def af_records(
    outcomes: Sequence[Any], fetched_on: dt.date, month: dt.date, on: dt.date
) -> domain.AfRecords | domain.Unavailable:
    reason = _unavailable_reason(outcomes, "af")
    if reason is not None:
        return domain.Unavailable(reason)
    items = _items(outcomes)
    registrations: dict[str, dict[str, Any]] = {}
    programmes: list[domain.ProgrammeParticipation] = []
    reports: list[dt.date] = []
    entitled: bool | None = None
    grants: list[domain.EstablishmentAllowanceGrant] = []
    changed_on: dt.date | None = None
    first, last = month_start(month), month_end(month)
    for item in items:
        data = item.data
        if item.category == "jobseeker_registration":
            registrations.setdefault(item.external_id, {}).update(
                registered_from=data.get("registered_from"), registered_to=data.get("registered_to")
            )
        elif item.category == "jobseeker_category":
            registrations.setdefault(item.external_id, {})["category"] = data.get("category")
        elif item.category == "unemployment_fund_membership":
            registrations.setdefault(item.external_id, {})["fund"] = data.get("unemployment_fund")
        elif item.category == "labour_market_programme" and data.get("period_start") is not None:
            programmes.append(
                domain.ProgrammeParticipation(
                    name=data.get("name", ""), start=data["period_start"], end=data.get("period_end")
                )
            )
        elif item.category == "activity_report_date" and data.get("submitted_on") is not None:
            reports.append(data["submitted_on"])
        elif item.category == "establishment_allowance_entitlement":
            entitled = bool(entitled) or bool(data.get("entitled"))
        elif item.category == "establishment_allowance_grant":
            grant = _grant_for_month(data, first, last)
            if grant is not None:
                grants.append(grant)
        elif item.category == "establishment_allowance_change" and data.get("changed"):
            day = data.get("decision_date")
            if day is not None and (changed_on is None or day > changed_on):
                changed_on = day
    chosen: dict[str, Any] = {}
    dated = [r for r in registrations.values() if r.get("registered_from") is not None]
    if dated:
        current = [
            r
            for r in dated
            if r["registered_from"] <= on and (r.get("registered_to") is None or on < r["registered_to"])
        ]
        chosen = max(current or dated, key=lambda r: r["registered_from"])
    latest = max((d for d in reports if d <= on), default=None) or max(reports, default=None)
    return domain.AfRecords(
        fetched_on=fetched_on,
        registered_from=chosen.get("registered_from"),
        deregistered_on=chosen.get("registered_to"),
        category=_category(chosen["category"]) if chosen.get("category") else None,
        programmes=tuple(sorted(programmes, key=lambda p: p.start)),
        latest_activity_report_on=latest,
        establishment_allowance_entitled=entitled,
        establishment_allowance_grants=tuple(grants),
        establishment_allowance_changed_on=changed_on,
        unemployment_fund=chosen.get("fund") or None,
    )


def _grant_for_month(
    data: Mapping[str, Any], first: dt.date, last: dt.date
) -> domain.EstablishmentAllowanceGrant | None:
    """Arbetsförmedlingen releases a monthly amount; the month's share is that amount by calendar days.

    The grant is given to the domain clipped to the month, with the month's share as its amount,
    so the domain's estimate for the month is exactly that share.
    """
    monthly = data.get("monthly_amount")
    start = data.get("period_start")
    if monthly is None or start is None:
        return None
    end = data.get("period_end") or last
    clip_start, clip_end = max(start, first), min(end, last)
    if clip_end < clip_start:
        return None
    days_in_month = (last - first).days + 1
    share = round_ore(Decimal(monthly) * ((clip_end - clip_start).days + 1) / days_in_month)
    return domain.EstablishmentAllowanceGrant(
        amount=share, period_start=clip_start, period_end=clip_end, extent=data.get("extent", "") or ""
    )
