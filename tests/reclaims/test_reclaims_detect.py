"""Nightly detection: every retroactive decision overlapping paid bistånd is drafted, once."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from samverkan.disclosures.models import DisclosureRequest
from samverkan.reclaims import services
from samverkan.reclaims.models import Reclaim
from samverkan.reclaims.tasks import detect_reclaims
from tests.reclaims.conftest import decide, new_case, pay

pytestmark = pytest.mark.django_db


def _scenario(dates: dict[str, dt.date]) -> tuple[Any, Any, Any]:
    """One case with an overlapping decision, one whose decision does not overlap, one closed case."""
    hit = new_case(partner=True)
    partner = hit.members.get(relation="partner").person
    pay(hit, dates["m1"], "8000.00", person=partner)
    overlapping = decide(
        partner,
        start=dates["m1"],
        end=dates["end"],
        amount="12000.00",
        decided=dates["decided"],
        payout=dates["payout"],
    )
    miss = new_case()
    pay(miss, dates["m1"], "8000.00")
    decide(
        miss.subject,
        start=dates["m3"],
        end=dates["end"],
        amount="9000.00",
        decided=dates["decided"],
        payout=dates["payout"],
    )
    closed = new_case()
    pay(closed, dates["m1"], "8000.00")
    closed.status = "closed"
    closed.closed_on = dates["today"]
    closed.save()
    decide(
        closed.subject,
        start=dates["m1"],
        end=dates["end"],
        amount="9000.00",
        decided=dates["decided"],
        payout=dates["payout"],
    )
    return hit, miss, overlapping


def test_detection_drafts_overlapping_decisions_of_active_cases_only(world: None, dates: dict[str, dt.date]) -> None:
    hit, miss, overlapping = _scenario(dates)
    ids = [hit.pk, miss.pk]

    report = services.reclaims_detect(case_ids=ids)

    assert report.drafted == 1 and report.errors == []
    reclaim = Reclaim.objects.get(case=hit)
    assert reclaim.decision == overlapping
    assert reclaim.person == overlapping.person
    assert not Reclaim.objects.filter(case=miss).exists()


def test_detection_is_idempotent(world: None, dates: dict[str, dt.date]) -> None:
    hit, miss, _ = _scenario(dates)
    services.reclaims_detect(case_ids=[hit.pk, miss.pk])
    gate_requests = DisclosureRequest.objects.count()

    again = services.reclaims_detect(case_ids=[hit.pk, miss.pk])

    assert again.drafted == 0 and again.candidates == 0
    assert Reclaim.objects.filter(case=hit).count() == 1
    assert DisclosureRequest.objects.count() == gate_requests


def test_detection_after_the_hook_drafts_nothing_new(world: None, dates: dict[str, dt.date]) -> None:
    hit, _, overlapping = _scenario(dates)
    services.reclaim_on_retroactive_decision(overlapping)
    report = services.reclaims_detect(case_ids=[hit.pk])
    assert report.drafted == 0
    assert Reclaim.objects.filter(decision=overlapping).count() == 1


def test_command_runs_over_all_active_cases_with_progress_bar(
    world: None, dates: dict[str, dt.date], capsys: pytest.CaptureFixture[str]
) -> None:
    hit, _, _ = _scenario(dates)
    out = StringIO()
    call_command("reclaims", "detect", stdout=out, stderr=StringIO())
    assert Reclaim.objects.filter(case=hit).count() == 1
    assert "nya utkast" in out.getvalue()
    assert "Söker retroaktiva beslut" in capsys.readouterr().err
    out2 = StringIO()
    call_command("reclaims", "detect", "--no-progress", stdout=out2, stderr=StringIO())
    assert " 0 nya utkast" in out2.getvalue()
    assert Reclaim.objects.filter(case=hit).count() == 1


def test_task_runs_the_detection(world: None, dates: dict[str, dt.date]) -> None:
    hit, _, _ = _scenario(dates)
    result = detect_reclaims.enqueue()
    assert result.return_value["drafted"] >= 1
    assert Reclaim.objects.filter(case=hit).count() == 1
