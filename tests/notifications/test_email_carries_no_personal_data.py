"""The optional e-mail for a new notification says only that there is something new, with a link."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from samverkan.domain.pii import check_outgoing_email
from samverkan.notifications.models import NotificationPreference
from samverkan.notifications.services import EMAIL_SUBJECT
from samverkan.people.models import Person
from tests.notifications.test_only_the_recipient_sees_a_notification import notify_sara

pytestmark = pytest.mark.django_db


def test_no_email_unless_the_official_turns_it_on(user_named: Any, django_capture_on_commit_callbacks: Any) -> None:
    sara = user_named("sara.lind")
    with django_capture_on_commit_callbacks(execute=True):
        notify_sara(sara)
    assert mail.outbox == []


def test_the_email_has_the_link_and_no_personal_data(
    client_for: Any, user_named: Any, django_capture_on_commit_callbacks: Any
) -> None:
    sara = user_named("sara.lind")
    sara.email = sara.email or "sara.lind@example.invalid"
    sara.save(update_fields=["email"])
    client = client_for("sara.lind")
    assert client.get(reverse("notifications:inbox")).status_code == 200
    assert client.post(reverse("notifications:email_preference"), {"email": "on"}).status_code == 302
    assert NotificationPreference.objects.get(user=sara).email is True
    person = Person.objects.filter(protected_identity=False).order_by("pk").first()
    assert person is not None
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify_sara(sara, f"Svar på förfrågan om {person.first_name} {person.last_name}")
    (sent,) = mail.outbox
    assert sent.subject == EMAIL_SUBJECT and sent.to == [sara.email]
    assert notification.link in sent.body
    for text in (sent.subject, sent.body):
        assert person.first_name not in text and person.last_name not in text
        assert person.identity_number not in text
    assert not check_outgoing_email(sent.subject, sent.body).blocked

    client.post(reverse("notifications:email_preference"), {})
    assert NotificationPreference.objects.get(user=sara).email is False


def test_without_an_address_the_email_cannot_be_turned_on(client_for: Any, user_named: Any) -> None:
    sara = user_named("sara.lind")
    sara.email = ""
    sara.save(update_fields=["email"])
    answer = client_for("sara.lind").post(reverse("notifications:email_preference"), {"email": "on"})
    assert answer.status_code == 400
    assert not NotificationPreference.objects.filter(user=sara).exists()
