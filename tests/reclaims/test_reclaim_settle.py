"""FK's (or PM's) official settles a sent request: the payout split, or a refusal; both sides see it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.urls import reverse

from samverkan.disclosures.models import AuditEntry
from samverkan.reclaims import services
from samverkan.reclaims.models import Reclaim, ReclaimLedgerEntry

pytestmark = pytest.mark.django_db


def test_send_records_request_day_before_payout_and_audit(sent: Reclaim, dates: dict[str, dt.date]) -> None:
    assert sent.status == Reclaim.Status.SENT
    assert sent.request_received == dates["today"] < sent.payout_date
    entry = AuditEntry.objects.filter(event="reclaim.sent", person=sent.person).latest("sequence")
    assert entry.recipient == sent.agency
    assert entry.organisation == sent.organisation


def test_fk_official_registers_the_payout_split(sent: Reclaim, user_named: Any, dates: dict[str, dt.date]) -> None:
    paid = services.reclaim_settle(
        reclaim=sent,
        settled_by=user_named("fredrik.holm"),
        to_social_services=Decimal("16000.00"),
        to_person=Decimal("14000.00"),
        settled_on=dates["today"],
    )
    assert paid.status == Reclaim.Status.PAID
    assert paid.paid_to_social_services == Decimal("16000.00")
    assert paid.paid_to_person == Decimal("14000.00")
    assert AuditEntry.objects.filter(event="reclaim.paid", person=sent.person).exists()


def test_partial_payment_rewrites_the_ledger_to_what_was_paid(
    sent: Reclaim, user_named: Any, dates: dict[str, dt.date]
) -> None:
    services.reclaim_settle(
        reclaim=sent,
        settled_by=user_named("fredrik.holm"),
        to_social_services=Decimal("10000.00"),
        to_person=Decimal("20000.00"),
        settled_on=dates["today"],
    )
    assert ReclaimLedgerEntry.objects.filter(reclaim=sent).aggregate(s=Sum("amount"))["s"] == Decimal("10000.00")


@pytest.mark.parametrize(
    ("to_nämnd", "to_person", "field", "text"),
    [
        ("16000.00", "10000.00", "to_person", "tillsammans vara det retroaktiva beloppet"),
        ("17000.00", "13000.00", "to_social_services", "mer än så kan inte betalas"),
        ("1000.00", "29000.00", "to_social_services", "Högst 1 000 kr"),
    ],
)
def test_wrong_split_is_refused_and_nothing_stored(
    sent: Reclaim, user_named: Any, dates: dict[str, dt.date], to_nämnd: str, to_person: str, field: str, text: str
) -> None:
    with pytest.raises(ValidationError) as error:
        services.reclaim_settle(
            reclaim=sent,
            settled_by=user_named("fredrik.holm"),
            to_social_services=Decimal(to_nämnd),
            to_person=Decimal(to_person),
            settled_on=dates["today"],
        )
    assert text in " ".join(error.value.message_dict[field])
    sent.refresh_from_db()
    assert sent.status == Reclaim.Status.SENT


def test_refusal_releases_the_bistand_from_the_ledger(
    sent: Reclaim, user_named: Any, dates: dict[str, dt.date]
) -> None:
    refused = services.reclaim_refuse(
        reclaim=sent,
        refused_by=user_named("fredrik.holm"),
        reason="Ersättningen är redan utbetald till den försäkrade.",
        refused_on=dates["today"],
    )
    assert refused.status == Reclaim.Status.REFUSED
    assert refused.paid_to_person == refused.retroactive_amount
    assert not ReclaimLedgerEntry.objects.filter(reclaim=sent).exists()


def test_only_the_deciding_agency_settles(sent: Reclaim, user_named: Any, dates: dict[str, dt.date]) -> None:
    for username in ("sara.lind", "pia.strand", "johan.dahl"):
        with pytest.raises(ValidationError):
            services.reclaim_settle(
                reclaim=sent,
                settled_by=user_named(username),
                to_social_services=Decimal("16000.00"),
                to_person=Decimal("14000.00"),
                settled_on=dates["today"],
            )


def test_status_is_visible_on_both_sides(
    sent: Reclaim, client_for: Any, user_named: Any, dates: dict[str, dt.date]
) -> None:
    url = reverse("reclaims:detail", args=[sent.pk])
    fk = client_for("fredrik.holm")
    page = fk.get(reverse("reclaims:incoming")).content.decode()
    assert sent.reference in page and "Skickad" in page
    response = fk.post(
        reverse("reclaims:settle", args=[sent.pk]),
        {"to_social_services": "16000.00", "to_person": "14000.00", "settled_on": dates["today"].isoformat()},
    )
    assert response.status_code == 302
    assert "Utbetald" in fk.get(url).content.decode()

    social = client_for("sara.lind")
    own = social.get(url).content.decode()
    assert "Utbetald" in own and "16\u00a0000,00\u00a0kr" in own
    assert sent.reference in social.get(reverse("reclaims:list") + "?status=paid").content.decode()
