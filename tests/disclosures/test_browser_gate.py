"""Done when (issue 3): in the browser, a socialsekreterare gets Arbetsförmedlingen's duty categories at
once and sees a consent-based AF item wait in AF's review queue; an AF official then approves it."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from samverkan.cases.models import Case
from samverkan.consents.models import Consent
from samverkan.disclosures.demo import PURPOSE_CASE_NOTES
from samverkan.disclosures.models import ReviewTask
from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CASE_NOTES = "Journal- och handläggningsanteckningar"


def test_socialsekreterare_gets_af_duty_data_at_once_and_af_reviews_the_consent_item(page: Any) -> None:
    consent = (
        Consent.objects.filter(discloser__code="af", purpose=PURPOSE_CASE_NOTES, status="active")
        .select_related("person")
        .order_by("pk")
        .first()
    )
    assert consent is not None, "demodata: Arbetsförmedlingens samtycke saknas"
    person = consent.person
    case = Case.objects.get(
        organisation__code="sorby-socialnamnd", case_type="assistance", status="active", members__person=person
    )

    browser_login(page, "sara.lind")
    page.goto(f"/arenden/{case.pk}/")
    page.get_by_role("link", name="Begär uppgifter").click()
    page.get_by_label("Organisation som har uppgifterna").select_option(label="Arbetsförmedlingen")
    page.get_by_label("Person i hushållet").select_option(label=f"{person.full_name} ({person.identity_number})")
    page.get_by_label("Namn, personnummer och samordningsnummer").check()
    page.get_by_label("Sökandekategori").check()
    page.get_by_label("Datum för senaste aktivitetsrapport").check()
    page.get_by_label(CASE_NOTES).check()
    page.get_by_role("button", name="Skicka begäran").click()

    answer = page.get_by_role("table", name="Beslut per begärd uppgift")
    expect(answer.get_by_role("row", name="Sökandekategori").get_by_text("Lämnas ut")).to_be_visible()
    expect(
        answer.get_by_role("row", name="Datum för senaste aktivitetsrapport").get_by_text("Lämnas ut")
    ).to_be_visible()
    expect(answer.get_by_role("row", name=CASE_NOTES).get_by_text("Väntar på sekretessprövning")).to_be_visible()
    expect(page.get_by_text(person.identity_number).first).to_be_visible()
    page.get_by_text("Varför?").first.click()
    expect(page.get_by_text("5 § förordningen (2008:975)").first).to_be_visible()
    page.get_by_role("button", name="Logga ut").click()
    browser_login(page, "ali.karimi")
    page.get_by_role("link", name="Granskning", exact=True).click()
    page.get_by_role("link", name=f"Pröva {CASE_NOTES} om {person.full_name}").click()
    page.get_by_label("Lämna ut", exact=True).check()
    page.get_by_label("Motivering").fill("Skriftligt samtycke finns hos Arbetsförmedlingen. Inget men för personen.")
    page.get_by_role("button", name="Spara beslutet").click()
    expect(page.get_by_text("Beslutet är sparat: uppgiften lämnas ut.")).to_be_visible()
    task = ReviewTask.objects.filter(request__person=person, category="case_notes").latest("pk")
    assert task.status == ReviewTask.Status.APPROVED and task.decided_by is not None
    assert task.decided_by.username == "ali.karimi"
