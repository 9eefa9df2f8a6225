"""Done when (issue 7), in Debian's chromium: an FK official coordinates a person without employer with
AF and vård, books a digital avstämningsmöte only after the checklist, and the rehab coordinator sees it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from samverkan.core.clock import today
from samverkan.rehab.models import RehabCoordination
from tests.conftest import browser_login
from tests.rehab.conftest import fresh_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _register_consent(page: Any, recipient: str) -> None:
    page.locator("summary", has_text="Registrera samtycke för en aktör").click()
    page.get_by_label("Aktör som Försäkringskassan får samverka med").select_option(label=recipient)
    page.get_by_label("Anteckningar från avstämningsmöten").check()
    page.get_by_role("button", name="Registrera samtycket").click()
    expect(page.get_by_text(f"Samtycket för samverkan med {recipient.split(' (')[0]} är registrerat")).to_be_visible()


def _add_measure(page: Any, description: str, kind: str, need_area: str, responsible: str) -> None:
    page.get_by_role("link", name="Lägg till insats").click()
    page.get_by_label("Insats", exact=True).fill(description)
    page.get_by_label("Slag av insats").select_option(label=kind)
    page.get_by_label("Behovsområde").select_option(label=need_area)
    page.get_by_label("Ansvarig aktör").select_option(label=responsible)
    page.get_by_label("Uppföljning").fill((today() + dt.timedelta(days=21)).isoformat())
    page.get_by_role("button", name="Spara insatsen").click()
    expect(page.get_by_role("cell", name=description, exact=True)).to_be_visible()


def test_fk_coordinates_without_employer_books_a_digital_meeting_and_vard_sees_it(page: Any) -> None:
    person, _sick_leave, _af_case = fresh_person()
    meeting_day = today() + dt.timedelta(days=10)

    browser_login(page, "fredrik.holm")
    page.get_by_role("link", name="Rehabsamordning").click()
    page.get_by_role("link", name="Ny samordning").click()
    page.get_by_label("Den försäkrades personnummer eller samordningsnummer").fill(person.identity_number)
    page.get_by_label("Hur inleddes ärendet?").select_option("application")
    page.get_by_label("Har personen en arbetsgivare?").select_option("no")
    page.get_by_label("Har personen sjukpenninggrundande inkomst (SGI)?").select_option("no")
    page.get_by_label("Är arbetsförmågan nedsatt på grund av sjukdom?").select_option("yes")
    page.get_by_role("button", name="Spara").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Samordning av rehabiliteringsinsatser")
    expect(page.get_by_text("Personen saknar arbetsgivare: Försäkringskassan samordnar")).to_be_visible()
    _register_consent(page, "Arbetsförmedlingen (Arbetsförmedlingen)")
    _register_consent(page, "Region Mälarmark (Hälso- och sjukvård)")
    _add_measure(
        page,
        "Arbetsträning via Arbetsförmedlingen",
        "Arbetslivsinriktad",
        "Arbete och sysselsättning",
        "Arbetsförmedlingen (Arbetsförmedlingen)",
    )
    _add_measure(
        page, "Fysioterapi på vårdcentralen", "Medicinsk", "Medicinska behov", "Region Mälarmark (Hälso- och sjukvård)"
    )

    page.locator("summary", has_text="Begär avstämningsmöte").click()
    page.get_by_label("Varför behövs avstämningsmötet?").fill("Stämma av arbetsträning och fysioterapi.")
    page.get_by_role("button", name="Begär avstämningsmöte").click()
    expect(page.get_by_role("heading", name="Deltagare")).to_be_visible()
    page.get_by_label("Part", exact=True).select_option(label="Sörby Bygg AB (Arbetsgivare)")
    page.get_by_role("button", name="Bjud in").click()
    summary = page.get_by_role("alert").inner_text()
    assert "arbetsgivaren" in summary and "samtycke" in summary and "30 kap. 10 §" in summary

    for party in ("Arbetsförmedlingen (Arbetsförmedlingen)", "Region Mälarmark (Hälso- och sjukvård)"):
        page.get_by_label("Part", exact=True).select_option(label=party)
        page.get_by_role("button", name="Bjud in").click()
        expect(page.get_by_text(f"{party.split(' (')[0]} är inbjuden till mötet")).to_be_visible()

    def book() -> None:
        page.get_by_label("Mötesdag").fill(meeting_day.isoformat())
        page.get_by_label("Klockan").fill("10:00")
        page.get_by_label("Mötesform").select_option(label="Digitalt")
        page.get_by_role("button", name="Boka avstämningsmöte").click()

    book()
    assert "checklistan för digitala möten är bekräftad" in page.get_by_role("alert").inner_text()
    assert page.locator("#meeting-status").inner_text() == "Begärt"

    page.get_by_label("Personen har sagt ja till att delta i ett digitalt möte").check()
    page.get_by_label("Ett digitalt möte passar personens förutsättningar").check()
    page.get_by_label("Personen deltar hos").select_option("healthcare")
    page.get_by_label("Personen har själv valt hos vilken part hen deltar").check()
    page.get_by_label("Legitimation kontrolleras av").select_option("healthcare")
    for party in ("Försäkringskassan", "Arbetsförmedlingen", "Hälso- och sjukvården"):
        page.get_by_role("checkbox", name=party, exact=True).check()
    page.get_by_label("Alla deltagare är påminda om att sekretessbelagda uppgifter aldrig skrivs i chatten").check()
    page.get_by_role("button", name="Bekräfta checklistan").click()
    expect(page.get_by_text("Checklistan för digitalt möte är bekräftad.")).to_be_visible()
    book()
    expect(page.get_by_text("Avstämningsmötet är bokat.")).to_be_visible()
    assert page.locator("#meeting-status").inner_text() == "Bokat"
    coordination = RehabCoordination.objects.get(case__subject=person)

    page.get_by_role("button", name="Logga ut").click()
    browser_login(page, "helena.strom")
    page.get_by_role("link", name="Sjukskrivna patienter").first.click()
    row = page.get_by_role("row").filter(has_text=person.identity_number)
    assert "Inte begärd" in row.inner_text(), "the overview never asks the gate by itself"
    row.get_by_role("link", name=person.full_name).click()
    page.get_by_role("button", name="Hämta planen").click()
    expect(page.get_by_text("begäran är loggad", exact=False).first).to_be_visible()
    page.get_by_role("link", name="Sjukskrivna patienter").first.click()
    row = page.get_by_role("row").filter(has_text=person.identity_number)
    text = row.inner_text()
    assert meeting_day.isoformat() in text and "digitalt" in text
    assert coordination.case.reference in text and "aktuellt" in text.lower()
    row.get_by_role("combobox").select_option(label="Aktiv")
    row.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Koordineringsstatus är sparad.")).to_be_visible()
    assert (
        page.get_by_role("row").filter(has_text=person.identity_number).get_by_role("combobox").input_value()
        == "active"
    )
