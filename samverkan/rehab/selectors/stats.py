"""Rehabilitation statistics per FK unit and month, aggregated only."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from statistics import median
from typing import Any

from samverkan.cases.models import Case
from samverkan.domain.organisations import CaseType, OrganisationType
from samverkan.rehab.models import RehabCoordination, ReviewMeeting


@dataclass
class StatisticsRow:
    unit: str
    month: str
    sick_leave_cases: int
    with_meeting: int
    coordinations: int
    plans: int
    days_to_first_plan_mean: float | None
    days_to_first_plan_median: float | None

    @property
    def share_with_meeting(self) -> float | None:
        return None if not self.sick_leave_cases else self.with_meeting / self.sick_leave_cases

    @property
    def share_percent(self) -> int | None:
        share = self.share_with_meeting
        return None if share is None else round(share * 100)


def _month(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def rehab_statistics(*, since: dt.date | None = None) -> list[StatisticsRow]:
    """Per FK unit and month: sick-leave cases (sjukpenningärenden) and the share with an avstämningsmöte,
    and days from the start to the first plan in the coordinations started that month.

    Aggregated only: no person is named. A sick-leave case counts as having a meeting when the same
    person has a booked or held avstämningsmöte in a coordination at the same FK organisation.
    """
    sickness = Case.objects.filter(case_type=CaseType.SICKNESS.value, organisation__org_type=OrganisationType.FK.value)
    if since is not None:
        sickness = sickness.filter(opened_on__gte=since)
    met = set(
        ReviewMeeting.objects.filter(status__in=[ReviewMeeting.Status.BOOKED, ReviewMeeting.Status.HELD]).values_list(
            "coordination__case__organisation_id", "coordination__case__subject_id"
        )
    )
    buckets: dict[tuple[str, str], dict[str, Any]] = defaultdict(
        lambda: {"cases": 0, "met": 0, "coordinations": 0, "days": []}
    )
    for unit_name, org_id, subject_id, opened_on in sickness.values_list(
        "unit__name", "organisation_id", "subject_id", "opened_on"
    ):
        bucket = buckets[(unit_name, _month(opened_on))]
        bucket["cases"] += 1
        if (org_id, subject_id) in met:
            bucket["met"] += 1
    coordinations = RehabCoordination.objects.select_related("case__unit")
    if since is not None:
        coordinations = coordinations.filter(application_date__gte=since)
    for coordination in coordinations:
        start = coordination.measured_from
        bucket = buckets[(coordination.case.unit.name, _month(start))]
        bucket["coordinations"] += 1
        if coordination.first_plan_on is not None:
            bucket["days"].append((coordination.first_plan_on - start).days)
    rows = []
    for (unit, month), b in sorted(buckets.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        days = b["days"]
        rows.append(
            StatisticsRow(
                unit=unit,
                month=month,
                sick_leave_cases=b["cases"],
                with_meeting=b["met"],
                coordinations=b["coordinations"],
                plans=len(days),
                days_to_first_plan_mean=round(sum(days) / len(days), 1) if days else None,
                days_to_first_plan_median=float(median(days)) if days else None,
            )
        )
    return rows
