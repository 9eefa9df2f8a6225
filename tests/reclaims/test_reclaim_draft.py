"""Drafting: a retroactive FK/PM decision, released through the gate, becomes a drafted request."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from samverkan.disclosures.models import AuditEntry, DisclosureRequest
from samverkan.reclaims import services
from samverkan.reclaims.models import PendingBenefit, Reclaim
from tests.reclaims.conftest import decide, new_case, pay

pytestmark = pytest.mark.django_db


def test_fk_retroactive_decision_drafts_request_with_payout_day_as_deadline(
    world: None, dates: dict[str, dt.date], user_named: Any
) -> None:
    case = new_case()
    for month in ("m1", "m2", "m3"):
        pay(case, dates[month], "8000.00", advance_benefit="sickness_compensation", written_notice=True)
    pending = services.pending_benefit_register(
        registered_by=user_named("sara.lind"),
        case=case,
        person=case.subject,
        benefit="sickness_compensation",
        agency=case.organisation.__class__.objects.get(code="fk"),
        applied_on=dates["m1"],
    )
    decision = decide(
        case.subject,
        start=dates["m1"],
        end=dates["end"],
        amount="30000.00",
        decided=dates["decided"],
        payout=dates["payout"],
    )

    drafted = services.reclaim_on_retroactive_decision(decision)

    assert len(drafted) == 1
    reclaim = drafted[0]
    # The benefit was registered as awaited: that was the request, made in advance (issue 18.1), so the
    # reclaim is matched to it and counts as received that day.
    assert reclaim.status == Reclaim.Status.SENT
    assert reclaim.request_received == pending.requested_on
    assert reclaim.case == case and reclaim.agency.code == "fk"
    assert reclaim.deadline == dates["payout"] - dt.timedelta(days=1)
    assert reclaim.reason == "ok"
    assert reclaim.to_social_services == Decimal("24000.00")
    assert reclaim.to_person == Decimal("6000.00")
    assert any("107 kap. 5 § socialförsäkringsbalken" in c for c in reclaim.citations)
    assert reclaim.pending_benefit == pending
    pending.refresh_from_db()
    assert pending.status == PendingBenefit.Status.DECIDED
    # The decision reached the nämnd through the gate, as a proactive disclosure, and was logged.
    gate = DisclosureRequest.objects.get(pk=reclaim.disclosure_request_id)
    assert gate.discloser.code == "fk" and gate.recipient == case.organisation
    assert AuditEntry.objects.filter(event="reclaim.drafted", person=case.subject).exists()
    assert reclaim.events.filter(status="draft").exists()


def test_family_members_bistand_counts_and_discretionary_does_not(world: None, dates: dict[str, dt.date]) -> None:
    case = new_case(partner=True)
    partner = case.members.get(relation="partner").person
    pay(case, dates["m1"], "5000.00")
    pay(case, dates["m2"], "3000.00", person=partner)
    pay(case, dates["m2"], "2500.00", kind="discretionary")
    decision = decide(
        case.subject,
        start=dates["m1"],
        end=dates["end"],
        amount="20000.00",
        decided=dates["decided"],
        payout=dates["payout"],
    )

    (reclaim,) = services.reclaim_on_retroactive_decision(decision)

    assert reclaim.counted_assistance == Decimal("8000.00")
    assert reclaim.to_social_services == Decimal("8000.00")
    members = {a["member"] for a in reclaim.calculation["result"]["allocations"]}
    assert partner.full_name in members


def test_decision_without_overlapping_bistand_or_not_reclaimable_drafts_nothing(
    world: None, dates: dict[str, dt.date]
) -> None:
    case = new_case()
    pay(case, dates["m1"], "8000.00")
    later = decide(
        case.subject,
        start=dates["m3"],
        end=dates["end"],
        amount="9000.00",
        decided=dates["decided"],
        payout=dates["payout"],
    )
    child_allowance = decide(
        case.subject,
        benefit="child_allowance",
        start=dates["m1"],
        end=dates["end"],
        amount="3750.00",
        decided=dates["decided"],
        payout=dates["payout"],
    )
    refused = decide(
        case.subject,
        start=dates["m1"],
        end=dates["end"],
        amount="9000.00",
        decided=dates["decided"],
        payout=dates["payout"],
        outcome="refused",
    )
    for decision in (later, child_allowance, refused):
        assert services.reclaim_on_retroactive_decision(decision) == []
    assert not Reclaim.objects.filter(case=case).exists()


def test_hook_called_twice_drafts_once(world: None, dates: dict[str, dt.date]) -> None:
    case = new_case()
    pay(case, dates["m1"], "8000.00")
    decision = decide(
        case.subject,
        start=dates["m1"],
        end=dates["end"],
        amount="9000.00",
        decided=dates["decided"],
        payout=dates["payout"],
    )
    first = services.reclaim_on_retroactive_decision(decision)
    second = services.reclaim_on_retroactive_decision(decision)
    assert [r.pk for r in first] == [r.pk for r in second]
    assert Reclaim.objects.filter(decision=decision).count() == 1
    assert DisclosureRequest.objects.filter(person=case.subject, kind="proactive").count() == 1


def test_pm_decision_goes_to_pm(world: None, dates: dict[str, dt.date]) -> None:
    case = new_case()
    pay(case, dates["m1"], "6000.00")
    decision = decide(
        case.subject,
        benefit="housing_supplement",
        agency="pm",
        start=dates["m1"],
        end=dates["end"],
        amount="4000.00",
        decided=dates["decided"],
        payout=dates["payout"],
    )
    (reclaim,) = services.reclaim_on_retroactive_decision(decision)
    assert reclaim.agency.code == "pm"
    assert reclaim.to_social_services == Decimal("4000.00")
