"""Repayments: bistånd the person paid back, recorded on its payment (SFB 107 kap. 5 § deducts it).

Bad input is a Swedish error and nothing is stored; the application page lists each payment's
repayments and records new ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samverkan.accounts.models import User
from samverkan.assistance import services
from samverkan.assistance.models import Application, Payment, Repayment
from samverkan.core.clock import today
from samverkan.disclosures.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def payment(granted: Application, sara: User) -> Payment:
    month = granted.month
    return services.payment_register(
        application=granted,
        recipient=granted.case.subject,
        kind="subsistence",
        amount="4500.00",
        period_start=month,
        period_end=services.month_end(month),
        paid_on=month,
        registered_by=sara,
    )


def test_repayment_is_stored_exactly_and_audited(payment: Payment, sara: User) -> None:
    repayment = services.repayment_register(
        payment=payment, amount="1 200,50", repaid_on=today(), recorded_by=sara, note="Swish"
    )
    repayment.refresh_from_db()
    assert repayment.payment == payment
    assert repayment.amount == Decimal("1200.50")
    assert repayment.repaid_on == today()
    assert (repayment.recorded_by, repayment.note) == (sara, "Swish")
    assert AuditEntry.objects.filter(event="assistance.repayment_registered", person=payment.recipient).exists()


def test_several_repayments_may_add_up_to_the_whole_payment(payment: Payment, sara: User) -> None:
    services.repayment_register(payment=payment, amount="4000.00", repaid_on=payment.paid_on, recorded_by=sara)
    services.repayment_register(payment=payment, amount="500.00", repaid_on=today(), recorded_by=sara)
    assert sum(r.amount for r in payment.repayments.all()) == Decimal("4500.00")


@pytest.mark.parametrize(
    ("amount", "repaid_on", "field", "message"),
    [
        ("0", None, "amount", "större än noll"),
        ("-10.00", None, "amount", "negativt"),
        ("4500.01", None, "amount", "mer än det som återstår"),
        ("100.00", dt.timedelta(days=-1), "repaid_on", "före utbetalningen"),
        ("100.00", "tomorrow", "repaid_on", "innan den har gjorts"),
    ],
)
def test_bad_repayment_is_refused_and_nothing_stored(
    payment: Payment, sara: User, amount: str, repaid_on: Any, field: str, message: str
) -> None:
    if repaid_on is None:
        day = today()
    elif repaid_on == "tomorrow":
        day = today() + dt.timedelta(days=1)
    else:
        day = payment.paid_on + repaid_on
    with pytest.raises(ValidationError) as caught:
        services.repayment_register(payment=payment, amount=amount, repaid_on=day, recorded_by=sara)
    assert message in " ".join(caught.value.message_dict[field])
    assert not Repayment.objects.filter(payment=payment).exists()


def test_repayment_above_what_is_left_after_earlier_repayments_is_refused(payment: Payment, sara: User) -> None:
    services.repayment_register(payment=payment, amount="4000.00", repaid_on=today(), recorded_by=sara)
    with pytest.raises(ValidationError) as caught:
        services.repayment_register(payment=payment, amount="500.01", repaid_on=today(), recorded_by=sara)
    assert "återstår att betala tillbaka av utbetalningen: 500,00" in caught.value.message_dict["amount"][0]
    assert Repayment.objects.filter(payment=payment).count() == 1


def test_application_page_records_and_lists_repayments(
    client_for: Callable[[str], Any], granted: Application, payment: Payment
) -> None:
    client = client_for("sara.lind")
    url = reverse("assistance:detail", args=[granted.pk])
    page = client.get(url).content.decode()
    assert "Registrera återbetalning" in page
    assert reverse("assistance:repayment_register", args=[granted.pk]) in page

    response = client.post(
        reverse("assistance:repayment_register", args=[granted.pk]),
        {"payment": payment.pk, "amount": "1 500", "repaid_on": today().isoformat(), "note": "Inbetalning"},
    )

    assert response.status_code == 302
    (repayment,) = Repayment.objects.filter(payment=payment)
    assert repayment.amount == Decimal("1500.00")
    text = client.get(url).content.decode()
    assert "Återbetalt" in text
    assert f"återbetalt {today():%Y-%m-%d}" in text
    assert "Inbetalning" in text


def test_repayment_form_errors_are_shown_and_nothing_stored(
    client_for: Callable[[str], Any], granted: Application, payment: Payment
) -> None:
    response = client_for("sara.lind").post(
        reverse("assistance:repayment_register", args=[granted.pk]),
        {"payment": payment.pk, "amount": "9000", "repaid_on": today().isoformat()},
    )
    assert response.status_code == 400
    assert "mer än det som återstår" in response.content.decode()
    assert not Repayment.objects.filter(payment=payment).exists()


@pytest.mark.parametrize("username", ["fredrik.holm", "helena.strom"])
def test_other_roles_and_organisations_cannot_record_repayments(
    username: str, client_for: Callable[[str], Any], granted: Application, payment: Payment
) -> None:
    response = client_for(username).post(
        reverse("assistance:repayment_register", args=[granted.pk]),
        {"payment": payment.pk, "amount": "100", "repaid_on": today().isoformat()},
    )
    assert response.status_code == 403
    assert not Repayment.objects.filter(payment=payment).exists()
