"""Reads: an official's own notifications (only the recipient ever sees one) and the person's events."""

from __future__ import annotations

from django.db.models import QuerySet

from samverkan.accounts.models import User
from samverkan.notifications.models import Notification, NotificationPreference
from samverkan.people.models import Person


def inbox_for(user: User) -> QuerySet[Notification]:
    """The official's notifications in their current organisation, newest first."""
    organisation = user.organisation
    if organisation is None:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user, organisation=organisation).order_by("-created_at", "-pk")


def unread_count(user: User) -> int:
    return inbox_for(user).filter(read_at__isnull=True).count()


def email_wanted(user: User) -> bool:
    return NotificationPreference.objects.filter(user=user, email=True).exists()


def events_for_person(person: Person, *, limit: int = 20) -> list[Notification]:
    """The events that concern the person (Mina sidor, "Händelser"), newest first."""
    return list(
        Notification.objects.filter(person=person, recipient__isnull=True)
        .select_related("organisation")
        .order_by("-created_at", "-pk")[:limit]
    )
