"""Done when (issue 9), in Debian's chromium: a demo person logs in, sees a lookup a socialsekreterare
made about them with its basis, withdraws a consent, and a following request that relied on it is
denied; axe-core finds no serious or critical violation on any portal page."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from samverkan.accounts.models import Organisation, User
from samverkan.cases.models import Case
from samverkan.consents.models import Consent
from samverkan.disclosures.services import disclosure_request
from samverkan.people.models import Person
from samverkan.portal import selectors
from tests.conftest import browser_login
from tests.portal.axe import assert_accessible
from tests.portal.conftest import fk_consent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOOKUP_PURPOSE = "Kontroll av förmåner vid ansökan om försörjningsstöd"


def _demo_client_at_fk() -> Person:
    """A listed demo person with an aktuellt ärende om ekonomiskt bistånd at Sörby and a case at FK."""
    for person in selectors.demo_persons():
        if person.protected_identity:
            continue
        cases = Case.objects.filter(members__person=person)
        if (
            cases.filter(organisation__code="sorby-socialnamnd", case_type="assistance", status="active").exists()
            and cases.filter(organisation__code="fk").exists()
        ):
            return person
    raise AssertionError("the demo list has no client of both Socialnämnden i Sörby and Försäkringskassan")


def _ask_fk(person: Person, categories: list[str]) -> Any:
    return disclosure_request(
        requester=User.objects.get(username="sara.lind"),
        discloser=Organisation.objects.get(code="fk"),
        person=person,
        case=None,
        categories=categories,
        purpose=LOOKUP_PURPOSE,
    )


def test_person_sees_a_lookup_withdraws_a_consent_and_the_next_request_is_denied(page: Any) -> None:
    person = _demo_client_at_fk()
    consent = fk_consent(User.objects.get(username="fredrik.holm"), person, categories=["work_capacity_assessment"])
    first = _ask_fk(person, ["benefit_granted", "work_capacity_assessment"])
    assert first.released == {"benefit_granted", "work_capacity_assessment"}

    # Log in from the demo list.
    page.goto("/mina-sidor/logga-in/")
    assert_accessible(page, name="inloggning")
    page.get_by_role("button", name=f"Logga in som {person.full_name}", exact=True).click()
    page.wait_for_url("**/mina-sidor/")
    expect(page.get_by_role("heading", name="Mina ärenden", level=1)).to_be_visible()
    assert person.full_name in page.locator("header").inner_text()
    assert_accessible(page, name="Mina ärenden")

    # The socialsekreterare's lookup, with its basis.
    page.get_by_role("link", name="Vem har sett mina uppgifter").click()
    page.wait_for_url("**/mina-sidor/vem-har-sett/")
    table = page.get_by_role("table", name="Utlämnanden av uppgifter om dig, det senaste först")
    lookup_rows = table.get_by_role("row").filter(has_text=LOOKUP_PURPOSE)
    duty_row = lookup_rows.filter(has_text="Vilken förmån, ersättning eller annat stöd som har beviljats")
    assert duty_row.count() == 1
    duty_text = duty_row.inner_text()
    assert "Begärt av: Socialsekreterare" in duty_text
    assert "Uppgiftsskyldighet" in duty_text and "15 kap. 10 § socialtjänstlagen (2025:400)" in duty_text
    assert LOOKUP_PURPOSE in duty_text
    consent_row = lookup_rows.filter(has_text="Bedömning av arbetsförmåga")
    assert "Ditt samtycke" in consent_row.inner_text()
    assert "Sara Lind" not in page.content()
    assert_accessible(page, name="Vem har sett mina uppgifter")

    # Withdraw the consent.
    page.get_by_role("link", name="Mina samtycken").click()
    page.wait_for_url("**/mina-sidor/samtycken/")
    assert_accessible(page, name="Mina samtycken")
    page.get_by_role(
        "link", name="Återkalla samtycket till Socialnämnden i Sörby kommun från Försäkringskassan"
    ).first.click()
    page.wait_for_url(f"**/mina-sidor/samtycken/{consent.pk}/aterkalla/")
    assert_accessible(page, name="Återkalla samtycke")
    page.get_by_role("button", name="Återkalla samtycket").click()
    page.wait_for_url("**/mina-sidor/samtycken/")
    assert "Samtycket är återkallat" in page.get_by_role("status").inner_text()
    consent.refresh_from_db()
    assert consent.status == Consent.Status.WITHDRAWN and consent.withdrawn_by_person

    # The next request that relied on it is denied, and the person sees that too.
    later = _ask_fk(person, ["work_capacity_assessment"])
    assert later.denied == {"work_capacity_assessment"} and not later.released
    page.get_by_role("link", name="Vem har sett mina uppgifter").click()
    newest = page.get_by_role("table").get_by_role("row").nth(1)
    assert "Lämnades inte ut" in newest.inner_text()
    assert "Bedömning av arbetsförmåga" in newest.inner_text()

    # Ask for a new consent: the form, and its error state.
    page.get_by_role("link", name="Mina samtycken").click()
    page.get_by_role("link", name="Begär ett nytt samtycke").click()
    page.wait_for_url("**/mina-sidor/samtycken/nytt/")
    assert_accessible(page, name="Begär ett nytt samtycke")
    page.get_by_role("button", name="Skicka begäran").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert "Välj vem som ska lämna ut uppgifterna" in page.get_by_role("alert").inner_text()
    assert_accessible(page, name="Begär ett nytt samtycke, med fel")

    # Log out; an official's session gets the portal's refusal page (checked too).
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url("**/mina-sidor/logga-in/")
    browser_login(page, "sara.lind")
    page.goto("/mina-sidor/")
    assert "Du är inloggad som tjänsteperson" in page.content()
    assert_accessible(page, name="Mina sidor för tjänsteperson")


@pytest.mark.django_db(transaction=False)
def test_the_axe_check_fails_on_an_inaccessible_page(browser: Any) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.set_content(
        '<!doctype html><html><head><title>t</title></head><body><img src="a.png"><button></button></body></html>'
    )
    with pytest.raises(AssertionError, match="button-name"):
        assert_accessible(page, name="trasig sida")
    context.close()
