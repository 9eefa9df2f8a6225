"""The ledger: the same bistånd is never reclaimed twice, however the retroactive periods overlap."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum

from samverkan.reclaims import services
from samverkan.reclaims.models import Reclaim, ReclaimLedgerEntry
from tests.reclaims.conftest import decide, new_case, pay

pytestmark = pytest.mark.django_db


def _sent(decision: Any, user: Any) -> Reclaim:
    (reclaim,) = services.reclaim_on_retroactive_decision(decision)
    return services.reclaim_send(reclaim=reclaim, sent_by=user)


def test_second_claim_on_same_period_is_refused_with_clear_message(
    world: None, dates: dict[str, dt.date], user_named: Any
) -> None:
    sara = user_named("sara.lind")
    case = new_case()
    payments = [pay(case, dates[m], "8000.00") for m in ("m1", "m2", "m3")]
    first = decide(
        case.subject,
        start=dates["m1"],
        end=dates["end"],
        amount="30000.00",
        decided=dates["decided"],
        payout=dates["payout"],
    )
    sent = _sent(first, sara)
    assert sent.status == Reclaim.Status.SENT
    assert sent.to_social_services == Decimal("24000.00")
    assert ReclaimLedgerEntry.objects.filter(reclaim=sent).aggregate(s=Sum("amount"))["s"] == Decimal("24000.00")

    second = decide(
        case.subject,
        benefit="housing_allowance",
        start=dates["m2"],
        end=dates["end"],
        amount="5000.00",
        decided=dates["decided"],
        payout=dates["payout"],
    )
    (draft,) = services.reclaim_on_retroactive_decision(second)
    assert draft.to_social_services == Decimal("0.00")
    assert "redan har återsökts" in draft.explanation

    with pytest.raises(ValidationError) as refused:
        services.reclaim_send(reclaim=draft, sent_by=sara)
    message = " ".join(refused.value.messages)
    assert "har redan återsökts" in message
    assert sent.reference in message
    assert "aldrig återsökas två gånger" in message
    draft.refresh_from_db()
    assert draft.status == Reclaim.Status.DRAFT
    assert not ReclaimLedgerEntry.objects.filter(reclaim=draft).exists()
    for payment in payments:
        taken = ReclaimLedgerEntry.objects.filter(payment=payment).aggregate(s=Sum("amount"))["s"]
        assert taken <= payment.amount


def test_overlapping_decisions_share_the_bistand_without_taking_it_twice(
    world: None, dates: dict[str, dt.date], user_named: Any
) -> None:
    sara = user_named("sara.lind")
    case = new_case()
    payments = [pay(case, dates[m], "9000.00") for m in ("m1", "m2", "m3")]
    # Sjukersättning covers all three months but is only 12 000 kr: 15 000 kr of bistånd is left.
    first = _sent(
        decide(
            case.subject,
            start=dates["m1"],
            end=dates["end"],
            amount="12000.00",
            decided=dates["decided"],
            payout=dates["payout"],
        ),
        sara,
    )
    # Bostadsbidrag for the last two months can take only what is left of those months.
    second = _sent(
        decide(
            case.subject,
            benefit="housing_allowance",
            start=dates["m2"],
            end=dates["end"],
            amount="20000.00",
            decided=dates["decided"],
            payout=dates["payout"],
        ),
        sara,
    )
    assert first.to_social_services == Decimal("12000.00")
    assert second.to_social_services == Decimal("15000.00")  # 18 000 kr for two months, less 3 000 already taken
    total = ReclaimLedgerEntry.objects.filter(payment__in=payments).aggregate(s=Sum("amount"))["s"]
    assert total == Decimal("27000.00") == sum(p.amount for p in payments)
    for payment in payments:
        assert ReclaimLedgerEntry.objects.filter(payment=payment).aggregate(s=Sum("amount"))["s"] <= payment.amount


def test_database_refuses_a_duplicate_ledger_row(world: None, dates: dict[str, dt.date], user_named: Any) -> None:
    case = new_case()
    pay(case, dates["m1"], "8000.00")
    reclaim = _sent(
        decide(
            case.subject,
            start=dates["m1"],
            end=dates["end"],
            amount="9000.00",
            decided=dates["decided"],
            payout=dates["payout"],
        ),
        user_named("sara.lind"),
    )
    row = ReclaimLedgerEntry.objects.get(reclaim=reclaim)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReclaimLedgerEntry.objects.create(
            organisation=row.organisation,
            person=row.person,
            payment=row.payment,
            reclaim=reclaim,
            start=row.start,
            end=row.end,
            amount=row.amount,
        )


def test_database_refuses_a_second_reclaim_for_the_same_decision(world: None, dates: dict[str, dt.date]) -> None:
    case = new_case()
    pay(case, dates["m1"], "8000.00")
    decision = decide(
        case.subject,
        start=dates["m1"],
        end=dates["end"],
        amount="9000.00",
        decided=dates["decided"],
        payout=dates["payout"],
    )
    (reclaim,) = services.reclaim_on_retroactive_decision(decision)
    copy = Reclaim.objects.get(pk=reclaim.pk)
    copy.pk = None
    copy.reference = "ÅS-KOPIA"
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()
