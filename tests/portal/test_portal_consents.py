"""Mina samtycken: every consent about the person; withdraw one (at once, audited); ask for a new one."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from samverkan.consents.models import Consent
from samverkan.consents.services import consent_confirm
from samverkan.core.clock import today
from samverkan.disclosures.models import AuditEntry
from samverkan.disclosures.services import disclosure_request
from samverkan.domain.consent import latest_valid_to
from samverkan.people.models import Person
from tests.portal.conftest import PURPOSE, fk_consent

WORK_CAPACITY = "Bedömning av arbetsförmåga"


def _ask_fk(user_named: Any, org: Any, person: Person) -> Any:
    return disclosure_request(
        requester=user_named("sara.lind"),
        discloser=org("fk"),
        person=person,
        case=None,
        categories=["work_capacity_assessment"],
        purpose=PURPOSE,
    )


def test_every_consent_is_listed_with_parties_swedish_categories_and_validity(
    person_client: Client, person: Person, user_named: Any
) -> None:
    consent = fk_consent(user_named("fredrik.holm"), person, categories=["work_capacity_assessment", "sgi"])

    page = person_client.get("/mina-sidor/samtycken/").content.decode()

    assert "Försäkringskassan" in page and "Socialnämnden i Sörby kommun" in page
    assert WORK_CAPACITY in page
    assert "Sjukpenninggrundande inkomst (SGI)" in page
    assert "work_capacity_assessment" not in page
    assert PURPOSE in page
    assert f"/mina-sidor/samtycken/{consent.pk}/aterkalla/" in page


def test_withdrawing_takes_effect_at_once_for_the_next_request_and_is_audited(
    person_client: Client, person: Person, user_named: Any, org: Any
) -> None:
    consent = fk_consent(user_named("fredrik.holm"), person)
    assert _ask_fk(user_named, org, person).released == {"work_capacity_assessment"}
    url = f"/mina-sidor/samtycken/{consent.pk}/aterkalla/"

    confirm = person_client.get(url)
    assert confirm.status_code == 200
    assert "Återkalla samtycket" in confirm.content.decode()
    response = person_client.post(url)

    assert response.status_code == 302 and response["Location"] == "/mina-sidor/samtycken/"
    consent.refresh_from_db()
    assert consent.status == Consent.Status.WITHDRAWN
    assert consent.withdrawn_on == today()
    assert consent.withdrawn_by_person is True and consent.withdrawn_by_user is None
    entry = AuditEntry.objects.filter(event="consent.withdrawn", person=person).order_by("-sequence").first()
    assert entry is not None and entry.actor is None
    assert entry.extra["consent_id"] == consent.pk and entry.extra["withdrawn_by"] == "person"
    later = _ask_fk(user_named, org, person)
    assert later.denied == {"work_capacity_assessment"}
    assert later.released == frozenset()
    page = person_client.get("/mina-sidor/samtycken/").content.decode()
    assert "Återkallat" in page and "av dig" in page


def test_a_withdrawn_consent_cannot_be_withdrawn_again(person_client: Client, person: Person, user_named: Any) -> None:
    consent = fk_consent(user_named("fredrik.holm"), person)
    url = f"/mina-sidor/samtycken/{consent.pk}/aterkalla/"
    person_client.post(url)

    again = person_client.post(url)

    assert again.status_code == 400
    assert "kan inte återkallas" in again.content.decode()
    assert person_client.get(url).status_code == 302  # the confirmation page is not offered


def test_person_asks_for_a_new_consent_which_counts_only_once_the_agency_confirms_it(
    person_client: Client, person: Person, user_named: Any, org: Any
) -> None:
    valid_to = today() + dt.timedelta(days=120)
    response = person_client.post(
        "/mina-sidor/samtycken/nytt/",
        {
            "discloser": org("fk").pk,
            "recipient": org("sorby-socialnamnd").pk,
            "case_type": "assistance",
            "categories": ["work_capacity_assessment"],
            "purpose": PURPOSE,
            "valid_to": valid_to.isoformat(),
        },
    )

    assert response.status_code == 302
    consent = Consent.objects.get(person=person, status=Consent.Status.REQUESTED, purpose=PURPOSE)
    assert consent.discloser == org("fk") and consent.recipient == org("sorby-socialnamnd")
    assert consent.categories == ["work_capacity_assessment"] and consent.valid_to == valid_to
    assert AuditEntry.objects.filter(event="consent.requested", person=person, actor__isnull=True).exists()
    page = person_client.get("/mina-sidor/samtycken/").content.decode()
    assert "Begärt av personen, ej bekräftat" in page
    assert "ska kontrollera och registrera det" in page

    # Not a basis until Försäkringskassan itself has checked it (docs/domain.md §4).
    assert _ask_fk(user_named, org, person).denied == {"work_capacity_assessment"}
    consent_confirm(consent=consent, confirmed_by=user_named("fredrik.holm"), form="written", taken_on=today())
    assert _ask_fk(user_named, org, person).released == {"work_capacity_assessment"}


def test_the_request_form_offers_only_agencies_with_a_case_about_the_person(
    person_client: Client, person: Person, org: Any
) -> None:
    page = person_client.get("/mina-sidor/samtycken/nytt/").content.decode()
    assert f'<option value="{org("fk").pk}">' in page
    assert "Samordningsförbundet" not in page
    assert f'value="{latest_valid_to(today()).isoformat()}"' in page


@pytest.mark.parametrize(
    ("change", "field_text"),
    [
        ({"purpose": "allt"}, "är för allmänt"),
        ({"categories": []}, "Välj minst en uppgift"),
        ({"valid_to": "2099-01-01"}, "högst 12 månader"),
        ({"valid_to": "31/12"}, "ÅÅÅÅ-MM-DD"),
        ({"categories": ["jobseeker_category"]}, "har inte de här uppgifterna"),
        ({"recipient": "fk"}, "Välj en annan organisation"),
        ({"categories": ["admin_question"]}, "Välj uppgifter i listan"),
    ],
)
def test_bad_request_gets_a_swedish_error_and_nothing_is_stored(
    person_client: Client, person: Person, org: Any, change: dict[str, Any], field_text: str
) -> None:
    data: dict[str, Any] = {
        "discloser": org("fk").pk,
        "recipient": org("sorby-socialnamnd").pk,
        "case_type": "assistance",
        "categories": ["work_capacity_assessment"],
        "purpose": PURPOSE,
        "valid_to": (today() + dt.timedelta(days=60)).isoformat(),
    }
    data.update(change)
    if data["recipient"] == "fk":
        data["recipient"] = org("fk").pk
    before = Consent.objects.filter(person=person).count()

    response = person_client.post("/mina-sidor/samtycken/nytt/", data)

    assert response.status_code == 400
    assert field_text in response.content.decode()
    assert "Rätta följande" in response.content.decode() or "Det gick inte att skicka" in response.content.decode()
    assert Consent.objects.filter(person=person).count() == before
