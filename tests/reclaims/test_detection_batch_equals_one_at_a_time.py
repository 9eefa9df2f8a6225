"""The nightly detection's batch path through the gate gives what one candidate at a time gives (issue 19)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from samverkan.disclosures import notices
from samverkan.disclosures.models import AuditEntry, DisclosureDecision, DisclosureRequest
from samverkan.reclaims import services
from samverkan.reclaims.models import Reclaim
from tests.reclaims.conftest import decide, new_case, pay

pytestmark = pytest.mark.django_db


def _world(dates: dict[str, dt.date]) -> list[int]:
    """Three households with overlapping decisions (one of them PM's), one without overlap."""
    ids = []
    for n, (agency, amount) in enumerate([("fk", "12000.00"), ("fk", "800.00"), ("pm", "30000.00")]):
        case = new_case()
        pay(case, dates["m1"], "8000.00")
        pay(case, dates["m2"], "8000.00")
        benefit = "housing_supplement" if agency == "pm" else "sickness_compensation"
        decide(
            case.subject,
            benefit=benefit,
            agency=agency,
            start=dates["m1"],
            end=dates["end"],
            amount=amount,
            decided=dates["decided"],
            payout=dates["payout"] + dt.timedelta(days=n),
        )
        ids.append(case.pk)
    return ids


def _snapshot(case_ids: list[int]) -> dict[str, Any]:
    requests = DisclosureRequest.objects.filter(case_id__in=case_ids, kind="proactive").order_by("pk")
    return {
        "reclaims": sorted(
            (r.case_id, r.benefit, str(r.retroactive_amount), r.status, r.reason, str(r.to_social_services))
            for r in Reclaim.objects.filter(case_id__in=case_ids)
        ),
        "requests": [(r.case_id, r.person_id, r.discloser_id, r.purpose, r.status) for r in requests],
        "decisions": [
            (d.request.case_id, d.category, d.outcome, d.citation, d.released_values)
            for d in DisclosureDecision.objects.filter(request__in=requests).order_by("request_id", "pk")
        ],
        "audit": [
            (e.event, e.person_id, e.recipient_id, tuple(e.categories), e.purpose)
            for e in AuditEntry.objects.filter(extra__request_id__in=[r.pk for r in requests]).order_by("sequence")
        ],
    }


def test_the_batch_and_one_at_a_time_give_the_same_rows(
    world: None, dates: dict[str, dt.date], monkeypatch: Any
) -> None:
    case_ids = _world(dates)
    from django.db import transaction

    with transaction.atomic():
        sid = transaction.savepoint_create()
        one = services.reclaims_detect(case_ids=case_ids, batch=False)
        single = _snapshot(case_ids)
        transaction.savepoint_rollback(sid)
    assert single["audit"] and single["requests"] and single["reclaims"]
    batched_calls: list[int] = []
    real = notices.notify_retroactive_decisions

    def spy(candidates: Any, **kwargs: Any) -> Any:
        batched_calls.append(len(candidates))
        return real(candidates, **kwargs)

    monkeypatch.setattr(notices, "notify_retroactive_decisions", spy)
    batched = services.reclaims_detect(case_ids=case_ids, batch=True)
    assert batched_calls and sum(batched_calls) == batched.candidates  # the whole chunk in one call
    assert (batched.drafted, batched.denied, batched.candidates) == (one.drafted, one.denied, one.candidates)
    assert batched.drafted >= 2
    assert _snapshot(case_ids) == single


def test_a_failing_draft_makes_the_chunk_go_one_at_a_time(
    world: None, dates: dict[str, dt.date], monkeypatch: Any
) -> None:
    case_ids = _world(dates)
    real = services.reclaim_draft
    calls: list[int] = []

    def draft(*, case: Any, released: Any, **kwargs: Any) -> Reclaim:
        calls.append(case.pk)
        if case.pk == case_ids[0]:
            from django.core.exceptions import ValidationError

            raise ValidationError("Trasigt beslut")
        return real(case=case, released=released, **kwargs)

    monkeypatch.setattr(services, "reclaim_draft", draft)
    report = services.reclaims_detect(case_ids=case_ids)
    # The batch was undone; one at a time the others are drafted and the failing one is reported without a notice.
    assert report.errors and "Trasigt beslut" in report.errors[0]
    assert Reclaim.objects.filter(case_id__in=case_ids[1:]).exists()
    assert not Reclaim.objects.filter(case_id=case_ids[0]).exists()
    assert not DisclosureRequest.objects.filter(case_id=case_ids[0], kind="proactive").exists()
    monkeypatch.setattr(services, "reclaim_draft", real)
    again = services.reclaims_detect(case_ids=case_ids)
    assert again.drafted == 1 and Reclaim.objects.filter(case_id=case_ids[0]).exists()
    assert DisclosureRequest.objects.filter(case_id=case_ids[0], kind="proactive").count() == 1
