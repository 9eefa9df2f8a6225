"""The banner after “Begär uppgifter” says what happened: green only when something was released;
what awaits review and what was refused are named, category by category."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.disclosures.conftest import AF_DUTY, Gate

pytestmark = pytest.mark.django_db


def _request(client: Any, gate: Gate, categories: list[str], **extra: str) -> Any:
    data = {
        "discloser": str(gate.af.pk),
        "person": str(gate.client.pk),
        "categories": categories,
        "purpose": "Utredning av rätt till ekonomiskt bistånd",
        "period_start": "",
        "period_end": "",
        **extra,
    }
    response = client.post(reverse("disclosures:request_create", args=[gate.case.pk]), data)
    assert response.status_code == 302, response.content.decode()
    (message,) = list(get_messages(response.wsgi_request))
    return message


def test_a_request_where_every_category_is_refused_gets_a_warning_not_a_success(gate: Gate, client_for: Any) -> None:
    # A period two years back is not "limited and current": the duty does not apply, and nothing is released.
    message = _request(client_for("sara.lind"), gate, AF_DUTY, period_start="2024-09-01", period_end="2024-10-31")
    assert message.tags == "warning"
    assert str(message).startswith("Inget lämnas ut.")
    assert "Lämnas inte ut: Namn, personnummer och samordningsnummer; " in str(message)
    assert "lämnar ut uppgifter" not in str(message)


def test_a_request_that_only_awaits_review_is_information(gate: Gate, client_for: Any) -> None:
    gate.consent(categories=["case_notes"])  # with consent, AF makes its own secrecy review
    message = _request(client_for("sara.lind"), gate, ["case_notes"])
    assert message.tags == "info"
    assert str(message) == (
        "Inget lämnas ut ännu. Arbetsförmedlingen sekretessprövar begäran. "
        "Väntar på sekretessprövning: Journal- och handläggningsanteckningar."
    )


def test_a_request_with_something_released_is_a_success_naming_all_three_outcomes(gate: Gate, client_for: Any) -> None:
    message = _request(client_for("sara.lind"), gate, [*AF_DUTY, "case_notes", "health_information"])
    text = str(message)
    assert message.tags == "success"
    assert text.startswith(
        "Arbetsförmedlingen lämnar ut uppgifter. Lämnas ut: Namn, personnummer och samordningsnummer;"
    )
    assert "Väntar på sekretessprövning: Journal- och handläggningsanteckningar." in text or "Lämnas inte ut:" in text
    assert "Sökandekategori" in text


def test_the_banner_is_shown_with_its_level_on_the_request_page(gate: Gate, client_for: Any) -> None:
    client = client_for("sara.lind")
    data = {
        "discloser": str(gate.af.pk),
        "person": str(gate.client.pk),
        "categories": AF_DUTY,
        "purpose": "Utredning av rätt till ekonomiskt bistånd",
        "period_start": "2024-09-01",
        "period_end": "2024-10-31",
    }
    response = client.post(reverse("disclosures:request_create", args=[gate.case.pk]), data, follow=True)
    page = response.content.decode()
    assert 'class="message message--warning"' in page
    assert 'class="message message--success"' not in page
