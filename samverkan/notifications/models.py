"""Notifications: what changed that an official (or the person, on Mina sidor) should look at.

A :class:`Notification` is written in the same transaction as the change it tells about
(:func:`samverkan.notifications.services.notify`), so a change that rolls back leaves none. Its title is
Swedish and carries no personal data beyond what the recipient already may see: the recipient's own
ärende or reference number, never a name or a personnummer. Exactly one of ``recipient`` (an official)
and ``person`` (the person's own side, Mina sidor) is set.

No logic lives in ``save()``: every write is a service in :mod:`samverkan.notifications.services`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from samverkan.accounts.models import Organisation
from samverkan.people.models import Person


class Notification(models.Model):
    class Kind(models.TextChoices):
        REQUEST_ANSWERED = "request_answered", "Svar på förfrågan"
        QUESTION_ANSWERED = "question_answered", "Svar på administrativ fråga"
        RECLAIM_PAID = "reclaim_paid", "Återsökning utbetald"
        RECLAIM_REFUSED = "reclaim_refused", "Återsökning avslagen"
        MEETING_INVITED = "meeting_invited", "Inbjudan till avstämningsmöte"
        MEETING_BOOKED = "meeting_booked", "Avstämningsmöte bokat"
        MEETING_MOVED = "meeting_moved", "Avstämningsmöte flyttat"
        MEETING_CANCELLED = "meeting_cancelled", "Avstämningsmöte inställt"

    #: The official the notification is for (null for the person's own side).
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="mottagare",
    )
    #: The person, for an event on their own side (Mina sidor); null for an official's notification.
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name="person"
    )
    #: An official's notification: the organisation the recipient works in (the inbox shows only those of the
    #: official's current organisation). The person's: the organisation the event comes from.
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("slag", max_length=30, choices=Kind.choices)
    title = models.CharField("rubrik", max_length=300)
    #: The address of what changed (a path in Samverkan).
    link = models.CharField("länk", max_length=500)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ändrat av",
    )
    created_at = models.DateTimeField("skapad")
    read_at = models.DateTimeField("läst", null=True, blank=True)

    class Meta:
        verbose_name = "avisering"
        verbose_name_plural = "aviseringar"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread_per_user"),
            models.Index(fields=["person", "-created_at"], name="notification_person_events"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(recipient__isnull=False) & Q(person__isnull=True))
                | (Q(recipient__isnull=True) & Q(person__isnull=False)),
                name="notification_for_an_official_or_the_person",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class NotificationPreference(models.Model):
    """An official's choice to also get an e-mail (without personal data) for each new notification."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email = models.BooleanField("mejl vid ny avisering", default=False)
    changed_at = models.DateTimeField("ändrad")

    class Meta:
        verbose_name = "inställning för aviseringar"
        verbose_name_plural = "inställningar för aviseringar"

    def __str__(self) -> str:
        return f"Aviseringar: {self.user}"
