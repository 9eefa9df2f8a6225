"""The data of bench/reclaim.py: a year of bistånd and of FK's and PM's benefit decisions, deterministic by seed."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

ON = dt.date(2026, 11, 23)  # the night of the run
YEAR_START = dt.date(2025, 12, 1)  # a year of data: December 2025 – November 2026
MUNICIPALITIES = 290
RECLAIMABLE = [
    "sickness_benefit",
    "rehabilitation_benefit",
    "sickness_compensation",
    "activity_compensation",
    "parental_benefit",
    "housing_allowance",
    "maintenance_support",
    "care_allowance",
]
NOT_RECLAIMABLE = ["child_allowance", "assistance_compensation", "activity_support"]
PM_BENEFITS = ["housing_supplement", "guarantee_pension"]


def _months() -> list[tuple[dt.date, dt.date]]:
    months = []
    first = YEAR_START
    for _ in range(12):
        nxt = dt.date(first.year + (first.month // 12), first.month % 12 + 1, 1)
        months.append((first, nxt - dt.timedelta(days=1)))
        first = nxt
    return months


Tables = dict[str, list[dict[str, Any]]]


def _organisations(t: Tables) -> tuple[int, int]:
    """The 290 socialnämnder with a unit each, then FK and PM: the agencies' ids."""
    for i in range(1, MUNICIPALITIES + 1):
        t["organisation"].append(
            {"id": i, "code": f"kommun-{i:03d}", "name": f"Socialnämnden i kommun {i}", "org_type": "social_services"}
        )
        t["unit"].append(
            {"id": i, "organisation_id": i, "code": "ekb", "name": "Ekonomiskt bistånd", "handles_assistance": True}
        )
    fk_id, pm_id = MUNICIPALITIES + 1, MUNICIPALITIES + 2
    t["organisation"].append({"id": fk_id, "code": "fk", "name": "Försäkringskassan", "org_type": "fk"})
    t["organisation"].append({"id": pm_id, "code": "pm", "name": "Pensionsmyndigheten", "org_type": "pm"})
    return fk_id, pm_id


def _household(t: Tables, rng: random.Random, h: int) -> tuple[list[tuple[int, str]], int]:
    """Household ``h``, its persons and its case (ids follow the rows: the n-th row has id n): (members, organisation)."""
    t["household"].append({"id": h, "code": f"B{h:07d}"})
    size = rng.choices((1, 2, 3, 4, 5), weights=(30, 25, 20, 15, 10))[0]
    persons = []
    for k in range(size):
        person_id = len(t["person"]) + 1
        birth = dt.date(1950 + rng.randrange(55), 1 + rng.randrange(12), 1 + rng.randrange(28))
        t["person"].append(
            {
                "id": person_id,
                "identity_number": f"{19000000 + person_id // 10000:08d}-{person_id % 10000:04d}",
                "identity_type": "personnummer",
                "birth_date": birth,
                "first_name": "Person",
                "last_name": f"B{h}",
                "household_id": h,
            }
        )
        persons.append((person_id, "applicant" if k == 0 else ("partner" if k == 1 else "child")))
    org = 1 + rng.randrange(MUNICIPALITIES)
    active = rng.random() < 0.85
    t["case"].append(
        {
            "id": h,
            "organisation_id": org,
            "unit_id": org,
            "reference": f"B-{h:07d}",
            "case_type": "assistance",
            "status": "active" if active else "closed",
            "subject_id": persons[0][0],
            "opened_on": YEAR_START - dt.timedelta(days=30),
            "closed_on": None if active else ON - dt.timedelta(days=rng.randrange(1, 300)),
        }
    )
    for pid, relation in persons:
        t["member"].append({"id": len(t["member"]) + 1, "case_id": h, "person_id": pid, "relation": relation})
    return persons, org


