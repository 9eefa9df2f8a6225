"""The dashboard per unit: open, due soon and overdue questions, and answer-time statistics."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from samverkan.accounts.models import Organisation, Unit
from samverkan.core.clock import today
from samverkan.messaging.selectors import answer_time_stats, unit_dashboard
from samverkan.messaging.services import admin_question_answer, question_escalate
from samverkan.people.models import Person
from tests.messaging.conftest import patients_at

pytestmark = pytest.mark.django_db

D = dt.date(2026, 3, 2)


def test_answer_time_statistics() -> None:
    stats = answer_time_stats(
        [(D, D + dt.timedelta(days=2)), (D, D + dt.timedelta(days=9)), (D, D + dt.timedelta(days=4))]
    )
    assert stats.answered == 3
    assert stats.median_days == 4.0
    assert stats.mean_days == 5.0
    assert stats.within_deadline == 2
    assert stats.percent_within_deadline == 67


def test_answer_time_statistics_when_nothing_was_answered() -> None:
    stats = answer_time_stats([])
    assert (stats.answered, stats.median_days, stats.mean_days, stats.share_within_deadline) == (0, None, None, None)


def test_answered_on_the_seventh_day_is_within_the_agreed_time() -> None:
    assert answer_time_stats([(D, D + dt.timedelta(days=7))]).within_deadline == 1
    assert answer_time_stats([(D, D + dt.timedelta(days=8))]).within_deadline == 0


def test_unit_dashboard_sorts_open_questions_by_deadline_status(
    patient: Person, send_question: Any, user_named: Any
) -> None:
    fresh = send_question(patient)
    due = send_question(
        patients_at("vc-angen")[0], days_ago=6, topic="other", record_consent=False, secrecy_reviewed=True
    )
    late = send_question(
        patients_at("vc-angen")[0], days_ago=12, topic="contact", record_consent=False, secrecy_reviewed=True
    )
    answered = send_question(
        patients_at("vc-angen")[0], days_ago=5, topic="review_meeting"
    )  # a meeting is asked for on the insured's consent (recorded on the spot), never on the own review alone
    admin_question_answer(question=answered, author=user_named("fredrik.holm"), body="Svar", secrecy_reviewed=True)
    fk = Organisation.objects.get(code="fk")
    board = unit_dashboard(organisation=fk, unit=Unit.objects.get(organisation=fk, code="lfk-sorby"))
    assert fresh in board.not_due
    assert due in board.due_soon
    assert late in board.overdue
    assert answered not in board.not_due + board.due_soon + board.overdue
    assert board.stats.answered >= 1
    assert board.stats.median_days is not None


def test_dashboard_page_shows_the_overdue_question_and_its_escalation(
    patient: Person, send_question: Any, client_for: Any
) -> None:
    late = send_question(patient, days_ago=12, topic="other", record_consent=False, secrecy_reviewed=True)
    question_escalate(question=late)
    page = client_for("birgitta.wall").get("/kommunikation/fragor/oversikt/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f"Fråga {late.pk}</a>" in html
    assert "Svarstiden har gått ut" in html
    assert f"{today().isoformat()}, Birgitta Wall" in html
    assert "Besvarade inom 7 dagar" in html


def test_dashboard_of_another_organisations_unit_is_not_found(client_for: Any) -> None:
    vc = Unit.objects.get(code="vc-angen")
    assert client_for("birgitta.wall").get(f"/kommunikation/fragor/oversikt/?enhet={vc.pk}").status_code == 404
