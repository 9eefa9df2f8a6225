"""Demo seeding: a few unread notifications for the demo officials, and events on the persons' side.

The other demo steps write through the services, and those already notify (a booked avstämningsmöte,
for instance); this step tops up what the seeded history holds: the answers to demo officials' requests and
questions and the agencies' decisions on Sörby's återsökningar. Idempotent: an official who already has a
notification of a kind gets no more of it.
"""

from __future__ import annotations

from django.urls import reverse

from samverkan.accounts.models import User
from samverkan.core.demo import DemoWorld
from samverkan.disclosures.models import DisclosureRequest, ReviewTask
from samverkan.messaging.models import AdminAnswer
from samverkan.notifications import events
from samverkan.notifications.models import Notification
from samverkan.notifications.services import notify
from samverkan.reclaims.models import Reclaim

#: The officials the demo gives unread notifications.
DEMO_OFFICIALS = ("sara.lind", "fredrik.holm", "ali.karimi", "helena.strom")


def _has(user: User, kind: str) -> bool:
    return Notification.objects.filter(recipient=user, kind=kind).exists()


def _requests(user: User) -> None:
    if _has(user, Notification.Kind.REQUEST_ANSWERED):
        return
    decided = (
        ReviewTask.objects.filter(request__requested_by=user)
        .exclude(status=ReviewTask.Status.OPEN)
        .exclude(decided_by=None)
        .select_related("request__case", "request__discloser", "request__recipient", "decided_by")
        .order_by("-decided_at", "-pk")[:2]
    )
    if decided:
        for task in decided:
            assert task.decided_by is not None
            events.review_decided(task=task, actor=task.decided_by)
        return
    stored = (
        DisclosureRequest.objects.filter(requested_by=user, kind=DisclosureRequest.Kind.REQUEST)
        .select_related("case", "discloser", "recipient")
        .order_by("-created_at", "-pk")
        .first()
    )
    if stored is not None:
        where = f" i ärende {stored.case.reference}" if stored.case is not None else ""
        notify(
            recipients=[user],
            kind=Notification.Kind.REQUEST_ANSWERED,
            title=f"Svar på förfrågan nr {stored.pk}{where} från {stored.discloser.name}.",
            link=reverse("disclosures:request_detail", args=[stored.pk]),
            organisation=stored.recipient,
        )


def _answers(user: User) -> None:
    if _has(user, Notification.Kind.QUESTION_ANSWERED):
        return
    for answer in (
        AdminAnswer.objects.filter(question__sender=user)
        .select_related("question__sender_case", "question__sender_organisation", "author_organisation", "author")
        .order_by("-created_at", "-pk")[:1]
    ):
        events.question_answered(answer=answer, actor=answer.author)


def _reclaims(user: User) -> None:
    if _has(user, Notification.Kind.RECLAIM_PAID) or _has(user, Notification.Kind.RECLAIM_REFUSED):
        return
    organisation = user.organisation
    if organisation is None:
        return
    for reclaim in (
        Reclaim.objects.filter(organisation=organisation, status__in=[Reclaim.Status.PAID, Reclaim.Status.REFUSED])
        .filter(sent_by=user)
        .exclude(settled_by=None)
        .select_related("agency", "case", "organisation", "person", "settled_by")
        .order_by("-settled_on", "-pk")[:2]
    ):
        assert reclaim.settled_by is not None
        events.reclaim_decided(reclaim=reclaim, actor=reclaim.settled_by)


def seed_notifications(world: DemoWorld) -> None:
    for username in DEMO_OFFICIALS:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            continue
        _requests(user)
        _answers(user)
        _reclaims(user)
    world.log(f"  aviseringar: {Notification.objects.filter(read_at__isnull=True).count()} olästa")
