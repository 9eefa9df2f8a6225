"""Done when: the security officer sees a lookup of a protected-identity person flagged and marks it
reviewed; the samordningsförbund sees charts where small cells are suppressed (Debian's chromium)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from samverkan.accounts.models import Organisation, User
from samverkan.consents.models import Consent
from samverkan.core import clock
from samverkan.people.models import Person
from samverkan.reports.models import ReviewMark
from samverkan.reports.statistics import add_months, first_of_month, month_label
from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_security_officer_marks_a_protected_identity_lookup_and_finsam_sees_suppressed_charts(page: Any) -> None:
    browser_login(page, "lars.ek")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Logggranskning").click()
    page.get_by_role("link", name="Slagning på person med skyddade personuppgifter").click()
    row = page.get_by_role("row").filter(has_text="Skyddade personuppgifter").filter(has_text="Sara Lind").first
    expect(row).to_be_visible()
    row.get_by_text("Markera som granskad").click()
    row.get_by_label("Anteckning").fill(
        "Slagningen gjordes i ärendet om ekonomiskt bistånd; kontrollerat med handläggaren."
    )
    row.get_by_role("button", name="Spara granskning").click()
    expect(page.get_by_text("Fyndet är markerat som granskat.")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Sara Lind").filter(has_text="Granskad").first).to_be_visible()
    assert ReviewMark.objects.filter(kind="protected_identity", reviewed_by__username="lars.ek").count() == 1

    # Two consents ten months ago at Försäkringskassan (a member): a cell of two persons.
    month = add_months(first_of_month(clock.today()), -10)
    fk, official = Organisation.objects.get(code="fk"), User.objects.get(username="fredrik.holm")
    for person in Person.objects.filter(cases__organisation=fk).distinct().order_by("pk")[:2]:
        Consent.objects.create(
            person=person,
            discloser=fk,
            recipient=Organisation.objects.get(code="sorby-socialnamnd"),
            categories=["identity"],
            purpose="Utredning",
            valid_from=month,
            valid_to=add_months(month, 11),
            taken_on=month,
            created_by=official,
        )

    page.get_by_role("button", name="Logga ut").click()
    browser_login(page, "ingrid.sandberg")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Samordningsförbundet").click()
    chart = page.get_by_role("img", name="Lämnade och återkallade samtycken per månad")
    expect(chart).to_be_visible()
    consents = page.locator("section", has=page.get_by_role("heading", name="Samtycken", exact=True))
    small = consents.get_by_role("row").filter(has=page.get_by_role("rowheader", name=month_label(month), exact=True))
    assert small.get_by_role("cell").first.inner_text() == "<5"
    # The chart marks a suppressed month with its symbol instead of drawing the bar.
    assert chart.locator("text").filter(has_text="<5").count() > 0
