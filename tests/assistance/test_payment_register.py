"""Payments: exact, for a period, never recorded twice; bad input a Swedish error and nothing stored."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from samverkan.accounts.models import User
from samverkan.assistance import services
from samverkan.assistance.models import Application, Payment
from samverkan.people.models import Person

pytestmark = pytest.mark.django_db


def _register(application: Application, sara: User, **overrides: Any) -> Payment:
    month = application.month
    params: dict[str, Any] = {
        "application": application,
        "recipient": application.case.subject,
        "kind": "subsistence",
        "amount": "4500.50",
        "period_start": month,
        "period_end": services.month_end(month),
        "paid_on": month,
        "registered_by": sara,
    }
    params.update(overrides)
    return services.payment_register(**params)


def test_payment_is_stored_exactly_with_its_period_and_advance(granted: Application, sara: User) -> None:
    payment = _register(granted, sara, advance_benefit="sickness_benefit", advance_written_notice=True)
    payment.refresh_from_db()
    assert payment.amount == Decimal("4500.50")
    assert (payment.period_start, payment.period_end) == (granted.month, services.month_end(granted.month))
    assert (payment.advance_benefit, payment.advance_written_notice) == ("sickness_benefit", True)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"amount": "-100.00"}, "amount", "negativt"),
        ({"amount": "0"}, "amount", "större än noll"),
        ({"amount": "9000.01"}, "amount", "mer än det beviljade"),
        ({"advance_benefit": "lottery"}, "advance_benefit", "Välj"),
        ({"advance_written_notice": True}, "advance_written_notice", "förmån"),
    ],
)
def test_bad_payment_is_refused_and_nothing_stored(
    overrides: dict[str, Any], field: str, message: str, granted: Application, sara: User
) -> None:
    with pytest.raises(ValidationError) as caught:
        _register(granted, sara, **overrides)
    assert message in " ".join(caught.value.message_dict[field])
    assert not Payment.objects.filter(application=granted).exists()


def test_period_that_ends_before_it_starts_is_refused(granted: Application, sara: User) -> None:
    with pytest.raises(ValidationError) as caught:
        _register(granted, sara, period_start=granted.month + dt.timedelta(days=10), period_end=granted.month)
    assert "före den börjar" in caught.value.message_dict["period_end"][0]
    assert not Payment.objects.filter(application=granted).exists()


def test_overlapping_subsistence_for_the_same_person_is_a_duplicate(granted: Application, sara: User) -> None:
    _register(granted, sara, amount="3000.00")
    with pytest.raises(ValidationError) as caught:
        _register(
            granted,
            sara,
            amount="1000.00",
            period_start=granted.month + dt.timedelta(days=14),
            period_end=services.month_end(granted.month) + dt.timedelta(days=5),
        )
    assert "två gånger för samma tid" in caught.value.messages[0]
    assert Payment.objects.filter(application=granted).count() == 1


def test_other_living_for_another_need_in_the_same_month_is_allowed_but_not_the_same_twice(
    granted: Application, sara: User
) -> None:
    _register(granted, sara, kind="other_living", amount="800.00")
    _register(granted, sara, kind="other_living", amount="450.00")
    with pytest.raises(ValidationError, match="finns redan"):
        _register(granted, sara, kind="other_living", amount="800.00", paid_on=granted.month + dt.timedelta(days=3))
    assert Payment.objects.filter(application=granted).count() == 2


def test_database_refuses_the_same_payment_twice(granted: Application, sara: User) -> None:
    payment = _register(granted, sara)
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(
            organisation=payment.organisation,
            case=payment.case,
            application=payment.application,
            recipient=payment.recipient,
            kind=payment.kind,
            amount=payment.amount,
            period_start=payment.period_start,
            period_end=payment.period_end,
            paid_on=payment.paid_on + dt.timedelta(days=1),
        )


def test_payment_needs_a_granted_application(new_application: Any, sara: User) -> None:
    with pytest.raises(ValidationError, match="beviljad"):
        _register(new_application(), sara)


def test_recipient_must_be_in_the_household(granted: Application, sara: User) -> None:
    stranger = Person.objects.exclude(case_memberships__case=granted.case).first()
    with pytest.raises(ValidationError) as caught:
        _register(granted, sara, recipient=stranger)
    assert "hushållet" in caught.value.message_dict["recipient"][0]
