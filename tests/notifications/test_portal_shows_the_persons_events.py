"""Mina sidor: the person sees the events that concern them under "Händelser", and no one else's."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from samverkan.accounts.models import Organisation
from samverkan.notifications.services import notify_person
from samverkan.people.models import Person
from tests.portal.conftest import assistance_client_at_fk, portal_login

pytestmark = pytest.mark.django_db


def test_the_person_sees_their_events_and_not_anothers(world: None, settings: Any) -> None:
    settings.DEMO_MODE = True
    person = assistance_client_at_fk()
    other = assistance_client_at_fk(exclude=(person.pk,))
    fk = Organisation.objects.get(code="fk")
    with transaction.atomic():
        notify_person(
            person=person,
            kind="meeting_booked",
            title="Du är kallad till ett avstämningsmöte med Försäkringskassan 2026-11-25 kl. 10:00.",
            link="/mina-sidor/#meetings-heading",
            organisation=fk,
        )
        notify_person(
            person=other,
            kind="reclaim_paid",
            title="Någon annans händelse.",
            link="/mina-sidor/#reclaims-heading",
            organisation=fk,
        )
    page = portal_login(Client(), person).get("/mina-sidor/").content.decode()
    assert "Händelser" in page
    assert "Du är kallad till ett avstämningsmöte med Försäkringskassan 2026-11-25 kl. 10:00." in page
    assert "Någon annans händelse." not in page


def test_no_events_says_so(world: None, settings: Any) -> None:
    settings.DEMO_MODE = True
    person: Person = assistance_client_at_fk()
    page = portal_login(Client(), person).get("/mina-sidor/").content.decode()
    assert "Händelser" in page
