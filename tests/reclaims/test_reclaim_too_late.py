"""Too late: once the payout day has come nothing can be redirected; say whether a claim on the person is possible."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from samverkan.reclaims import services
from samverkan.reclaims.models import Reclaim, ReclaimLedgerEntry
from tests.reclaims.conftest import decide, new_case, pay

pytestmark = pytest.mark.django_db


def _paid_out_decision(case: Any, dates: dict[str, dt.date], **kwargs: Any) -> Any:
    return decide(
        case.subject,
        start=dates["m1"],
        end=dates["end"],
        amount="20000.00",
        decided=dates["today"] - dt.timedelta(days=12),
        payout=dates["today"] - dt.timedelta(days=2),
        **kwargs,
    )


def test_decision_paid_out_before_drafting_is_too_late_with_repayment_claim_for_written_advance(
    world: None, dates: dict[str, dt.date]
) -> None:
    case = new_case()
    pay(case, dates["m1"], "7000.00", advance_benefit="sickness_compensation", written_notice=True)
    (reclaim,) = services.reclaim_on_retroactive_decision(_paid_out_decision(case, dates))

    assert reclaim.status == Reclaim.Status.TOO_LATE
    assert reclaim.reason == "request_too_late"
    assert reclaim.repayment_claim_possible is True
    assert "har passerat" in reclaim.too_late_explanation
    assert "33 kap. 2 § socialtjänstlagen (2025:400)" in reclaim.too_late_explanation
    assert "kan därför besluta om återkrav" in reclaim.too_late_explanation


def test_too_late_without_written_notice_says_no_claim_on_the_person(world: None, dates: dict[str, dt.date]) -> None:
    case = new_case()
    pay(case, dates["m1"], "7000.00", advance_benefit="sickness_compensation", written_notice=False)
    pay(case, dates["m2"], "7000.00")
    (reclaim,) = services.reclaim_on_retroactive_decision(_paid_out_decision(case, dates))

    assert reclaim.status == Reclaim.Status.TOO_LATE
    assert reclaim.repayment_claim_possible is False
    assert "inte möjligt" in reclaim.too_late_explanation


def test_advance_on_another_benefit_gives_no_claim_on_the_person(world: None, dates: dict[str, dt.date]) -> None:
    case = new_case()
    pay(case, dates["m1"], "7000.00", advance_benefit="housing_allowance", written_notice=True)
    (reclaim,) = services.reclaim_on_retroactive_decision(_paid_out_decision(case, dates))
    assert reclaim.repayment_claim_possible is False


def test_sending_on_the_payout_day_is_too_late(world: None, dates: dict[str, dt.date], user_named: Any) -> None:
    case = new_case()
    pay(case, dates["m1"], "7000.00", advance_benefit="sickness_compensation", written_notice=True)
    decision = decide(
        case.subject,
        start=dates["m1"],
        end=dates["end"],
        amount="20000.00",
        decided=dates["today"] - dt.timedelta(days=1),
        payout=dates["today"] + dt.timedelta(days=3),
    )
    (reclaim,) = services.reclaim_on_retroactive_decision(decision)
    assert reclaim.status == Reclaim.Status.DRAFT

    late = services.reclaim_send(reclaim=reclaim, sent_by=user_named("sara.lind"), on=decision.payout_date)

    assert late.status == Reclaim.Status.TOO_LATE
    assert late.request_received is None
    assert late.repayment_claim_possible is True
    assert not ReclaimLedgerEntry.objects.filter(reclaim=late).exists()


def test_nightly_detection_marks_drafts_whose_payout_has_come(world: None, dates: dict[str, dt.date]) -> None:
    case = new_case()
    pay(case, dates["m1"], "7000.00")
    decision = decide(
        case.subject,
        start=dates["m1"],
        end=dates["end"],
        amount="20000.00",
        decided=dates["today"] - dt.timedelta(days=1),
        payout=dates["today"] + dt.timedelta(days=3),
    )
    (reclaim,) = services.reclaim_on_retroactive_decision(decision)

    report = services.reclaims_detect(on=decision.payout_date, case_ids=[case.pk])

    reclaim.refresh_from_db()
    assert reclaim.status == Reclaim.Status.TOO_LATE
    assert report.too_late_marked >= 1
    assert reclaim.repayment_claim_possible is False