def _assistance(
    t: Tables,
    rng: random.Random,
    h: int,
    org: int,
    persons: list[tuple[int, str]],
    months: list[tuple[dt.date, dt.date]],
) -> None:
    """A year of bistånd: försörjningsstöd to the applicant most months, sometimes more."""
    for first, last in months:
        if rng.random() >= 0.8:
            continue
        application_id = len(t["application"]) + 1
        t["application"].append(
            {
                "id": application_id,
                "organisation_id": org,
                "case_id": h,
                "month": first,
                "received_on": first - dt.timedelta(days=10),
                "status": "decided",
                "decision": "granted",
                "granted_amount": Decimal("30000.00"),
                "decided_on": first - dt.timedelta(days=5),
            }
        )
        rows = [(persons[0][0], "subsistence", Decimal(rng.randrange(400000, 1200000)) / 100)]
        if rng.random() < 0.1:
            rows.append((rng.choice(persons)[0], "other_living", Decimal(rng.randrange(50000, 300000)) / 100))
        if rng.random() < 0.05:
            rows.append((persons[0][0], "discretionary", Decimal(rng.randrange(20000, 150000)) / 100))
        for recipient, kind, amount in rows:
            start = first if rng.random() < 0.8 else first + dt.timedelta(days=14)
            end = last if start == first else min(last + dt.timedelta(days=14), ON)
            t["payment"].append(
                {
                    "id": len(t["payment"]) + 1,
                    "organisation_id": org,
                    "case_id": h,
                    "application_id": application_id,
                    "recipient_id": recipient,
                    "kind": kind,
                    "amount": amount,
                    "period_start": start,
                    "period_end": end,
                    "paid_on": start - dt.timedelta(days=3),
                }
            )


def _benefit_decision(t: Tables, rng: random.Random, pid: int, agencies: tuple[int, int]) -> dict[str, Any]:
    """One benefit decision at FK or PM for person ``pid``, sometimes with a retroactive payout."""
    fk_id, pm_id = agencies
    roll = rng.random()
    benefit = (
        rng.choice(RECLAIMABLE)
        if roll < 0.75
        else rng.choice(NOT_RECLAIMABLE)
        if roll < 0.9
        else rng.choice(PM_BENEFITS)
    )
    agency = pm_id if benefit in PM_BENEFITS else fk_id
    decided = YEAR_START + dt.timedelta(days=rng.randrange(60, 357))
    retroactive = rng.random() < 0.4
    decision_id = len(t["decision"]) + 1
    row: dict[str, Any] = {
        "id": decision_id,
        "organisation_id": agency,
        "person_id": pid,
        "source": "sandbox",
        "external_id": f"BD-{decision_id}",
        "benefit": benefit,
        "outcome": "granted" if rng.random() < 0.9 else "refused",
        "decision_date": decided,
        "period_start": decided - dt.timedelta(days=rng.randrange(0, 120)),
        "monthly_amount": Decimal(rng.randrange(200000, 1500000)) / 100,
        "extent": "hel",
    }
    if retroactive:
        start = decided - dt.timedelta(days=rng.randrange(30, 180))
        end = min(decided, start + dt.timedelta(days=rng.randrange(14, 120)))
        row.update(
            retroactive_amount=Decimal(rng.randrange(50000, 6000000)) / 100,
            retroactive_start=start,
            retroactive_end=end,
            payout_date=decided + dt.timedelta(days=rng.randrange(3, 21)),
            period_start=start,
        )
    t["decision"].append(row)
    return row


def _benefit_payments(t: Tables, row: dict[str, Any], months: list[tuple[dt.date, dt.date]]) -> None:
    """The monthly payments of a granted decision, for the months after it."""
    for first, last in months:
        if first > row["decision_date"]:
            benefit_payment_id = len(t["benefit_payment"]) + 1
            t["benefit_payment"].append(
                {
                    "id": benefit_payment_id,
                    "organisation_id": row["organisation_id"],
                    "person_id": row["person_id"],
                    "source": "sandbox",
                    "external_id": f"BP-{benefit_payment_id}",
                    "benefit": row["benefit"],
                    "period_start": first,
                    "period_end": last,
                    "amount": row["monthly_amount"],
                    "paid_on": first + dt.timedelta(days=24),
                }
            )


def generate(households: int, seed: int) -> Tables:
    """Every row of the benchmark, as dicts of column (attname) → value, with explicit ids."""
    rng = random.Random(seed)
    months = _months()
    t: Tables = {
        k: []
        for k in (
            "organisation",
            "unit",
            "household",
            "person",
            "case",
            "member",
            "application",
            "payment",
            "decision",
            "benefit_payment",
        )
    }
    agencies = _organisations(t)
    for h in range(1, households + 1):
        persons, org = _household(t, rng, h)
        _assistance(t, rng, h, org, persons, months)
        # A year of benefit records at FK and PM.
        for pid, _relation in persons:
            if rng.random() >= 0.12:
                continue
            row = _benefit_decision(t, rng, pid, agencies)
            if row["outcome"] == "granted":
                _benefit_payments(t, row, months)
    return t
