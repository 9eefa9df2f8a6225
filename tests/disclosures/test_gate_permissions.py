"""Who may see and do what at the gate: the two parties only; AF's review tasks only for AF."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from samverkan.disclosures.models import ReviewTask
from samverkan.disclosures.services import disclosure_request
from tests.disclosures.conftest import Gate

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(gate: Gate) -> ReviewTask:
    gate.consent(categories=["case_notes"])
    result = disclosure_request(
        requester=gate.social_worker,
        discloser=gate.af,
        person=gate.client,
        case=gate.case,
        categories=["jobseeker_category", "case_notes"],
        purpose="Utredning av rätt till ekonomiskt bistånd",
    )
    return ReviewTask.objects.get(request=result.request)


def test_a_third_organisation_never_sees_the_request(queued: ReviewTask, client_for: Any) -> None:
    url = reverse("disclosures:request_detail", args=[queued.request_id])
    assert client_for("sara.lind").get(url).status_code == 200
    assert client_for("ali.karimi").get(url).status_code == 200
    assert client_for("fredrik.holm").get(url).status_code == 404
    assert client_for("helena.strom").get(url).status_code == 404
    assert client_for("fredrik.holm").get(f"/api/v1/disclosures/{queued.request_id}").status_code == 404


def test_a_social_worker_cannot_decide_afs_review_tasks(queued: ReviewTask, client_for: Any) -> None:
    client = client_for("sara.lind")
    url = reverse("disclosures:review_detail", args=[queued.pk])
    assert client.get(reverse("disclosures:review_queue")).status_code == 403
    assert client.get(url).status_code == 403
    assert client.post(url, {"decision": "approve", "motivation": "Jag bestämmer."}).status_code == 403
    queued.refresh_from_db()
    assert queued.is_open


def test_another_agencys_official_gets_404_for_afs_review_task(queued: ReviewTask, client_for: Any) -> None:
    client = client_for("fredrik.holm")
    url = reverse("disclosures:review_detail", args=[queued.pk])
    assert client.get(reverse("disclosures:review_queue")).status_code == 200
    assert client.get(url).status_code == 404
    assert client.post(url, {"decision": "approve", "motivation": "Jag bestämmer."}).status_code == 404
    queued.refresh_from_db()
    assert queued.is_open
    assert f"/granskning/{queued.pk}/" not in client.get(reverse("disclosures:review_queue")).content.decode()


def test_only_social_services_ask_from_a_case_page(gate: Gate, client_for: Any) -> None:
    url = reverse("disclosures:request_create", args=[gate.case.pk])
    assert client_for("ali.karimi").get(url).status_code == 403
    assert client_for("lars.ek").get(url).status_code == 403  # security officer: no case role


def test_another_organisations_case_is_not_found(gate: Gate, client_for: Any) -> None:
    from samverkan.cases.models import Case

    foreign = Case.objects.exclude(organisation=gate.sorby).first()
    assert foreign is not None
    assert client_for("sara.lind").get(reverse("disclosures:request_create", args=[foreign.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_login(client: Any, world: None) -> None:
    for url in [reverse("disclosures:request_list"), reverse("disclosures:review_queue"), reverse("consents:list")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert client.get("/api/v1/disclosures/").status_code == 401
