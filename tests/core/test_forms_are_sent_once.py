"""Back after POST and submit again creates nothing new (issue 15).

Every create form carries a one-time token (``{% once_token %}``); the view (``@submitted_once``)
runs once per token and sends a repeated submission to what the first one created.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse

from samverkan.cases.models import Case
from samverkan.core.clock import now
from samverkan.core.models import FormSubmission
from samverkan.core.once import ALREADY_SENT, BEING_SENT, FIELD, TOO_OLD
from samverkan.people.models import Person
from tests.disclosures.conftest import Gate

pytestmark = pytest.mark.django_db

_TOKEN = re.compile(rf'name="{FIELD}" value="([^"]+)"')


def token_of(page: Any) -> str:
    found = _TOKEN.findall(page.content.decode())
    assert found, "formuläret saknar engångsnyckel"
    return found[0]


def _new_case_data(user: Any, person: Person, token: str) -> dict[str, Any]:
    return {
        "subject_identity_number": person.identity_number,
        "case_type": "assistance",
        "unit": user.unit_id,
        "opened_on": "2026-11-02",
        "summary": "",
        FIELD: token,
    }


def _person_without_case() -> Person:
    person = (
        Person.objects.filter(protected_identity=False, birth_date__lt=dt.date(2000, 1, 1))
        .exclude(cases__organisation__code="sorby-socialnamnd")
        .order_by("pk")
        .first()
    )
    assert person is not None
    return person


def _messages(client: Any, response: Any) -> str:
    return client.get(response["Location"]).content.decode()


def test_back_and_submit_again_creates_one_case_and_shows_the_first(client_for: Any, user_named: Any) -> None:
    client = client_for("sara.lind")
    sara = user_named("sara.lind")
    person = _person_without_case()
    token = token_of(client.get("/arenden/nytt/"))
    before = Case.objects.count()

    first = client.post("/arenden/nytt/", _new_case_data(sara, person, token))
    assert first.status_code == 302
    again = client.post("/arenden/nytt/", _new_case_data(sara, person, token))

    assert again.status_code == 302 and again["Location"] == first["Location"]
    assert Case.objects.count() == before + 1
    assert ALREADY_SENT in _messages(client, again)


def test_a_new_form_gets_a_new_token_and_creates_again(client_for: Any, user_named: Any) -> None:
    client = client_for("sara.lind")
    sara = user_named("sara.lind")
    person = _person_without_case()
    first = client.post("/arenden/nytt/", _new_case_data(sara, person, token_of(client.get("/arenden/nytt/"))))
    assert first.status_code == 302
    other = (
        Person.objects.filter(protected_identity=False, birth_date__lt=dt.date(2000, 1, 1))
        .exclude(cases__organisation__code="sorby-socialnamnd")
        .exclude(pk=person.pk)
        .order_by("pk")
        .first()
    )
    assert other is not None
    second = client.post("/arenden/nytt/", _new_case_data(sara, other, token_of(client.get("/arenden/nytt/"))))
    assert second.status_code == 302 and second["Location"] != first["Location"]


def test_a_form_with_errors_can_be_corrected_and_sent_with_the_same_token(client_for: Any, user_named: Any) -> None:
    client = client_for("sara.lind")
    sara = user_named("sara.lind")
    person = _person_without_case()
    token = token_of(client.get("/arenden/nytt/"))
    wrong = client.post("/arenden/nytt/", {**_new_case_data(sara, person, token), "subject_identity_number": "x"})
    assert wrong.status_code == 400
    assert not FormSubmission.objects.exists()
    right = client.post("/arenden/nytt/", _new_case_data(sara, person, token))
    assert right.status_code == 302
    assert Case.objects.filter(subject=person, organisation__code="sorby-socialnamnd").count() == 1


def test_a_submission_while_the_first_is_still_being_handled_creates_nothing(client_for: Any, user_named: Any) -> None:
    client = client_for("sara.lind")
    sara = user_named("sara.lind")
    person = _person_without_case()
    token = token_of(client.get("/arenden/nytt/"))
    token_id = token.split(":")[0].split(".")[0]
    FormSubmission.objects.create(owner=f"u:{sara.pk}", token=token_id, created_at=now())  # the first, in progress
    before = Case.objects.count()
    response = client.post("/arenden/nytt/", _new_case_data(sara, person, token))
    assert response.status_code == 302 and response["Location"] == "/arenden/nytt/"
    assert Case.objects.count() == before
    assert BEING_SENT in _messages(client, response)


def test_a_form_left_open_too_long_must_be_filled_in_again(client_for: Any, user_named: Any, move_clock: Any) -> None:
    client = client_for("sara.lind")
    sara = user_named("sara.lind")
    person = _person_without_case()
    token = token_of(client.get("/arenden/nytt/"))
    move_clock(now() + dt.timedelta(days=8))
    client.force_login(sara)  # the session itself ended after 30 idle minutes; the form page is still open
    before = Case.objects.count()
    response = client.post("/arenden/nytt/", _new_case_data(sara, person, token))
    assert response.status_code == 302 and Case.objects.count() == before
    assert TOO_OLD in _messages(client, response)


def test_a_tampered_token_is_ignored_and_the_form_works_as_before(client_for: Any, user_named: Any) -> None:
    client = client_for("sara.lind")
    sara = user_named("sara.lind")
    person = _person_without_case()
    response = client.post("/arenden/nytt/", _new_case_data(sara, person, "0" * 32 + ".1:forged"))
    assert response.status_code == 302
    assert not FormSubmission.objects.exists()


@pytest.mark.parametrize(
    ("username", "url_name", "needs_case"),
    [
        ("sara.lind", "cases:create", False),
        ("sara.lind", "cases:detail", True),  # "Lägg till i hushållet"
        ("sara.lind", "disclosures:request_create", True),
        ("sara.lind", "registries:case_lookup", True),
        ("sara.lind", "assistance:create", True),
        ("sara.lind", "assistance:runs", False),
        ("sara.lind", "reclaims:pending_create", True),
        ("sara.lind", "messaging:question_create", False),
        ("sara.lind", "messaging:email", False),
        ("sara.lind", "messaging:absence", False),
        ("ali.karimi", "consents:create", False),
        ("fredrik.holm", "rehab:create", False),
    ],
)
def test_every_create_form_carries_a_one_time_token(
    gate: Gate, client_for: Any, username: str, url_name: str, needs_case: bool
) -> None:
    url = reverse(url_name, args=[gate.case.pk]) if needs_case else reverse(url_name)
    response = client_for(username).get(url)
    assert response.status_code == 200, url
    token_of(response)
