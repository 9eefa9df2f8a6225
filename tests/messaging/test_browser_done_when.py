"""Done when (issue 8), in Debian's chromium: a rehab coordinator asks FK for an avstämningsmöte, FK's
official sees the deadline and answers; an overdue question shows on the dashboard and escalates;
an e-mail with a personnummer is blocked with a clear message."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from samverkan.core.clock import today
from samverkan.domain.deadlines import answer_deadline
from samverkan.messaging.models import AdminQuestion
from tests.conftest import browser_login
from tests.messaging.conftest import case_of, patients_at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _logout(page: Any) -> None:
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url("**/konto/logga-in/**")


def test_admin_question_deadline_escalation_and_blocked_email(page: Any) -> None:
    patient = patients_at("vc-angen")[0]
    case = case_of(patient, "region-malarmark")

    # 1. The rehab coordinator asks FK for an avstämningsmöte from the case page.
    browser_login(page, "helena.strom")
    page.goto(f"/arenden/{case.pk}/")
    page.get_by_role("link", name="Ställ en administrativ fråga").click()
    page.get_by_label("Ämne").select_option(label="Avstämningsmöte")
    page.get_by_label("Fråga", exact=True).fill("Vi önskar ett avstämningsmöte om återgång i arbete.")
    page.get_by_label("Varför avstämningsmöte önskas").fill("Patienten vill pröva arbete på deltid.")
    page.get_by_label("Personen har lämnat sitt samtycke").check()
    page.get_by_role("button", name="Skicka frågan").click()
    expect(page.get_by_text("Frågan är skickad till Försäkringskassan.")).to_be_visible()
    question = AdminQuestion.objects.get(person=patient, topic="review_meeting")
    deadline = answer_deadline(today()).isoformat()
    assert question.deadline.isoformat() == deadline
    _logout(page)

    # 2. FK's official sees it, with its deadline, and answers.
    browser_login(page, "fredrik.holm")
    page.get_by_role("link", name="Administrativa frågor").first.click()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=f"Fråga {question.pk}", exact=True))
    assert deadline in row.inner_text()
    row.get_by_role("link", name=f"Fråga {question.pk}", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == f"Avstämningsmöte – fråga {question.pk}"
    assert f"{deadline} – Inom svarstiden" in page.locator("dl.facts").first.inner_text()
    assert "Helena Ström" in page.get_by_role("region", name="Avsändare").inner_text()
    page.get_by_role("textbox", name="Svar", exact=True).fill(
        "Vi bokar ett digitalt avstämningsmöte den 3 december kl. 10."
    )
    page.get_by_label("Jag har prövat sekretessen").check()
    page.get_by_role("button", name="Skicka svaret").click()
    expect(page.get_by_text("Svaret är skickat till Region Mälarmark.")).to_be_visible()
    assert "Besvarad" in page.locator("dl.facts").first.inner_text()

    # 3. The overdue question (from the demo world) is on the unit's dashboard and escalates.
    overdue = AdminQuestion.objects.get(sender__username="helena.strom", topic="other", status="open")
    page.get_by_role("link", name="Översikt per enhet").click()
    overdue_table = page.get_by_role("table", name="Frågor där svarstiden har gått ut")
    overdue_row = overdue_table.get_by_role("row").filter(has_text=f"Fråga {overdue.pk}")
    assert re.search(r"Nej\s*$", overdue_row.inner_text())
    call_command("messaging", "remind", "--no-progress")  # the daily run
    page.reload()
    assert "Birgitta Wall" in overdue_row.inner_text()

    # 4. An e-mail with a personnummer is blocked and the official is told what to remove.
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Mejl").click()
    page.get_by_label("Kontaktförfrågan").check()
    page.get_by_label("Till").select_option(
        label="Helena Ström – Rehabkoordinator (Vårdcentralen Ängen, Region Mälarmark)"
    )
    page.get_by_label("Ämne").fill("Avstämning")
    page.get_by_label("Meddelande").fill(f"Hej! Gäller {patient.identity_number}. Ring mig.")
    page.get_by_role("button", name="Skicka mejlet").click()
    alert = page.get_by_role("alert")
    assert "Mejlet skickades inte" in alert.inner_text()
    assert f"Ta bort personnumret {patient.identity_number[:9]}****" in alert.inner_text()
    assert "administrativ fråga" in alert.inner_text()
