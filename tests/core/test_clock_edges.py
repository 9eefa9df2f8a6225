"""The product on the days that break date code, reached by moving the pinned clock on purpose.

Every test starts at the suite's fixed "now" (``tests/conftest.py``); these move it to a year end,
a month end, the day SoL (2025:400) came into force and the night the clock goes back.
"""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from samverkan.cases.services import case_create
from samverkan.core import clock
from samverkan.disclosures.services import disclosure_request
from samverkan.registries.lookup import default_period
from samverkan.scheduling.jobs import Daily
from samverkan.scheduling.models import ScheduledRun
from tests.disclosures.conftest import Gate
from tests.scheduling.conftest import cheap_job

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _local(*args: int, fold: int = 0) -> dt.datetime:
    return dt.datetime(*args, tzinfo=STOCKHOLM).replace(fold=fold)


def test_just_after_midnight_on_new_years_day_today_is_the_new_year_in_stockholm(client_for: Any) -> None:
    clock.move_to(_local(2027, 1, 1, 0, 30))  # still 2026-12-31 in UTC
    assert clock.today() == dt.date(2027, 1, 1)
    page = client_for("sara.lind").get("/arenden/nytt/")
    assert page.status_code == 200
    assert 'value="2027-01-01"' in page.content.decode()


def test_a_case_opened_on_new_years_eve_and_one_on_new_years_day_take_references_of_their_own_year(
    gate: Gate,
) -> None:
    made = []
    for moment in (_local(2026, 12, 31, 23, 59), _local(2027, 1, 1, 0, 1)):
        clock.move_to(moment)
        made.append(
            case_create(
                organisation=gate.sorby,
                unit=gate.social_worker.unit,
                case_type="social_other",
                subject_identity_number=gate.client.identity_number,
                responsible=gate.social_worker,
                opened_on=clock.today(),
                actor=gate.social_worker,
            )
        )
    assert made[0].reference.startswith("2026-") and made[1].reference == "2027-00001"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 1, 31), (dt.date(2025, 11, 1), dt.date(2026, 1, 31))),
        (dt.date(2026, 2, 28), (dt.date(2025, 12, 1), dt.date(2026, 2, 28))),
        (dt.date(2028, 2, 29), (dt.date(2027, 12, 1), dt.date(2028, 2, 29))),
        (dt.date(2026, 12, 31), (dt.date(2026, 10, 1), dt.date(2026, 12, 31))),
        (dt.date(2027, 1, 1), (dt.date(2026, 11, 1), dt.date(2027, 1, 1))),
        (dt.date(2026, 11, 18), (dt.date(2026, 9, 1), dt.date(2026, 11, 18))),
    ],
)
def test_the_lookup_period_covers_two_whole_months_and_this_one_up_to_today_never_the_future(
    day: dt.date, expected: tuple[dt.date, dt.date]
) -> None:
    clock.move_to(day)
    assert default_period(clock.today()) == expected


@pytest.mark.parametrize(
    ("moment", "wording"),
    [(_local(2025, 6, 30, 23, 59), "2001:453"), (_local(2025, 7, 1, 0, 1), "2025:400")],
)
def test_the_gate_cites_the_sol_in_force_on_the_day_of_the_request(
    gate: Gate, moment: dt.datetime, wording: str
) -> None:
    clock.move_to(dt.datetime(2025, 1, 2, 10, 0, tzinfo=STOCKHOLM))
    case = case_create(
        organisation=gate.sorby,
        unit=gate.social_worker.unit,
        case_type="assistance",
        subject_identity_number=gate.client.identity_number,
        responsible=gate.social_worker,
        opened_on=clock.today(),
        actor=gate.social_worker,
    )
    clock.move_to(moment)
    result = disclosure_request(
        requester=gate.social_worker,
        discloser=gate.fk,
        person=gate.client,
        case=case,
        categories=["payment_amount"],
        purpose="Utredning av rätt till ekonomiskt bistånd",
    )
    assert "payment_amount" in result.released
    assert wording in result.decisions["payment_amount"].citation


def test_the_nightly_job_runs_once_on_the_night_the_clock_goes_back(job_table: Any) -> None:
    job_table(cheap_job("nightly", schedule=Daily(dt.time(2, 0))))
    day = dt.date(2026, 10, 25)  # 03:00 CEST becomes 02:00 CET: 02:00–03:00 happens twice
    ScheduledRun.objects.create(
        job="nightly", due_date=day - dt.timedelta(days=1), as_of=day, started_at=_local(2026, 10, 24, 2, 0)
    )
    outputs = []
    for fold in (0, 1):
        clock.move_to(_local(2026, 10, 25, 2, 30, fold=fold), ticking=False)
        out = StringIO()
        call_command("schedule", "run-due", stdout=out)
        outputs.append(out.getvalue())
    assert "nightly (2026-10-25): klar" in outputs[0]
    assert outputs[1].strip() == "Inget jobb står på tur."
    assert ScheduledRun.objects.filter(job="nightly", due_date=day).count() == 1


def test_the_nightly_job_runs_on_the_morning_the_clock_skips_its_hour(job_table: Any) -> None:
    job_table(cheap_job("nightly", schedule=Daily(dt.time(2, 30))))
    day = dt.date(2026, 3, 29)  # 02:00 CET becomes 03:00 CEST: there is no 02:30
    ScheduledRun.objects.create(
        job="nightly", due_date=day - dt.timedelta(days=1), as_of=day, started_at=_local(2026, 3, 28, 2, 30)
    )
    clock.move_to(_local(2026, 3, 29, 1, 59), ticking=False)
    out = StringIO()
    call_command("schedule", "run-due", stdout=out)
    assert out.getvalue().strip() == "Inget jobb står på tur."
    clock.move_to(_local(2026, 3, 29, 3, 29), ticking=False)  # 02:30 does not exist; it runs at 03:30 CEST
    out = StringIO()
    call_command("schedule", "run-due", stdout=out)
    assert out.getvalue().strip() == "Inget jobb står på tur."
    clock.move_to(_local(2026, 3, 29, 3, 30), ticking=False)
    out = StringIO()
    call_command("schedule", "run-due", stdout=out)
    assert "nightly (2026-03-29): klar" in out.getvalue()
