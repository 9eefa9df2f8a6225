"""Bad input in ekonomiskt bistånd (issue 15): amounts fit their column, months are plausible."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from samverkan.assistance.models import Application, DeclaredCost, Payment
from samverkan.cases.models import Case
from samverkan.core.clock import today
from samverkan.core.repairs import fit_money_columns
from samverkan.domain.money import format_money

pytestmark = pytest.mark.django_db

COLUMN_MAX = Decimal("9999999999.99")
RANGE = f"Ange ett belopp från 0 till {format_money(COLUMN_MAX)}."


def _form(month: dt.date, applicant_id: int, **extra: str) -> dict[str, str]:
    data = {
        "month": f"{month:%Y-%m}",
        "received_on": today().isoformat(),
        "applied_amount": "",
        "note": "",
        "incomes-TOTAL_FORMS": "1",
        "incomes-INITIAL_FORMS": "0",
        "incomes-MIN_NUM_FORMS": "0",
        "incomes-MAX_NUM_FORMS": "20",
        "costs-TOTAL_FORMS": "1",
        "costs-INITIAL_FORMS": "0",
        "costs-MIN_NUM_FORMS": "0",
        "costs-MAX_NUM_FORMS": "20",
        "incomes-0-person": str(applicant_id),
        "incomes-0-kind": "salary",
        "incomes-0-amount": "",
        "costs-0-kind": "rent",
        "costs-0-amount": "",
    }
    data.update(extra)
    return data


def test_a_cost_larger_than_its_column_holds_is_refused_with_the_range_and_nothing_is_stored(
    client_for: Callable[[str], Any], case: Case, month: dt.date
) -> None:
    response = client_for("sara.lind").post(
        reverse("assistance:create", args=[case.pk]),
        _form(month, case.subject_id, **{"costs-0-amount": "999999999999"}),
    )
    assert response.status_code == 400
    assert RANGE in response.content.decode()
    assert not Application.objects.filter(case=case, month=month).exists()


def test_an_applied_amount_larger_than_its_column_holds_is_refused(
    client_for: Callable[[str], Any], case: Case, month: dt.date
) -> None:
    response = client_for("sara.lind").post(
        reverse("assistance:create", args=[case.pk]),
        _form(month, case.subject_id, applied_amount="10 000 000 000,00"),
    )
    assert response.status_code == 400
    assert RANGE in response.content.decode()
    assert not Application.objects.filter(case=case, month=month).exists()


def test_the_largest_amount_the_column_holds_is_stored_and_read_back(
    client_for: Callable[[str], Any], case: Case, month: dt.date
) -> None:
    client = client_for("sara.lind")
    response = client.post(
        reverse("assistance:create", args=[case.pk]),
        _form(month, case.subject_id, **{"costs-0-amount": "9 999 999 999,99"}),
    )
    assert response.status_code == 302
    cost = DeclaredCost.objects.get(application__case=case, application__month=month)
    cost.refresh_from_db()
    assert cost.amount == COLUMN_MAX
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("typed", ["7 082,30", "7\u00a0082,30", "7\u2009082,30", "7082,30", "7082.30"])
def test_swedish_and_machine_amounts_are_accepted_in_a_payment(
    client_for: Callable[[str], Any], granted: Application, typed: str
) -> None:
    response = client_for("sara.lind").post(
        reverse("assistance:payment_register", args=[granted.pk]),
        {
            "recipient": str(granted.case.subject_id),
            "kind": "subsistence",
            "amount": typed,
            "period_start": granted.month.isoformat(),
            "period_end": (granted.month + dt.timedelta(days=20)).isoformat(),
            "paid_on": granted.month.isoformat(),
            "advance_benefit": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Payment.objects.get(application=granted).amount == Decimal("7082.30")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL never stored an amount beyond its column")
def test_an_application_stored_with_too_large_an_amount_is_readable_again_after_the_repair(
    client_for: Callable[[str], Any], granted: Application
) -> None:
    cost = DeclaredCost.objects.create(application=granted, kind="rent", amount=Decimal("100.00"))
    with connection.cursor() as cursor:  # as SQLite stored it before amounts were checked
        cursor.execute("UPDATE assistance_application SET applied_amount = 999999999999 WHERE id = %s", [granted.pk])
        cursor.execute("UPDATE assistance_declaredcost SET amount = 999999999999 WHERE id = %s", [cost.pk])
    client = client_for("sara.lind")
    client.raise_request_exception = False
    assert client.get(reverse("assistance:detail", args=[granted.pk])).status_code == 500

    class Editor:
        connection = connection

    fit_money_columns("assistance")(apps, Editor())

    assert client.get(reverse("assistance:detail", args=[granted.pk])).status_code == 200
    granted.refresh_from_db()
    cost.refresh_from_db()
    assert granted.applied_amount is None  # optional: emptied, to be entered again
    assert cost.amount == COLUMN_MAX  # required: the largest the column holds, visibly wrong


def test_a_control_run_for_a_month_in_1800_is_refused_by_the_command() -> None:
    with pytest.raises(CommandError, match=r"Ange en månad från 2000-01 till och med 2026-11\."):
        call_command("controls", "run", "--month", "1800-01", "--no-progress")


def test_a_control_run_for_a_month_in_1800_is_refused_by_the_form(client_for: Callable[[str], Any]) -> None:
    response = client_for("sara.lind").post(reverse("assistance:runs"), {"month": "1800-01"})
    assert response.status_code == 400
    assert "Ange en månad från 2000-01 till och med 2026-11." in response.content.decode()


def test_an_application_for_a_month_in_1800_is_refused(
    client_for: Callable[[str], Any], case: Case, month: dt.date
) -> None:
    response = client_for("sara.lind").post(
        reverse("assistance:create", args=[case.pk]), _form(dt.date(1800, 1, 1), case.subject_id)
    )
    assert response.status_code == 400
    assert "Ange en månad från 2000-01 till och med 2027-11." in response.content.decode()
    assert not Application.objects.filter(case=case, month=dt.date(1800, 1, 1)).exists()
