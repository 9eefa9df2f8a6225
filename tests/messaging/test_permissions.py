"""Who sees which question: only the two parties; never the person's portal; wrong roles get 403."""

from __future__ import annotations

from typing import Any

import pytest

from samverkan.messaging.models import HIDDEN_FROM_PERSON, AdminQuestion
from samverkan.messaging.selectors import admin_questions_visible_to_person, questions_for_organisation
from samverkan.people.models import Person

pytestmark = pytest.mark.django_db


def test_both_parties_see_the_question(patient: Person, send_question: Any, client_for: Any) -> None:
    question = send_question(patient)
    for username in ("helena.strom", "fredrik.holm", "birgitta.wall"):
        assert client_for(username).get(f"/kommunikation/fragor/{question.pk}/").status_code == 200


def test_other_organisations_get_not_found(patient: Person, send_question: Any, client_for: Any) -> None:
    question = send_question(patient)
    assert client_for("ali.karimi").get(f"/kommunikation/fragor/{question.pk}/").status_code == 404
    assert client_for("sara.lind").get(f"/kommunikation/fragor/{question.pk}/").status_code == 404


def test_roles_outside_the_channel_are_refused(client_for: Any) -> None:
    assert client_for("pia.strand").get("/kommunikation/fragor/").status_code == 403
    assert client_for("karin.olsson").get("/kommunikation/fragor/").status_code == 403
    assert client_for("johan.dahl").get("/kommunikation/fragor/").status_code == 403  # samverkansansvarig: no cases


def test_everyone_may_use_mail_and_the_directory(client_for: Any) -> None:
    for username in ("pia.strand", "karin.olsson", "ingrid.sandberg"):
        client = client_for(username)
        assert client.get("/kommunikation/mejl/").status_code == 200
        assert client.get("/kommunikation/kontakter/").status_code == 200


def test_only_the_receiver_may_answer(patient: Person, send_question: Any, client_for: Any) -> None:
    question = send_question(patient)
    response = client_for("helena.strom").post(f"/kommunikation/fragor/{question.pk}/svara/", {"body": "Svar"})
    assert response.status_code == 404


def test_selector_scopes_to_the_parties(patient: Person, send_question: Any, user_named: Any) -> None:
    question = send_question(patient)
    assert question in questions_for_organisation(user_named("fredrik.holm").organisation)
    assert question not in questions_for_organisation(user_named("ali.karimi").organisation)


def test_admin_questions_are_never_shown_to_the_person(patient: Person, send_question: Any) -> None:
    send_question(patient)
    assert AdminQuestion.objects.filter(person=patient).exists()
    assert HIDDEN_FROM_PERSON is True
    assert list(admin_questions_visible_to_person(person=patient)) == []


def test_anonymous_is_sent_to_login(client: Any, world: None) -> None:
    response = client.get("/kommunikation/fragor/")
    assert response.status_code == 302
    assert "/konto/logga-in/" in response["Location"]


def test_communication_start_leads_each_role_to_its_page(client_for: Any) -> None:
    assert client_for("helena.strom").get("/kommunikation/")["Location"] == "/kommunikation/fragor/"
    assert client_for("pia.strand").get("/kommunikation/")["Location"] == "/kommunikation/kontakter/"
