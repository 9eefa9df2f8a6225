"""What the person paid back is deducted from the request (SFB 107 kap. 5 §: "till den del den
ersättningsberättigade inte har återbetalat biståndet"), each payment's at most its share inside
the decision's period."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from samverkan.assistance import services as assistance_services
from samverkan.assistance.models import Payment, Repayment
from samverkan.core.clock import now
from samverkan.reclaims import services
from tests.reclaims.conftest import add_months, decide, new_case, pay

pytestmark = pytest.mark.django_db


def _three_months(dates: dict[str, dt.date]) -> tuple[Any, list[Payment]]:
    case = new_case()
    return case, [pay(case, dates[m], "8000.00") for m in ("m1", "m2", "m3")]


def _decision(case: Any, dates: dict[str, dt.date], start: dt.date | None = None) -> Any:
    return decide(
        case.subject,
        start=start or dates["m1"],
        end=dates["end"],
        amount="30000.00",
        decided=dates["decided"],
        payout=dates["payout"],
    )


def test_repayment_reduces_what_the_namnd_asks_for_and_the_explanation_names_it(
    world: None, dates: dict[str, dt.date], user_named: Any
) -> None:
    case, payments = _three_months(dates)
    assistance_services.repayment_register(
        payment=payments[1],
        amount="2000.00",
        repaid_on=dates["today"] - dt.timedelta(days=5),
        recorded_by=user_named("sara.lind"),
    )

    (reclaim,) = services.reclaim_on_retroactive_decision(_decision(case, dates))

    assert reclaim.reason == "ok"
    assert reclaim.counted_assistance == Decimal("24000.00")
    assert reclaim.to_social_services == Decimal("22000.00")
    assert reclaim.to_person == Decimal("8000.00")
    assert "Avdrag för det personen har betalat tillbaka: 2\u00a0000,00\u00a0kr." in reclaim.explanation


def test_the_deduction_holds_when_the_request_is_sent(world: None, dates: dict[str, dt.date], user_named: Any) -> None:
    case, payments = _three_months(dates)
    sara = user_named("sara.lind")
    assistance_services.repayment_register(
        payment=payments[0], amount="1500.00", repaid_on=dates["today"], recorded_by=sara
    )
    (reclaim,) = services.reclaim_on_retroactive_decision(_decision(case, dates))

    sent = services.reclaim_send(reclaim=reclaim, sent_by=sara)

    assert sent.to_social_services == Decimal("22500.00")
    assert "Avdrag för det personen har betalat tillbaka" in sent.explanation


def test_a_repayment_counts_at_most_the_payments_share_inside_the_period(
    world: None, dates: dict[str, dt.date], user_named: Any
) -> None:
    case, payments = _three_months(dates)
    sara = user_named("sara.lind")
    # The decision starts in the middle of m1: only part of the first payment lies inside it.
    start = dates["m1"] + dt.timedelta(days=15)
    first = payments[0]
    share = (
        Decimal("8000.00") * ((first.period_end - start).days + 1) / ((first.period_end - first.period_start).days + 1)
    ).quantize(Decimal("0.01"))
    assistance_services.repayment_register(payment=first, amount="8000.00", repaid_on=dates["today"], recorded_by=sara)

    (reclaim,) = services.reclaim_on_retroactive_decision(_decision(case, dates, start=start))

    assert reclaim.counted_assistance == share + Decimal("16000.00")
    assert reclaim.to_social_services == Decimal("16000.00")


def test_repayments_on_bistand_outside_the_period_or_after_the_request_are_not_deducted(
    world: None, dates: dict[str, dt.date], user_named: Any
) -> None:
    case, payments = _three_months(dates)
    sara = user_named("sara.lind")
    earlier = pay(case, add_months(dates["m1"], -1), "8000.00")
    assistance_services.repayment_register(
        payment=earlier, amount="3000.00", repaid_on=dates["today"], recorded_by=sara
    )
    # Paid back after the request reached FK: too late to change it (written directly, as the
    # service never takes a day in the future).
    Repayment.objects.create(
        payment=payments[2],
        amount=Decimal("1000.00"),
        repaid_on=dates["today"] + dt.timedelta(days=3),
        recorded_by=sara,
        recorded_at=now(),
    )

    (reclaim,) = services.reclaim_on_retroactive_decision(_decision(case, dates))

    assert reclaim.to_social_services == Decimal("24000.00")
    assert "betalat tillbaka" not in reclaim.explanation


def test_the_demo_worlds_drafted_request_deducts_a_repayment(world: None) -> None:
    from samverkan.reclaims.demo import DEMO_REPAYMENT
    from samverkan.reclaims.models import Reclaim

    reclaim = Reclaim.objects.get(decision__external_id="DEMO-ATERSOK-1")
    assert reclaim.status == Reclaim.Status.DRAFT
    assert "Avdrag för det personen har betalat tillbaka" in reclaim.explanation
    assert reclaim.to_social_services == reclaim.counted_assistance - DEMO_REPAYMENT
