"""Mina sidor over JSON: the person's own data with the portal session; officials and strangers get nothing."""

from __future__ import annotations

from typing import Any

from django.test import Client

from samverkan.consents.models import Consent
from samverkan.people.models import Person
from tests.portal.conftest import fk_consent, portal_login


def test_person_reads_own_matters_consents_and_disclosures(
    person_client: Client, person: Person, user_named: Any
) -> None:
    consent = fk_consent(user_named("fredrik.holm"), person)

    matters = person_client.get("/api/v1/mina-sidor/arenden").json()
    consents = person_client.get("/api/v1/mina-sidor/samtycken").json()
    disclosures = person_client.get("/api/v1/mina-sidor/utlamnanden")

    assert {m["organisation"] for m in matters} >= {"Socialnämnden i Sörby kommun", "Försäkringskassan"}
    mine = next(c for c in consents if c["id"] == consent.pk)
    assert mine["categories"] == ["Bedömning av arbetsförmåga"] and mine["withdrawable"] is True
    assert disclosures.status_code == 200 and isinstance(disclosures.json(), list)


def test_person_withdraws_own_consent_over_the_api(
    client: Client, demo_mode: None, person: Person, user_named: Any
) -> None:
    consent = fk_consent(user_named("fredrik.holm"), person)
    client = Client(enforce_csrf_checks=False)
    portal_login(client, person)

    response = client.post(f"/api/v1/mina-sidor/samtycken/{consent.pk}/aterkalla")

    assert response.status_code == 200
    assert response.json()["status_code"] == "withdrawn"
    consent.refresh_from_db()
    assert consent.status == Consent.Status.WITHDRAWN and consent.withdrawn_by_person
    again = client.post(f"/api/v1/mina-sidor/samtycken/{consent.pk}/aterkalla")
    assert again.status_code == 400 and "kan inte återkallas" in again.json()["error"]


def test_withdraw_over_the_api_needs_the_csrf_token(demo_mode: None, person: Person, user_named: Any) -> None:
    consent = fk_consent(user_named("fredrik.holm"), person)
    client = Client(enforce_csrf_checks=True)
    portal_login_csrf = client.get("/mina-sidor/logga-in/")
    token = portal_login_csrf.cookies["csrftoken"].value
    client.post(f"/mina-sidor/logga-in/demo/{person.pk}/", {"csrfmiddlewaretoken": token})

    assert client.post(f"/api/v1/mina-sidor/samtycken/{consent.pk}/aterkalla").status_code == 403
    consent.refresh_from_db()
    assert consent.status == Consent.Status.ACTIVE


def test_another_persons_consent_is_not_found(person_client: Client, other_person: Person, user_named: Any) -> None:
    consent = fk_consent(user_named("fredrik.holm"), other_person)
    assert person_client.post(f"/api/v1/mina-sidor/samtycken/{consent.pk}/aterkalla").status_code == 404
    assert consent.pk not in {c["id"] for c in person_client.get("/api/v1/mina-sidor/samtycken").json()}


def test_officials_and_anonymous_callers_are_refused(client_for: Any) -> None:
    assert Client().get("/api/v1/mina-sidor/arenden").status_code == 401
    assert client_for("sara.lind").get("/api/v1/mina-sidor/utlamnanden").status_code == 401
