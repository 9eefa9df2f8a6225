"""Proactive notices: waiting while the worker is down, delivered once, exactly the released categories."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse

from samverkan.disclosures.models import DisclosureRequest
from samverkan.registries import services
from samverkan.registries.models import Notice
from tests.registries.conftest import assistance_client_known_to

pytestmark = pytest.mark.django_db


def _retroactive_decision(user_named: Any, org: Any) -> Any:
    person = assistance_client_known_to("fk")
    return services.benefit_decision_record(
        actor=user_named("fredrik.holm"),
        organisation=org("fk"),
        person=person,
        benefit="sickness_compensation",
        decision_date=dt.date(2026, 11, 20),
        period_start=dt.date(2026, 6, 1),
        monthly_amount=Decimal("10400.00"),
        extent="hel",
        retroactive_amount=Decimal("36400.00"),
        retroactive_start=dt.date(2026, 6, 1),
        retroactive_end=dt.date(2026, 10, 31),
        payout_date=dt.date(2026, 12, 22),
    )


def _notice_of_new_decision(user_named: Any, org: Any, capture: Any, *, deliver: bool) -> Notice:
    """Record a retroactive decision; ``deliver``: run the on-commit delivery (the worker is up)."""
    with capture(execute=deliver):
        decision = _retroactive_decision(user_named, org)
    return Notice.objects.get(record_kind="benefit_decision", record_id=decision.pk)


def _proactive_requests(person: Any) -> int:
    return DisclosureRequest.objects.filter(person=person, kind=DisclosureRequest.Kind.PROACTIVE).count()


def test_with_the_worker_down_the_notice_waits_and_the_command_delivers_it(
    user_named: Any, org: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        decision = _retroactive_decision(user_named, org)
    notice = Notice.objects.get(record_kind="benefit_decision", record_id=decision.pk)
    assert len(callbacks) == 1  # the delivery would be queued on commit; no worker runs it
    assert notice.status == Notice.Status.PENDING and notice.delivered_at is None

    out = StringIO()
    call_command("notices", "deliver", stdout=out, stderr=StringIO())
    notice.refresh_from_db()
    assert notice.status == Notice.Status.DELIVERED
    assert "levererade" in out.getvalue()
    assert notice.payload == []  # only what the gate released is kept


def test_a_notice_is_delivered_by_the_task_once_however_often_it_runs(
    user_named: Any, org: Any, django_capture_on_commit_callbacks: Any
) -> None:
    notice = _notice_of_new_decision(user_named, org, django_capture_on_commit_callbacks, deliver=True)
    assert notice.status == Notice.Status.DELIVERED
    requests = _proactive_requests(notice.person)
    delivered_at = notice.delivered_at

    from samverkan.registries.tasks import deliver_notice

    deliver_notice.enqueue(notice_id=notice.pk)
    services.notice_deliver(notice_id=notice.pk)
    call_command("notices", "deliver", stdout=StringIO(), stderr=StringIO())
    notice.refresh_from_db()
    assert notice.delivered_at == delivered_at
    assert _proactive_requests(notice.person) == requests
    assert notice.attempts == 1


def test_the_notice_holds_exactly_the_categories_the_gate_released(
    user_named: Any, org: Any, django_capture_on_commit_callbacks: Any
) -> None:
    notice = _notice_of_new_decision(user_named, org, django_capture_on_commit_callbacks, deliver=True)
    request = DisclosureRequest.objects.get(pk=int(notice.gate_request_id or 0))
    released = set(request.decisions.filter(outcome="released").values_list("category", flat=True))
    assert set(notice.released_categories) == released
    assert {item["category"] for item in notice.items} == released
    assert released == {"identity", "benefit_granted", "payment_period", "payment_amount", "payment_date"}
    payout = next(i for i in notice.items if i["category"] == "payment_date")
    assert "2026-12-22" in payout["value"]
    assert payout["basis"].startswith("Uppgiftsskyldighet")


def test_a_closed_case_before_delivery_means_nothing_is_released(
    user_named: Any, org: Any, django_capture_on_commit_callbacks: Any
) -> None:
    notice = _notice_of_new_decision(user_named, org, django_capture_on_commit_callbacks, deliver=False)
    notice.case.status = "closed"
    notice.case.closed_on = notice.case.opened_on
    notice.case.save()
    services.notice_deliver(notice_id=notice.pk)
    notice.refresh_from_db()
    assert notice.status == Notice.Status.WITHHELD
    assert notice.items == [] and notice.released_categories == []


def test_a_failing_enqueue_leaves_the_notice_pending_for_the_command(
    user_named: Any, org: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from samverkan.registries.tasks import deliver_notice

    with (
        mock.patch.object(type(deliver_notice), "enqueue", side_effect=ConnectionError("kön är nere")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        decision = _retroactive_decision(user_named, org)
    notice = Notice.objects.get(record_kind="benefit_decision", record_id=decision.pk)
    assert notice.status == Notice.Status.PENDING
    services.notices_deliver_pending()
    notice.refresh_from_db()
    assert notice.status == Notice.Status.DELIVERED


def test_a_gate_error_is_recorded_and_the_notice_stays_pending(
    user_named: Any, org: Any, django_capture_on_commit_callbacks: Any
) -> None:
    notice = _notice_of_new_decision(user_named, org, django_capture_on_commit_callbacks, deliver=False)
    with mock.patch(
        "samverkan.registries.services.disclosure_proactive", side_effect=RuntimeError("grinden svarar inte")
    ):
        services.notice_deliver(notice_id=notice.pk)
    notice.refresh_from_db()
    assert notice.status == Notice.Status.PENDING
    assert notice.attempts == 1 and "grinden svarar inte" in notice.last_error
    services.notice_deliver(notice_id=notice.pk)
    notice.refresh_from_db()
    assert notice.status == Notice.Status.DELIVERED


def test_the_inbox_lists_the_notice_and_opening_it_marks_it_read(
    user_named: Any, org: Any, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    notice = _notice_of_new_decision(user_named, org, django_capture_on_commit_callbacks, deliver=True)
    client = client_for("omar.haddad")
    page = client.get(reverse("registries:inbox")).content.decode()
    assert notice.person.full_name in page and "Oläst" in page
    detail = client.get(reverse("registries:inbox_detail", args=[notice.pk])).content.decode()
    assert "36\u00a0400,00" in detail and "Uppgiftsskyldighet" in detail and "Brådskande" in detail
    notice.refresh_from_db()
    assert notice.read_at is not None and notice.read_by == user_named("omar.haddad")


def test_the_demo_inbox_has_delivered_urgent_notices(world: None) -> None:
    delivered = Notice.objects.filter(status=Notice.Status.DELIVERED, urgent=True)
    assert delivered.exists()
    assert all(n.payload == [] and n.items for n in delivered)


def test_a_delivery_that_finds_the_notice_already_handled_leaves_no_trace(
    user_named: Any, org: Any, django_capture_on_commit_callbacks: Any
) -> None:
    notice = _notice_of_new_decision(user_named, org, django_capture_on_commit_callbacks, deliver=False)
    requests = _proactive_requests(notice.person)
    real = services.disclosure_proactive

    def racing(**kwargs: Any) -> Any:
        result = real(**kwargs)
        # Meanwhile another worker finished the same notice (as it would on a database without row locks).
        Notice.objects.filter(pk=notice.pk).update(status=Notice.Status.DELIVERED, items=[{"from": "the other worker"}])
        return result

    with mock.patch("samverkan.registries.services.disclosure_proactive", side_effect=racing):
        handled = services.notice_deliver(notice_id=notice.pk)
    assert handled is not None
    # The conditional update found the notice no longer pending, so this attempt was rolled back whole:
    # no gate request of its own remains and it did not overwrite the notice. (In the test the "other
    # worker" shares the connection, so its change is rolled back with the attempt.)
    assert _proactive_requests(notice.person) == requests
    notice.refresh_from_db()
    assert notice.gate_request_id is None and notice.attempts == 0


def test_the_start_page_counts_unread_notices(client_for: Any, world: None) -> None:
    page = client_for("sara.lind").get(reverse("core:home")).content.decode()
    assert "olästa meddelanden" in page and reverse("registries:inbox") in page
