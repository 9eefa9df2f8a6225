"""Done when (issue 6), in Debian's chromium: an FK retroactive decision becomes a drafted request that
the socialsekreterare sends and FK's official settles; the person's letter renders as PDF; a second
claim on the same period is refused with a clear message."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command

from samverkan.accounts.models import Organisation, User
from samverkan.cases.models import Case, CaseMember
from samverkan.core.clock import today as clock_today
from samverkan.reclaims.models import Reclaim
from samverkan.registries.services import benefit_decision_record
from tests.conftest import browser_login
from tests.reclaims.conftest import add_months, new_case, pay

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _logout(page: Any) -> None:
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url("**/konto/logga-in/**")


def _nightly() -> None:
    call_command("reclaims", "detect", "--no-progress", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_fk_decision_is_reclaimed_once_sent_settled_lettered_and_never_twice(page: Any, live_server: Any) -> None:
    today = clock_today()
    first = add_months(today.replace(day=1), -3)
    end = today.replace(day=1) - dt.timedelta(days=1)
    decided, payout = today - dt.timedelta(days=1), today + dt.timedelta(days=12)
    case = new_case()
    for month in range(3):
        pay(case, add_months(first, month), "8000.00", advance_benefit="sickness_compensation", written_notice=True)
    person = case.subject
    fk = Organisation.objects.get(code="fk")
    fk_case = Case.objects.create(
        organisation=fk,
        unit=fk.units.get(code="lfk-sorby"),
        reference=f"FK-{case.reference}",
        case_type="sickness",
        subject=person,
        opened_on=first,
    )
    CaseMember.objects.create(case=fk_case, person=person, relation="applicant")

    # Försäkringskassan records the retroactive decision in its register.
    browser_login(page, "fredrik.holm")
    page.goto(f"/register/person/{person.pk}/ny/benefit_decision/")
    page.get_by_label("Förmån", exact=True).select_option("sickness_compensation")
    page.get_by_label("Beslutsdatum", exact=True).fill(decided.isoformat())
    page.get_by_label("Period från", exact=True).fill(first.isoformat())
    page.get_by_label("Retroaktivt belopp (netto) (frivilligt)").fill("30000,00")
    page.get_by_label("Retroaktiv period från (frivilligt)").fill(first.isoformat())
    page.get_by_label("Retroaktiv period till (frivilligt)").fill(end.isoformat())
    page.get_by_label("Utbetalningsdag för det retroaktiva beloppet (frivilligt)").fill(payout.isoformat())
    page.get_by_role("button", name="Registrera", exact=True).click()
    assert "är registrerad" in page.locator(".messages").inner_text()
    _logout(page)
    _nightly()  # the nightly run catches the decision if the notice has not already drafted it
    reclaim = Reclaim.objects.get(person=person)

    # The socialsekreterare finds the draft with the payout day as deadline, and sends it.
    browser_login(page, "sara.lind")
    page.get_by_role("link", name=reclaim.reference).first.click()
    assert f"Sista dag: {(payout - dt.timedelta(days=1)).isoformat()}" in page.locator("main").inner_text()
    page.get_by_label("Jag har kontrollerat beräkningen och vill skicka begäran").check()
    page.get_by_role("button", name="Skicka begäran").click()
    assert "är skickad till Försäkringskassan" in page.locator(".messages").inner_text()
    assert page.locator("#reclaim-status").inner_text() == "Skickad"
    _logout(page)

    # FK's official sees the incoming request and registers the payout split.
    browser_login(page, "fredrik.holm")
    page.get_by_role("link", name="Inkommande återsökningar").first.click()
    page.get_by_role("link", name=reclaim.reference).click()
    assert page.get_by_label("Utbetalt till socialnämnden (kr)").input_value() == "24000.00"
    page.get_by_role("button", name="Registrera utbetalning").click()
    assert page.locator("#reclaim-status").inner_text() == "Utbetald"
    _logout(page)

    # Both sides see the status; the person's letter of the outcome renders as PDF.
    browser_login(page, "sara.lind")
    page.goto(f"/atersokning/{reclaim.pk}/")
    assert page.locator("#reclaim-status").inner_text() == "Utbetald"
    href = page.get_by_role("link", name="Brev till personen om utfallet (PDF)").get_attribute("href")
    letter = page.request.get(live_server.url + href)
    assert letter.ok and letter.headers["content-type"] == "application/pdf"
    assert letter.body().startswith(b"%PDF")

    # A second retroactive decision for the same months: the bistånd is already reclaimed.
    benefit_decision_record(
        actor=User.objects.get(username="fredrik.holm"),
        organisation=fk,
        person=person,
        benefit="housing_allowance",
        decision_date=decided,
        period_start=add_months(first, 1),
        retroactive_amount=Decimal("5000.00"),
        retroactive_start=add_months(first, 1),
        retroactive_end=end,
        payout_date=payout,
    )
    _nightly()
    second = Reclaim.objects.exclude(pk=reclaim.pk).get(person=person)
    page.goto(f"/atersokning/{second.pk}/")
    page.get_by_label("Jag har kontrollerat beräkningen och vill skicka begäran").check()
    page.get_by_role("button", name="Skicka begäran").click()
    error = page.locator(".error-summary").inner_text()
    assert "har redan återsökts" in error and reclaim.reference in error
    assert "aldrig återsökas två gånger" in error
    assert page.locator("#reclaim-status").inner_text() == "Utkast"
