"""Writes for notifications.

:func:`notify` and :func:`notify_person` write the rows in the caller's transaction: call them inside the
same transaction as the change they tell about, so a change that rolls back leaves no notification. The
optional e-mail to an official (:func:`email_preference_set`) carries no personal data, only that there is
something new and the link; it is sent after the commit, through the e-mail guard of
:mod:`samverkan.domain.pii`, and a mail server that is down never undoes the change.

:func:`mark_read` and :func:`mark_all_read` touch only the caller's own notifications.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction

from samverkan.accounts.models import Organisation, User
from samverkan.core.clock import now
from samverkan.domain.pii import check_outgoing_email
from samverkan.notifications.models import Notification, NotificationPreference
from samverkan.people.models import Person

logger = logging.getLogger(__name__)

TITLE_MAX = 300
LINK_MAX = 500
#: The e-mail's subject and first line: never a name, a personnummer or what the matter is about.
EMAIL_SUBJECT = "Du har ett nytt ärende att hantera i Samverkan"


def _title(title: str) -> str:
    text = " ".join((title or "").split())
    if not text:
        raise ValidationError("En avisering behöver en rubrik.")
    return text if len(text) <= TITLE_MAX else text[: TITLE_MAX - 1] + "…"


def _link(link: str) -> str:
    if not link.startswith("/") or link.startswith("//") or len(link) > LINK_MAX:
        raise ValidationError("En avisering länkar till en sida i Samverkan.")
    return link


def absolute_url(link: str) -> str:
    """``link`` with ``SAMVERKAN_BASE_URL`` in front (for e-mail)."""
    base = str(getattr(settings, "SAMVERKAN_BASE_URL", "") or "").rstrip("/")
    return base + link


def email_body(link: str) -> str:
    return (
        f"{EMAIL_SUBJECT}.\n\n"
        f"Logga in för att se vad som är nytt:\n{absolute_url(link)}\n\n"
        "Mejlet innehåller inga uppgifter om enskilda. Du kan stänga av mejlen under Att göra i Samverkan."
    )


def _mail(to: User, link: str) -> None:
    """After the commit: an e-mail without personal data, only that something is new and where."""
    if not to.email:
        return
    body = email_body(link)
    if check_outgoing_email(EMAIL_SUBJECT, body).blocked:  # pragma: no cover - the texts hold no personal data
        logger.error("notification e-mail not sent: the guard found personal data in a system text")
        return
    message = EmailMessage(subject=EMAIL_SUBJECT, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to.email])

    def send() -> None:
        try:
            message.send()
        except Exception:  # any transport error: the notification in Samverkan stands
            logger.exception("notification e-mail to an official could not be sent")

    transaction.on_commit(send)


def wants_email(user: User) -> bool:
    return NotificationPreference.objects.filter(user=user, email=True).exists()


@transaction.atomic
def notify(
    *,
    recipients: Iterable[User | None],
    kind: str,
    title: str,
    link: str,
    organisation: Organisation,
    actor: User | None = None,
) -> list[Notification]:
    """One notification to each official in ``recipients`` (the actor, inactive accounts and repeats left out).

    ``organisation`` is the recipients' own organisation; ``title`` is Swedish and names the recipient's own
    ärende or reference, never a person. Runs in the caller's transaction.
    """
    if kind not in Notification.Kind.values:
        raise ValidationError(f"Okänt slag av avisering: {kind}.")
    text, path = _title(title), _link(link)
    seen: set[int] = set()
    users: list[User] = []
    for user in recipients:
        if user is None or user.pk in seen or not user.is_active:
            continue
        if actor is not None and user.pk == actor.pk:
            continue
        seen.add(user.pk)
        users.append(user)
    if not users:
        return []
    moment = now()
    created = Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                organisation=organisation,
                kind=kind,
                title=text,
                link=path,
                actor=actor,
                created_at=moment,
            )
            for user in users
        ]
    )
    emailed = set(NotificationPreference.objects.filter(user__in=users, email=True).values_list("user_id", flat=True))
    for user in users:
        if user.pk in emailed:
            _mail(user, path)
    return created


@transaction.atomic
def notify_person(
    *,
    person: Person,
    kind: str,
    title: str,
    link: str,
    organisation: Organisation,
    actor: User | None = None,
) -> Notification:
    """An event on the person's own side (Mina sidor, "Händelser"); ``organisation`` is where it comes from."""
    if kind not in Notification.Kind.values:
        raise ValidationError(f"Okänt slag av avisering: {kind}.")
    return Notification.objects.create(
        person=person,
        organisation=organisation,
        kind=kind,
        title=_title(title),
        link=_link(link),
        actor=actor,
        created_at=now(),
    )


@transaction.atomic
def mark_read(*, notification: Notification, user: User) -> Notification:
    """The recipient has seen it (only the recipient may mark it)."""
    if notification.recipient_id != user.pk:
        raise ValidationError("Aviseringen är inte din.")
    if notification.read_at is None:
        notification.read_at = now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def mark_all_read(*, user: User) -> int:
    """Every unread notification of the official is read; returns how many were unread."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=now())


@transaction.atomic
def email_preference_set(*, user: User, email: bool) -> NotificationPreference:
    """Turn the e-mail for new notifications on or off for the official."""
    if email and not user.email:
        raise ValidationError({"email": "Ditt konto har ingen e-postadress; mejl kan inte skickas."})
    preference, _ = NotificationPreference.objects.update_or_create(
        user=user, defaults={"email": email, "changed_at": now()}
    )
    return preference


__all__ = [
    "EMAIL_SUBJECT",
    "email_body",
    "email_preference_set",
    "mark_all_read",
    "mark_read",
    "notify",
    "notify_person",
    "wants_email",
]
