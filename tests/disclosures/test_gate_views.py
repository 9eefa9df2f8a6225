"""The gate's pages: "Begär uppgifter" from a case, the answer with "Varför?", the review queue."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from samverkan.disclosures.models import AuditEntry, DisclosureRequest, ReviewTask
from tests.disclosures.conftest import AF_DUTY, Gate

pytestmark = pytest.mark.django_db


def _post_request(client: Any, gate: Gate, categories: list[str], **extra: str) -> Any:
    data = {
        "discloser": str(gate.af.pk),
        "person": str(gate.client.pk),
        "categories": categories,
        "purpose": "Utredning av rätt till ekonomiskt bistånd",
        "period_start": "",
        "period_end": "",
        **extra,
    }
    return client.post(reverse("disclosures:request_create", args=[gate.case.pk]), data)


def test_case_page_offers_begar_uppgifter_to_the_social_worker(gate: Gate, client_for: Any) -> None:
    page = client_for("sara.lind").get(reverse("cases:detail", args=[gate.case.pk])).content.decode()
    assert "Begär uppgifter" in page
    assert reverse("disclosures:request_create", args=[gate.case.pk]) in page


def test_request_form_lists_household_and_grouped_categories_in_swedish(gate: Gate, client_for: Any) -> None:
    response = client_for("sara.lind").get(reverse("disclosures:request_create", args=[gate.case.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Uppgifter som omfattas av uppgiftsskyldighet" in page
    assert "Övriga uppgifter" in page
    assert "Sökandekategori" in page
    assert gate.client.full_name in page
    assert "Arbetsförmedlingen" in page


def test_socialsekreterare_gets_afs_duty_categories_at_once_and_sees_why(gate: Gate, client_for: Any) -> None:
    gate.consent(categories=["case_notes"])
    client = client_for("sara.lind")
    response = _post_request(client, gate, [*AF_DUTY, "case_notes"])
    assert response.status_code == 302
    stored = DisclosureRequest.objects.latest("pk")
    assert response["Location"] == reverse("disclosures:request_detail", args=[stored.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Lämnas ut" in page
    assert "Väntar på sekretessprövning" in page
    assert "5 § förordningen (2008:975)" in page
    assert "Varför?" in page
    assert "Regelversion" in page
    assert gate.client.identity_number in page  # the released identity category
    assert ReviewTask.objects.filter(request=stored, organisation=gate.af, status="open").count() == 1


def test_bad_input_in_the_form_is_refused_in_swedish_and_nothing_is_stored(gate: Gate, client_for: Any) -> None:
    client = client_for("sara.lind")
    before = (DisclosureRequest.objects.count(), AuditEntry.objects.count())
    unknown = _post_request(client, gate, ["jobseeker_category", "skostorlek"])
    assert unknown.status_code == 400
    assert "Okänd uppgiftskategori" in unknown.content.decode()
    bad_date = _post_request(client, gate, ["jobseeker_category"], period_start="2026-13-40", period_end="2026-11-01")
    assert bad_date.status_code == 400
    assert "Period från" in bad_date.content.decode()
    none = _post_request(client, gate, [])
    assert none.status_code == 400
    assert "Välj minst en uppgift" in none.content.decode()
    assert (DisclosureRequest.objects.count(), AuditEntry.objects.count()) == before


def test_af_official_approves_in_the_review_queue_and_the_requester_sees_the_outcome(
    gate: Gate, client_for: Any
) -> None:
    gate.consent(categories=["case_notes"])
    _post_request(client_for("sara.lind"), gate, ["case_notes"])
    task = ReviewTask.objects.filter(organisation=gate.af, status="open").latest("pk")
    af = client_for("ali.karimi")
    queue = af.get(reverse("disclosures:review_queue")).content.decode()
    assert gate.client.full_name in queue and "Journal- och handläggningsanteckningar" in queue
    missing = af.post(reverse("disclosures:review_detail", args=[task.pk]), {"decision": "approve", "motivation": ""})
    assert missing.status_code == 400
    assert "Skriv en motivering" in missing.content.decode()
    done = af.post(
        reverse("disclosures:review_detail", args=[task.pk]),
        {"decision": "approve", "motivation": "Skriftligt samtycke finns."},
    )
    assert done.status_code == 302
    task.refresh_from_db()
    assert task.status == "approved"
    page = client_for("sara.lind").get(reverse("disclosures:request_detail", args=[task.request_id])).content.decode()
    assert "efter sekretessprövning" in page
    assert "Skriftligt samtycke finns." in page


def test_request_list_shows_the_organisations_requests(gate: Gate, client_for: Any) -> None:
    _post_request(client_for("sara.lind"), gate, ["jobseeker_category"])
    stored = DisclosureRequest.objects.latest("pk")
    page = client_for("omar.haddad").get(reverse("disclosures:request_list")).content.decode()
    assert reverse("disclosures:request_detail", args=[stored.pk]) in page
    af_page = (
        client_for("ali.karimi").get(reverse("disclosures:request_list"), {"direction": "answered"}).content.decode()
    )
    assert reverse("disclosures:request_detail", args=[stored.pk]) in af_page  # as what AF disclosed


def test_navigation_shows_each_role_its_entries(gate: Gate, client_for: Any) -> None:
    sara = client_for("sara.lind").get(reverse("core:home")).content.decode()
    assert ">Förfrågningar<" in sara and ">Samtycken<" in sara and ">Granskning<" not in sara
    ali = client_for("ali.karimi").get(reverse("core:home")).content.decode()
    assert ">Granskning<" in ali and ">Samtycken<" in ali and ">Förfrågningar<" not in ali
    assert "Sekretessprövning" in ali  # the start-page panel
    ingrid = client_for("ingrid.sandberg").get(reverse("core:home")).content.decode()
    assert ">Granskning<" not in ingrid and ">Samtycken<" not in ingrid
