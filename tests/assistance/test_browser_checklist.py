"""Done when: a socialsekreterare registers an application in the browser and sees its checklist
with an undeclared payment from Försäkringskassan flagged, amounts and dates side by side."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import expect

from samverkan.accounts.models import Organisation, User
from samverkan.cases.models import Case
from samverkan.core.clock import today
from samverkan.registries.services import benefit_payment_record
from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_socialsekreterare_registers_an_application_and_sees_the_undeclared_fk_payment_flagged(page: Any) -> None:
    month = today().replace(day=1)
    sara = User.objects.get(username="sara.lind")
    case = (
        Case.objects.filter(
            organisation=sara.organisation,
            case_type="assistance",
            status="active",
            responsible=sara,
            subject__protected_identity=False,
            subject__birth_date__lt=dt.date(2000, 1, 1),
        )
        .exclude(assistance_applications__month=month)
        .order_by("-pk")
        .first()
    )
    assert case is not None
    paid_on = min(today(), month.replace(day=2))
    benefit_payment_record(
        actor=User.objects.get(username="fredrik.holm"),
        organisation=Organisation.objects.get(code="fk"),
        person=case.subject,
        benefit="sickness_benefit",
        period_start=(month - dt.timedelta(days=1)).replace(day=1),
        period_end=month - dt.timedelta(days=1),
        amount=Decimal("6240.00"),
        paid_on=paid_on,
        external_id="BROWSER-FK-UTB-1",
    )

    browser_login(page, "sara.lind")
    page.goto(f"/arenden/{case.pk}/")
    page.get_by_role("link", name="Ny ansökan").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Ny ansökan om ekonomiskt bistånd"
    income = page.get_by_role("group", name="Inkomst 1")
    income.get_by_label("Slag av inkomst").select_option("salary")
    income.get_by_label("Belopp").fill("1500")
    page.get_by_role("group", name="Kostnad 1").get_by_label("Belopp").fill("7200")
    page.get_by_role("button", name="Registrera ansökan").click()

    page.wait_for_url("**/bistand/ansokningar/*/")
    assert "Ansökan om ekonomiskt bistånd för" in page.get_by_role("heading", level=1).inner_text()
    item = (
        page.locator('li[data-control="benefit_payments_declared"][data-result="attention"]')
        .filter(has_text="Försäkringskassan")
        .first
    )
    expect(item).to_be_visible()
    text = item.inner_text()
    assert "Behöver bedömas" in text
    assert "inte uppgetts i ansökan" in text
    assert "6\u00a0240,00\u00a0kr" in text and paid_on.isoformat() in text
    expect(item.get_by_role("table", name="Enligt Försäkringskassan")).to_be_visible()
    expect(item.get_by_role("table", name="Uppgett av sökanden")).to_be_visible()
