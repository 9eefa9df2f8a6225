"""Återsökning works from the decision as the gate released it, never from the agency's rows (issue 17)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from samverkan.disclosures import notices
from samverkan.disclosures.models import DisclosureRequest
from samverkan.reclaims import services
from samverkan.registries.models import BenefitDecision, BenefitPayment
from tests.reclaims.conftest import decide, new_case, pay

pytestmark = pytest.mark.django_db


def _released(request: DisclosureRequest) -> list[dict[str, Any]]:
    return [value for row in request.decisions.all() for value in row.released_values]


def test_notice_releases_only_the_facts_of_the_one_decision(world: None, dates: dict[str, dt.date]) -> None:
    case = new_case()
    for month in ("m1", "m2", "m3"):
        pay(case, dates[month], "8000.00")
    other = decide(
        case.subject, start=dates["m1"], end=dates["m2"], amount="5000.00", decided=dates["m3"], payout=dates["m3"]
    )
    BenefitPayment.objects.create(
        organisation=other.organisation,
        person=case.subject,
        external_id="T-BET-1",
        benefit="sickness_compensation",
        period_start=dates["m3"],
        period_end=dates["end"],
        amount=Decimal("9000.00"),
        paid_on=dates["today"] - dt.timedelta(days=5),
    )
    decision = decide(
        case.subject,
        start=dates["m1"],
        end=dates["end"],
        amount="30000.00",
        decided=dates["decided"],
        payout=dates["payout"],
    )

    (reclaim,) = (r for r in services.reclaim_on_retroactive_decision(decision) if r.decision_id == decision.pk)

    values = _released(DisclosureRequest.objects.get(pk=reclaim.disclosure_request_id))
    records = {(v["record"]["kind"], v["record"]["id"]) for v in values if "record" in v}
    # The person's other decision and FK's payment are in the same categories and period, yet only this
    # decision was the reason for the notice, so only its facts passed.
    assert records == {("benefit_decision", decision.external_id)}
    facts = notices.released_record_facts(values, kind="benefit_decision", external_id=decision.external_id)
    assert facts["retroactive_amount"] == "30000.00"
    assert facts["payout_date"] == dates["payout"].isoformat()


def test_draft_takes_its_figures_from_the_released_facts(
    world: None, dates: dict[str, dt.date], monkeypatch: Any
) -> None:
    case = new_case()
    for month in ("m1", "m2", "m3"):
        pay(case, dates[month], "8000.00")
    decision = decide(
        case.subject,
        start=dates["m1"],
        end=dates["end"],
        amount="30000.00",
        decided=dates["decided"],
        payout=dates["payout"],
    )
    real = notices.released_decision

    def released_then_row_changed(*args: Any, **kwargs: Any) -> notices.ReleasedDecision | None:
        released = real(*args, **kwargs)
        # A database administrator (or a later correction at FK) changes the row after the release: the nämnd's
        # request must still rest on what was released to it and logged.
        BenefitDecision.objects.filter(pk=decision.pk).update(retroactive_amount=Decimal("1.00"))
        return released

    monkeypatch.setattr(notices, "released_decision", released_then_row_changed)

    (reclaim,) = services.reclaim_on_retroactive_decision(decision)

    assert reclaim.retroactive_amount == Decimal("30000.00")
    assert (reclaim.period_start, reclaim.period_end) == (dates["m1"], dates["end"])
    assert reclaim.payout_date == dates["payout"]


def test_no_draft_when_the_gate_releases_nothing_of_the_decision(world: None, dates: dict[str, dt.date]) -> None:
    case = new_case()
    for month in ("m1", "m2", "m3"):
        pay(case, dates[month], "8000.00")
    decision = decide(
        case.subject,
        start=dates["m1"],
        end=dates["end"],
        amount="30000.00",
        decided=dates["decided"],
        payout=dates["payout"],
    )
    result, released = notices.notify_retroactive_decision(
        decision_id=decision.pk, case=case, purpose=services.RECLAIM_PURPOSE, actor=None, on=dates["today"]
    )
    assert released is not None  # the duty holds for an aktuellt ärende with the person in the household

    # Without the person in the household the duty does not reach the nämnd: nothing is released, nothing drafted.
    case.members.filter(person=case.subject).delete()
    result, released = notices.notify_retroactive_decision(
        decision_id=decision.pk, case=case, purpose=services.RECLAIM_PURPOSE, actor=None, on=dates["today"]
    )
    assert released is None
    assert not result.released & notices.REQUIRED_CATEGORIES
