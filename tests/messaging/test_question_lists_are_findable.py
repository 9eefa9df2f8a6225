"""The administrative questions page, filter and search (issue 21.2), with the person's number never in a URL."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from samverkan.messaging import selectors
from samverkan.messaging.services import admin_question_answer
from samverkan.messaging.views import questions as views
from samverkan.people.models import Person
from tests.messaging.conftest import patients_at

pytestmark = pytest.mark.django_db

LIST = "/kommunikation/fragor/"


def _link(pk: int) -> str:
    return f'"/kommunikation/fragor/{pk}/"'


def test_the_list_searches_by_personnummer_by_post_and_shows_a_token(
    patient: Person, send_question: Any, client_for: Any
) -> None:
    question = send_question(patient)
    assert reverse("messaging:questions") == LIST
    client = client_for("helena.strom")
    posted = client.post(LIST, {"q": patient.identity_number, "visa": "alla"})
    assert posted.status_code == 303
    assert patient.identity_number not in posted["Location"] and "sok=" in posted["Location"]
    page = client.get(posted["Location"]).content.decode()
    assert _link(question.pk) in page and "1 fråga " in page
    by_number = client.get(client.post(LIST, {"q": f"Fråga {question.pk}", "visa": "alla"})["Location"])
    assert _link(question.pk) in by_number.content.decode()
    other = client.get(client.post(LIST, {"q": "Ingen Sådan Person", "visa": "alla"})["Location"]).content.decode()
    assert _link(question.pk) not in other and "Inga frågor matchar" in other


def test_the_filters_are_plain_links(patient: Person, send_question: Any, client_for: Any) -> None:
    question = send_question(patient)
    client = client_for("helena.strom")
    assert _link(question.pk) in client.get(LIST + "?visa=vantar").content.decode()  # the old links still work
    assert _link(question.pk) not in client.get(LIST).content.decode()  # "Att besvara": received questions only
    assert _link(question.pk) in client.get(LIST + "?visa=alla&whose=mine").content.decode()
    assert _link(question.pk) in client.get(LIST + "?visa=alla&whose=unit&counterpart=fk").content.decode()
    assert _link(question.pk) not in client.get(LIST + "?visa=besvarade").content.decode()
    assert _link(question.pk) not in client.get(LIST + "?visa=alla&new_answers=on").content.decode()
    admin_question_answer(question=question, author=question.assigned_to, body="Vi bokar mötet.", secrecy_reviewed=True)
    assert _link(question.pk) in client.get(LIST + "?visa=alla&new_answers=on").content.decode()
    assert _link(question.pk) in client.get(LIST + "?visa=besvarade").content.decode()
    fk = client_for(question.assigned_to.username)  # the same test client, now logged in at FK
    assert _link(question.pk) in fk.get(LIST + "?visa=alla&whose=mine").content.decode()
    assert _link(question.pk) in fk.get(LIST + "?visa=alla&counterpart=region-malarmark").content.decode()
    assert _link(question.pk) not in fk.get(LIST + "?visa=alla&counterpart=sorby-socialnamnd").content.decode()


def test_bad_filters_are_refused_in_swedish(world: None, client_for: Any) -> None:
    client = client_for("helena.strom")
    bad = client.get(LIST + "?since=2026-12-01&until=2026-01-01")
    assert bad.status_code == 400 and "Slutdatumet ligger före startdatumet" in bad.content.decode()
    assert client.get(LIST + "?since=inte-ett-datum").status_code == 400


def test_the_list_pages(send_question: Any, client_for: Any, user_named: Any, monkeypatch: Any, world: None) -> None:
    for person in patients_at("vc-angen")[:2]:
        send_question(person)
    monkeypatch.setattr(views, "QUESTIONS_PER_PAGE", 1)
    helena = user_named("helena.strom")
    waiting = list(selectors.question_search(organisation=helena.organisation, user=helena, view="vantar"))
    assert len(waiting) >= 2
    client = client_for("helena.strom")
    first = client.get(LIST + "?visa=vantar").content.decode()
    second = client.get(LIST + "?visa=vantar&sida=2").content.decode()
    assert _link(waiting[0].pk) in first and _link(waiting[0].pk) not in second
    assert _link(waiting[1].pk) in second and "visa=vantar&amp;sida=2" in first
