"""Issue 18 point 4: FK's coordination page shows where the person is in the rehabilitation chain — the day of the
sick period, what the work capacity is assessed against and the next milestone (SFB 27 kap. 46–49 §§)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from samverkan.core.clock import today
from tests.rehab.conftest import Rehab

pytestmark = pytest.mark.django_db


def test_an_employed_person_on_day_100_is_assessed_against_the_employers_work(rehab: Rehab, client_for: Any) -> None:
    start = today() - dt.timedelta(days=99)
    coordination = rehab.open(sick_leave_start=start, has_employer=True, employer=rehab.employer)
    html = client_for("fredrik.holm").get(reverse("rehab:detail", args=[coordination.pk])).content.decode()
    assert "Rehabiliteringskedjan" in html
    assert "<dd>100</dd>" in html
    assert "arbete hos arbetsgivaren" in html
    assert f"Dag 181, {(start + dt.timedelta(days=180)).isoformat()}" in html


def test_without_an_employer_the_labour_market_from_day_one(rehab: Rehab, client_for: Any) -> None:
    coordination = rehab.open(sick_leave_start=today() - dt.timedelta(days=9))
    html = client_for("fredrik.holm").get(reverse("rehab:detail", args=[coordination.pk])).content.decode()
    assert "<dd>10</dd>" in html and "arbetsmarknaden" in html


def test_without_a_first_day_the_page_says_what_is_missing(rehab: Rehab, client_for: Any) -> None:
    coordination = rehab.open()
    html = client_for("fredrik.holm").get(reverse("rehab:detail", args=[coordination.pk])).content.decode()
    assert "Sjukskrivningens första dag är inte registrerad" in html


def test_the_responsible_official_is_reminded_on_the_start_page_before_the_next_step(
    rehab: Rehab, client_for: Any
) -> None:
    near = rehab.open(sick_leave_start=today() - dt.timedelta(days=84), has_employer=True, employer=rehab.employer)
    near.case.responsible = rehab.fk_user
    near.case.save(update_fields=["responsible"])
    home = client_for(rehab.fk_user.username).get(reverse("core:home")).content.decode()
    assert "Nästa steg i rehabiliteringskedjan inom två veckor" in home
    day_91 = (today() - dt.timedelta(days=84) + dt.timedelta(days=90)).isoformat()
    assert f"dag 91 den {day_91}" in home and near.case.reference in home
