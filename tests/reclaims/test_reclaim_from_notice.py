"""The flow across organisations: FK records a retroactive decision in its own register, the
proactive notice reaches the socialnämnd, and the reclaim is drafted without anyone running the
nightly detection."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from samverkan.reclaims.models import Reclaim
from samverkan.registries import services as registry_services
from samverkan.registries.models import Notice
from tests.reclaims.conftest import new_case, pay

pytestmark = pytest.mark.django_db


def test_a_recorded_fk_decision_drafts_the_reclaim_through_the_delivered_notice(
    world: None, dates: dict[str, dt.date], user_named: Any, django_capture_on_commit_callbacks: Any
) -> None:
    case = new_case()
    for month in ("m1", "m2", "m3"):
        pay(case, dates[month], "8000.00", advance_benefit="sickness_compensation", written_notice=True)
    fredrik = user_named("fredrik.holm")

    with django_capture_on_commit_callbacks(execute=True):
        decision = registry_services.benefit_decision_record(
            actor=fredrik,
            organisation=fredrik.unit.organisation,
            person=case.subject,
            benefit="sickness_compensation",
            decision_date=dates["decided"],
            period_start=dates["m1"],
            retroactive_amount=Decimal("30000.00"),
            retroactive_start=dates["m1"],
            retroactive_end=dates["end"],
            payout_date=dates["payout"],
        )

    notice = Notice.objects.get(record_kind="benefit_decision", record_id=decision.pk)
    with django_capture_on_commit_callbacks(execute=True):  # the worker delivers the waiting notice
        registry_services.notice_deliver(notice_id=notice.pk)
    notice.refresh_from_db()
    assert notice.status == Notice.Status.DELIVERED, notice.last_error
    reclaim = Reclaim.objects.get(decision_id=decision.pk, case=case)
    assert reclaim.status == Reclaim.Status.DRAFT
    assert reclaim.to_social_services == Decimal("24000.00")
    assert reclaim.deadline == dates["payout"] - dt.timedelta(days=1)
