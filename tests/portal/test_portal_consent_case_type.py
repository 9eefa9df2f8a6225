"""Mina sidor shows the kind of ärende each consent is given for, and a request for a new consent names it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client

from samverkan.consents.models import Consent
from samverkan.core.clock import today
from samverkan.people.models import Person
from tests.portal.conftest import PURPOSE, fk_consent


def test_the_consent_pages_and_the_api_show_the_kind_of_arende(
    person_client: Client, person: Person, user_named: Any
) -> None:
    consent = fk_consent(user_named("fredrik.holm"), person)
    page = person_client.get("/mina-sidor/samtycken/").content.decode()
    assert "Gäller ärende om: Ekonomiskt bistånd" in page
    mine = next(c for c in person_client.get("/api/v1/mina-sidor/samtycken").json() if c["id"] == consent.pk)
    assert mine["case_type"] == "assistance" and mine["case_type_label"] == "Ekonomiskt bistånd"


def test_a_request_without_a_kind_of_arende_or_with_one_the_recipient_lacks_is_refused(
    person_client: Client, person: Person, org: Any
) -> None:
    data: dict[str, Any] = {
        "discloser": org("fk").pk,
        "recipient": org("sorby-socialnamnd").pk,
        "categories": ["work_capacity_assessment"],
        "purpose": PURPOSE,
        "valid_to": (today() + dt.timedelta(days=60)).isoformat(),
    }
    before = Consent.objects.filter(person=person).count()
    missing = person_client.post("/mina-sidor/samtycken/nytt/", data)
    assert missing.status_code == 400
    assert "Välj i vilket slags ärende hos mottagaren uppgifterna ska användas." in missing.content.decode()
    wrong = person_client.post("/mina-sidor/samtycken/nytt/", {**data, "case_type": "jobseeker"})
    assert wrong.status_code == 400 and "handlägger inte ärenden av det slaget" in wrong.content.decode()
    assert Consent.objects.filter(person=person).count() == before
    ok = person_client.post("/mina-sidor/samtycken/nytt/", {**data, "case_type": "assistance"})
    assert ok.status_code == 302
    assert Consent.objects.filter(person=person, status=Consent.Status.REQUESTED).latest("pk").case_type == "assistance"
