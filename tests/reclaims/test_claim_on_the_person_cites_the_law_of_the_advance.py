"""Issue 18 point 3: a claim on the person (återkrav) rests on the law in force when the advance was granted —
9 kap. 2 § SoL (2001:453) before 2025-07-01 (the transitional provisions of SoL 2025:400), 33 kap. 2 § SoL
(2025:400) from then — in the stored calculation, the explanation, the page and every letter, whatever day
FK decided."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from samverkan.reclaims import pdf, services
from samverkan.reclaims.models import Reclaim
from tests.reclaims.conftest import decide, new_case, pay

pytestmark = pytest.mark.django_db

OLD = "9 kap. 2 § socialtjänstlagen (2001:453)"
NEW = "33 kap. 2 § socialtjänstlagen (2025:400)"


def _too_late(case: Any, start: dt.date, end: dt.date) -> Reclaim:
    decision = decide(
        case.subject,
        start=start,
        end=end,
        amount="30000.00",
        decided=dt.date(2026, 11, 6),  # long after the change: the old law must still be cited
        payout=dt.date(2026, 11, 16),
    )
    (reclaim,) = services.reclaim_on_retroactive_decision(decision)
    assert reclaim.status == Reclaim.Status.TOO_LATE
    return reclaim


def test_an_advance_granted_before_2025_07_01_is_claimed_under_the_old_sol(world: None, client_for: Any) -> None:
    case = new_case()
    pay(case, dt.date(2025, 5, 1), "6000.00", advance_benefit="sickness_compensation", written_notice=True)
    reclaim = _too_late(case, dt.date(2025, 5, 1), dt.date(2025, 5, 31))
    assert reclaim.repayment_claim_possible is True
    assert reclaim.repayment_claim_citations == [OLD]
    assert OLD in reclaim.too_late_explanation and NEW not in reclaim.too_late_explanation
    letter = pdf.build(reclaim, pdf.LetterKind.OUTCOME).text()
    assert f"återkrav enligt {OLD}" in letter and NEW not in letter
    page = client_for("sara.lind").get(f"/atersokning/{reclaim.pk}/").content.decode()
    assert f"Återkrav hos personen enligt {OLD}" in page


def test_advances_on_both_sides_of_the_change_cite_both_provisions_oldest_first(world: None) -> None:
    case = new_case()
    pay(case, dt.date(2025, 6, 1), "6000.00", advance_benefit="sickness_compensation", written_notice=True)
    pay(case, dt.date(2025, 8, 1), "6000.00", advance_benefit="sickness_compensation", written_notice=True)
    reclaim = _too_late(case, dt.date(2025, 6, 1), dt.date(2025, 8, 31))
    assert reclaim.repayment_claim_citations == [OLD, NEW]
    assert f"{OLD} och {NEW}" in reclaim.too_late_explanation


def test_no_claim_possible_still_names_the_law_of_the_bistand_paid(world: None) -> None:
    case = new_case()
    pay(case, dt.date(2025, 5, 1), "6000.00")  # no advance with written notice
    reclaim = _too_late(case, dt.date(2025, 5, 1), dt.date(2025, 5, 31))
    assert reclaim.repayment_claim_possible is False
    assert reclaim.repayment_claim_citations == [OLD]
    assert f"Återkrav hos personen enligt {OLD} är inte möjligt" in reclaim.too_late_explanation
