"""“Hämta uppgifter” checks its period before anything is asked: a period longer than the gate's limit,
in the far past or running into the future is refused in Swedish, and no gate request (nor audit entry,
nor line in the person's “Vem har sett”) is made. The default period ends today."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samverkan.cases.models import Case
from samverkan.core import clock
from samverkan.disclosures.models import AuditEntry, DisclosureRequest
from samverkan.domain.disclosure import PERIOD_MAX_MONTHS
from samverkan.registries.forms import LookupForm
from samverkan.registries.lookup import fetch_household

pytestmark = pytest.mark.django_db

#: today is 2026-11-18 (the suite's pinned clock)
REFUSED = {
    "18 months": (dt.date(2025, 5, 1), dt.date(2026, 10, 31), "längre än 12 månader"),
    "the year 1800": (dt.date(1800, 1, 1), dt.date(1800, 3, 31), "inte aktuell"),
    "into the future": (dt.date(2026, 11, 1), dt.date(2027, 3, 31), "inte aktuell"),
    "all in the future": (dt.date(2027, 6, 1), dt.date(2027, 6, 30), "inte aktuell"),
}


def _case() -> Case:
    case = Case.objects.filter(organisation__code="sorby-socialnamnd", case_type="assistance", status="active").first()
    assert case is not None
    return case


def _counts() -> tuple[int, int]:
    return DisclosureRequest.objects.count(), AuditEntry.objects.count()


@pytest.mark.parametrize("name", REFUSED)
def test_the_lookup_page_refuses_the_period_and_asks_nobody(client_for: Any, name: str) -> None:
    start, end, words = REFUSED[name]
    before = _counts()
    response = client_for("sara.lind").post(
        reverse("registries:case_lookup", args=[_case().pk]),
        {"period_start": start.isoformat(), "period_end": end.isoformat(), "sources": ["fk", "af"]},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Rätta följande" in page
    assert words in page or "Ange ett datum" in page
    assert _counts() == before


@pytest.mark.parametrize("name", REFUSED)
def test_the_lookup_service_refuses_the_period_before_any_gate_request(user_named: Any, name: str) -> None:
    start, end, words = REFUSED[name]
    before = _counts()
    with pytest.raises(ValidationError) as refused:
        fetch_household(requester=user_named("sara.lind"), case=_case(), period=(start, end))
    assert words in " ".join(refused.value.messages)
    assert _counts() == before


@pytest.mark.parametrize("name", REFUSED)
def test_the_lookup_api_refuses_the_period_in_swedish_and_asks_nobody(client_for: Any, name: str) -> None:
    start, end, _ = REFUSED[name]
    before = _counts()
    response = client_for("sara.lind").post(
        f"/api/v1/registries/cases/{_case().pk}/lookup",
        {"period_start": start.isoformat(), "period_end": end.isoformat()},
        content_type="application/json",
    )
    assert response.status_code in (400, 422)
    body = response.json()
    assert body["error"].split(": ")[-1].startswith(("Perioden", "Ange"))
    assert _counts() == before


def test_a_limited_current_period_is_accepted_by_the_form() -> None:
    form = LookupForm({"period_start": "2026-09-01", "period_end": "2026-11-30", "sources": ["fk"]})
    assert form.is_valid(), form.errors


def test_the_default_period_ends_today_and_is_one_the_gate_accepts() -> None:
    form = LookupForm()
    start, end = form.fields["period_start"].initial, form.fields["period_end"].initial
    assert end == clock.today() == dt.date(2026, 11, 18)
    assert start == dt.date(2026, 9, 1)
    assert (end.year - start.year) * 12 + end.month - start.month < PERIOD_MAX_MONTHS
    bound = LookupForm({"period_start": start.isoformat(), "period_end": end.isoformat(), "sources": ["fk"]})
    assert bound.is_valid(), bound.errors
