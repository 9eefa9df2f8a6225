"""Each event writes its notifications in the transaction of the change: a change that rolls back leaves none."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from samverkan.disclosures.models import ReviewTask
from samverkan.disclosures.services import disclosure_request, review_decide
from samverkan.messaging.services import admin_question_answer
from samverkan.notifications.models import Notification
from samverkan.reclaims import services as reclaims
from samverkan.reclaims.models import Reclaim
from samverkan.rehab import services as rehab_services
from samverkan.rehab.models import ReviewMeeting
from tests.disclosures.conftest import AF_DUTY, Gate
from tests.notifications.helpers import assert_no_personal_data, rolled_back
from tests.rehab.conftest import Rehab

pytestmark = pytest.mark.django_db


def _queued(gate: Gate) -> ReviewTask:
    gate.consent(categories=["case_notes"])
    result = disclosure_request(
        requester=gate.social_worker,
        discloser=gate.af,
        person=gate.client,
        case=gate.case,
        categories=[*AF_DUTY, "case_notes"],
        purpose="Utredning av rätt till ekonomiskt bistånd",
    )
    return ReviewTask.objects.get(request=result.request)


def test_a_decided_review_tells_the_requesting_official(gate: Gate) -> None:
    task = _queued(gate)
    assert (
        rolled_back(
            lambda: review_decide(task=task, decided_by=gate.af_official, approve=True, motivation="Samtycke finns.")
        )
        == 1
    )
    link = reverse("disclosures:request_detail", args=[task.request_id])
    assert not Notification.objects.filter(recipient=gate.social_worker, link=link).exists()

    review_decide(task=task, decided_by=gate.af_official, approve=True, motivation="Samtycke finns.")
    notification = Notification.objects.get(recipient=gate.social_worker, link=link)
    assert notification.title.startswith(f"Svar på förfrågan nr {task.request_id} i ärende {gate.case.reference}")
    assert notification.link == reverse("disclosures:request_detail", args=[task.request_id])
    assert notification.organisation == gate.sorby and notification.actor == gate.af_official
    assert notification.read_at is None
    assert_no_personal_data(notification, gate.client)


def test_an_answered_question_tells_the_asker(patient: Any, send_question: Any, user_named: Any) -> None:
    question = send_question(patient)
    fredrik = user_named("fredrik.holm")

    def answer() -> Any:
        return admin_question_answer(
            question=question, author=fredrik, body="Vi bokar ett möte.", secrecy_reviewed=True
        )

    assert rolled_back(answer) == 1
    link = reverse("messaging:question_detail", args=[question.pk])
    assert not Notification.objects.filter(recipient=question.sender, link=link).exists()
    answer()
    notification = Notification.objects.get(recipient=question.sender, link=link)
    assert f"nr {question.pk}" in notification.title
    assert notification.link == reverse("messaging:question_detail", args=[question.pk])
    assert_no_personal_data(notification, patient)


def test_a_settled_reclaim_tells_the_official_who_sent_it_and_the_person(
    sent: Reclaim, user_named: Any, dates: dict[str, dt.date]
) -> None:
    fredrik = user_named("fredrik.holm")

    def settle() -> Any:
        return reclaims.reclaim_settle(
            reclaim=sent,
            settled_by=fredrik,
            to_social_services=Decimal("16000.00"),
            to_person=Decimal("14000.00"),
            settled_on=dates["today"],
        )

    assert rolled_back(settle) == 2
    link = reverse("reclaims:detail", args=[sent.pk])
    assert not Notification.objects.filter(link=link).exists()
    settle()
    official = Notification.objects.get(recipient=user_named("sara.lind"), kind="reclaim_paid", link=link)
    assert sent.reference in official.title and "har betalat ut" in official.title
    assert official.link == reverse("reclaims:detail", args=[sent.pk])
    assert_no_personal_data(official, sent.person)
    own = Notification.objects.get(person=sent.person, kind="reclaim_paid")
    assert own.recipient is None and own.organisation == sent.agency
    assert own.link.startswith(reverse("portal:home"))


def test_a_refused_reclaim_tells_the_official_who_sent_it(
    sent: Reclaim, user_named: Any, dates: dict[str, dt.date]
) -> None:
    reclaims.reclaim_refuse(
        reclaim=sent,
        refused_by=user_named("fredrik.holm"),
        reason="Beslutet är redan utbetalt.",
        refused_on=dates["today"],
    )
    notification = Notification.objects.get(
        recipient=user_named("sara.lind"), kind="reclaim_refused", link=reverse("reclaims:detail", args=[sent.pk])
    )
    assert "har avslagit begäran" in notification.title
    assert Notification.objects.filter(person=sent.person, kind="reclaim_refused").exists()


def _meeting_with_af(rehab: Rehab) -> ReviewMeeting:
    coordination = rehab.open()
    rehab.consent(coordination, rehab.af)
    return rehab_services.meeting_request(
        coordination=coordination, requested_by=rehab.fk_user, reason="Stämma av planen"
    )


def test_an_invited_official_hears_of_the_meeting_its_move_and_its_cancellation(rehab: Rehab, user_named: Any) -> None:
    ali = user_named("ali.karimi")
    meeting = _meeting_with_af(rehab)

    def invite() -> Any:
        return rehab_services.meeting_add_participant(
            meeting=meeting, added_by=rehab.fk_user, organisation=rehab.af, name="Ali Karimi"
        )

    assert rolled_back(invite) >= 1
    mine = Notification.objects.filter(recipient=ali, link=reverse("cases:detail", args=[rehab.af_case.pk]))
    assert not mine.exists()
    invite()
    invited = mine.get(kind="meeting_invited")
    assert rehab.af_case.reference in invited.title
    assert invited.link == reverse("cases:detail", args=[rehab.af_case.pk])
    assert_no_personal_data(invited, rehab.person)

    day = dt.date(2026, 11, 25)
    booking = {"booked_by": rehab.fk_user, "starts_at": dt.time(10, 0), "mode": "on_site", "location": "FK Sörby"}
    rehab_services.meeting_book(meeting=meeting, meeting_on=day, **booking)
    booked = mine.get(kind="meeting_booked")
    assert "bokat till 2026-11-25 kl. 10:00" in booked.title
    assert "FK Sörby" not in booked.title
    person_booked = Notification.objects.get(person=rehab.person, kind="meeting_booked")
    assert "kallad" in person_booked.title

    meeting.refresh_from_db()
    rehab_services.meeting_book(meeting=meeting, meeting_on=day + dt.timedelta(days=1), **booking)
    assert "flyttat till 2026-11-26" in mine.get(kind="meeting_moved").title
    assert Notification.objects.filter(person=rehab.person, kind="meeting_moved").exists()

    meeting.refresh_from_db()
    assert (
        rolled_back(lambda: rehab_services.meeting_cancel(meeting=meeting, cancelled_by=rehab.fk_user, reason="Sjuk."))
        >= 2
    )
    meeting.refresh_from_db()
    rehab_services.meeting_cancel(meeting=meeting, cancelled_by=rehab.fk_user, reason="Sjuk.")
    assert mine.filter(kind="meeting_cancelled").exists()
    assert Notification.objects.filter(person=rehab.person, kind="meeting_cancelled").exists()
    # The actor is never told about their own change.
    assert not Notification.objects.filter(recipient=rehab.fk_user, actor=rehab.fk_user).exists()
