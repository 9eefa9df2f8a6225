"""Done when, in Debian's chromium: a socialsekreterare fetches a household's data and sees the basis of
each item; with one source failing the page names it and shows the rest; an FK decision recorded in
FK's own register makes a notice appear in the socialnämnd's inbox."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from samverkan.cases.models import Case
from samverkan.core.clock import today
from samverkan.registries.lookup import default_period
from samverkan.registries.models import BenefitPayment
from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _case_with_fk_payments() -> Case:
    start, end = default_period(today())
    paid = BenefitPayment.objects.filter(organisation__code="fk", paid_on__range=(start, end)).values("person")
    case = (
        Case.objects.filter(
            organisation__code="sorby-socialnamnd",
            case_type="assistance",
            status="active",
            subject__in=paid,
            subject__protected_identity=False,
        )
        .order_by("pk")
        .first()
    )
    assert case is not None
    return case


def test_household_lookup_with_a_failing_source_and_a_notice_from_fk(
    page: Any, browser: Any, live_server: Any, settings: Any
) -> None:
    settings.SAMVERKAN_SOURCES = {"fk": {"latency": 0.05}, "pm": {"latency": 0.05}, "af": {"latency": 0.05}}
    case = _case_with_fk_payments()
    person = case.subject

    # The socialsekreterare fetches the household's data from the case page.
    browser_login(page, "sara.lind")
    page.goto(f"/arenden/{case.pk}/")
    page.get_by_role("link", name="Hämta uppgifter").click()
    page.get_by_role("button", name="Hämta uppgifter").click()
    fk = page.get_by_role("region", name=re.compile("^Försäkringskassan")).first
    rows = fk.get_by_role("row")
    assert rows.count() > 2
    expect(fk.get_by_role("columnheader", name="Rättslig grund")).to_be_visible()
    for cell in fk.locator("td.basis").all():
        assert cell.inner_text().startswith("Uppgiftsskyldighet")
        assert "(2008:975)" in cell.inner_text()
    assert page.get_by_role("alert").count() == 0

    # Arbetsförmedlingen fails: the page says so and still shows Försäkringskassan's items.
    settings.SAMVERKAN_SOURCES = {**settings.SAMVERKAN_SOURCES, "af": {"latency": 0.05, "failure": 1.0}}
    page.get_by_role("button", name="Hämta uppgifter").click()
    alert = page.get_by_role("alert")
    assert "Arbetsförmedlingen" in alert.inner_text()
    assert "Alla källor svarade inte" in alert.inner_text()
    assert page.get_by_role("region", name=re.compile("^Försäkringskassan")).first.locator("td.basis").count() > 0

    # Försäkringskassan records a retroactive decision in its own register.
    fk_context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    fk_page = fk_context.new_page()
    fk_page.set_default_timeout(15_000)
    browser_login(fk_page, "fredrik.holm")
    fk_page.get_by_role("link", name="Register", exact=True).click()
    fk_page.get_by_label("Sök person (namn eller personnummer)").fill(person.identity_number)
    fk_page.get_by_role("button", name="Sök").click()
    fk_page.get_by_role("link", name=person.full_name).click()
    fk_page.get_by_role("link", name="Registrera beslut om förmån").click()
    fk_page.get_by_label("Förmån", exact=True).select_option("sickness_compensation")
    fk_page.get_by_label("Beslutsdatum", exact=True).fill(today().isoformat())
    fk_page.get_by_label("Period från", exact=True).fill("2026-06-01")
    fk_page.get_by_label("Belopp per månad").fill("10 400,00")
    fk_page.get_by_label("Retroaktivt belopp (netto)").fill("36 400,00")
    fk_page.get_by_label("Retroaktiv period från").fill("2026-06-01")
    fk_page.get_by_label("Retroaktiv period till").fill("2026-10-31")
    fk_page.get_by_label("Utbetalningsdag för det retroaktiva beloppet").fill("2027-01-20")
    fk_page.get_by_role("button", name="Registrera", exact=True).click()
    assert "är registrerad" in fk_page.get_by_role("status").inner_text()
    fk_context.close()

    # The socialnämnd's inbox has the notice, with the released items and their basis.
    page.get_by_role("link", name="Inkorg").click()
    first = page.get_by_role("row").nth(1)
    assert person.full_name in first.inner_text() and "Oläst" in first.inner_text()
    first.get_by_role("link", name=person.full_name).click()
    body = page.locator("main").inner_text()
    assert "Brådskande" in body and "36\u00a0400,00" in body and "2027-01-20" in body
    assert "Uppgiftsskyldighet" in body
