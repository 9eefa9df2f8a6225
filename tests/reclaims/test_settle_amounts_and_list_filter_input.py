"""Bad input in återsökning (issue 15): the FK settle form takes Swedish amounts; filters refuse NUL."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from samverkan.domain.money import format_money
from samverkan.reclaims.models import Reclaim

pytestmark = pytest.mark.django_db


def test_the_settle_form_is_a_text_field_for_amounts_not_a_number_field(sent: Reclaim, client_for: Any) -> None:
    page = client_for("fredrik.holm").get(reverse("reclaims:detail", args=[sent.pk])).content.decode()
    start = page.index('name="to_social_services"')
    field = page[page.rindex("<input", 0, start) : page.index(">", start)]
    assert 'type="text"' in field and 'inputmode="decimal"' in field


def test_the_settle_form_accepts_amounts_written_the_swedish_way(
    sent: Reclaim, client_for: Any, dates: dict[str, dt.date]
) -> None:
    response = client_for("fredrik.holm").post(
        reverse("reclaims:settle", args=[sent.pk]),
        {"to_social_services": "16 000,00", "to_person": "13\u00a0999,50", "settled_on": dates["today"].isoformat()},
    )
    assert response.status_code == 400  # 16 000 + 13 999,50 is not the retroactive 30 000: the service says so
    assert "ska tillsammans vara det retroaktiva beloppet" in response.content.decode()
    response = client_for("fredrik.holm").post(
        reverse("reclaims:settle", args=[sent.pk]),
        {"to_social_services": "16 000,00", "to_person": "14000,00", "settled_on": dates["today"].isoformat()},
    )
    assert response.status_code == 302
    sent.refresh_from_db()
    assert (sent.paid_to_social_services, sent.paid_to_person) == (Decimal("16000.00"), Decimal("14000.00"))


def test_the_settle_form_refuses_an_amount_beyond_its_column_with_the_range(
    sent: Reclaim, client_for: Any, dates: dict[str, dt.date]
) -> None:
    response = client_for("fredrik.holm").post(
        reverse("reclaims:settle", args=[sent.pk]),
        {"to_social_services": "16000", "to_person": "99999999999", "settled_on": dates["today"].isoformat()},
    )
    assert response.status_code == 400
    assert f"Ange ett belopp från 0 till {format_money(Decimal('9999999999.99'))}." in response.content.decode()
    sent.refresh_from_db()
    assert sent.status == Reclaim.Status.SENT


def test_a_settle_day_in_1800_is_refused_with_the_range(
    sent: Reclaim, client_for: Any, dates: dict[str, dt.date]
) -> None:
    response = client_for("fredrik.holm").post(
        reverse("reclaims:settle", args=[sent.pk]),
        {"to_social_services": "16000", "to_person": "14000", "settled_on": "1800-01-01"},
    )
    assert response.status_code == 400
    assert "Ange ett datum från 1900-01-01 till och med 2026-11-18." in response.content.decode()


def test_the_reclaims_api_refuses_a_nul_in_the_status_filter(client_for: Any) -> None:
    response = client_for("sara.lind").get("/api/v1/reclaims/?status=%00")
    assert response.status_code == 422
    assert "styrtecken" in json.dumps(response.json(), ensure_ascii=False)
