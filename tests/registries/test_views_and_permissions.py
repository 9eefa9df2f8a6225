"""Who may see and maintain which records, read the inbox and fetch a household's data."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from samverkan.cases.models import Case
from samverkan.people.models import Person
from samverkan.registries.models import BenefitDecision, BenefitPayment, JobseekerRegistration, Notice
from tests.registries.conftest import assistance_client_known_to

pytestmark = pytest.mark.django_db


def _fk_person() -> Person:
    return assistance_client_known_to("fk")


def _not_known_to(org_code: str) -> Person:
    person = Person.objects.exclude(case_memberships__case__organisation__code=org_code).order_by("pk").first()
    assert person is not None
    return person


@pytest.mark.parametrize("username", ["fredrik.holm", "pia.strand", "ali.karimi", "kim.wallin", "birgitta.wall"])
def test_agency_officials_open_their_register(username: str, client_for: Any) -> None:
    assert client_for(username).get(reverse("registries:index")).status_code == 200


@pytest.mark.parametrize("username", ["sara.lind", "helena.strom", "johan.dahl", "nils.kron", "ingrid.sandberg"])
def test_others_have_no_register(username: str, client_for: Any) -> None:
    assert client_for(username).get(reverse("registries:index")).status_code == 403


def test_an_official_sees_only_persons_known_through_own_cases(client_for: Any) -> None:
    client = client_for("fredrik.holm")
    assert client.get(reverse("registries:person", args=[_fk_person().pk])).status_code == 200
    assert client.get(reverse("registries:person", args=[_not_known_to("fk").pk])).status_code == 404


def test_the_person_page_shows_only_the_own_organisations_records(client_for: Any) -> None:
    person = (
        Person.objects.filter(case_memberships__case__organisation__code="fk")
        .filter(pk__in=JobseekerRegistration.objects.values("person"))
        .first()
    )
    assert person is not None
    page = client_for("fredrik.holm").get(reverse("registries:person", args=[person.pk])).content.decode()
    assert "Beslut om förmåner" in page
    assert "Inskrivningar som arbetssökande" not in page
    for registration in JobseekerRegistration.objects.filter(person=person):
        assert registration.external_id not in page


def test_search_finds_only_persons_known_to_the_agency(client_for: Any) -> None:
    known, unknown = _fk_person(), _not_known_to("fk")
    client = client_for("fredrik.holm")
    found = client.post(reverse("registries:index"), {"q": known.identity_number}, follow=True).content.decode()
    assert known.full_name in found
    page = client.post(reverse("registries:index"), {"q": unknown.identity_number}, follow=True).content.decode()
    assert "Ingen person i era ärenden" in page


def test_fk_records_a_retroactive_decision_in_the_form(client_for: Any) -> None:
    person = _fk_person()
    url = reverse("registries:record_create", args=[person.pk, "benefit_decision"])
    client = client_for("fredrik.holm")
    form = client.get(url).content.decode()
    assert "Utbetalningsdag för det retroaktiva beloppet" in form
    response = client.post(
        url,
        {
            "benefit": "activity_compensation",
            "outcome": "granted",
            "decision_date": "2026-11-20",
            "period_start": "2026-08-01",
            "monthly_amount": "7 300,00",
            "extent": "hel",
            "retroactive_amount": "20440,00",
            "retroactive_start": "2026-08-01",
            "retroactive_end": "2026-10-31",
            "payout_date": "2026-12-20",
        },
    )
    assert response.status_code == 302
    decision = BenefitDecision.objects.get(
        person=person, benefit="activity_compensation", decision_date=dt.date(2026, 11, 20)
    )
    assert str(decision.retroactive_amount) == "20440.00" and decision.payout_date == dt.date(2026, 12, 20)
    assert Notice.objects.filter(record_kind="benefit_decision", record_id=decision.pk).exists()
    followed = client.get(response["Location"]).content.decode()
    assert "är registrerad" in followed
    main = followed.split("<main", 1)[1].split("</main>", 1)[0]
    assert "socialnämnd" not in main.lower()  # FK is never told that the person gets bistånd


def test_a_bad_form_shows_swedish_errors_and_stores_nothing(client_for: Any) -> None:
    person = _fk_person()
    url = reverse("registries:record_create", args=[person.pk, "benefit_payment"])
    before = BenefitPayment.objects.count()
    response = client_for("fredrik.holm").post(
        url,
        {
            "benefit": "sickness_benefit",
            "period_start": "2026-10-31",
            "period_end": "2026-10-01",
            "amount": "-10",
            "paid_on": "2026-11-25",
        },
    )
    assert response.status_code == 400
    assert "Beloppet får inte vara negativt." in response.content.decode()
    assert BenefitPayment.objects.count() == before


def test_a_kind_of_another_agency_is_not_offered(client_for: Any) -> None:
    person = _fk_person()
    url = reverse("registries:record_create", args=[person.pk, "jobseeker_registration"])
    assert client_for("fredrik.holm").get(url).status_code == 404


def test_the_inbox_is_the_socialnamnds_only(client_for: Any) -> None:
    assert client_for("sara.lind").get(reverse("registries:inbox")).status_code == 200
    assert client_for("fredrik.holm").get(reverse("registries:inbox")).status_code == 403
    assert client_for("lars.ek").get(reverse("registries:inbox")).status_code == 403


def test_a_notice_to_another_socialnamnd_is_not_found(client_for: Any, world: None) -> None:
    notice = Notice.objects.filter(status=Notice.Status.DELIVERED).first()
    assert notice is not None
    Notice.objects.filter(pk=notice.pk).update(recipient=notice.discloser)
    assert client_for("sara.lind").get(reverse("registries:inbox_detail", args=[notice.pk])).status_code == 404


def test_lookup_page_for_own_case_and_404_for_another_organisations(client_for: Any) -> None:
    own = Case.objects.filter(organisation__code="sorby-socialnamnd", case_type="assistance").first()
    foreign = Case.objects.filter(organisation__code="fk").first()
    assert own is not None and foreign is not None
    client = client_for("sara.lind")
    page = client.get(reverse("registries:case_lookup", args=[own.pk])).content.decode()
    assert "Hämta uppgifter" in page and "<legend>Källor</legend>" in page
    assert client.get(reverse("registries:case_lookup", args=[foreign.pk])).status_code == 404
    assert client_for("fredrik.holm").get(reverse("registries:case_lookup", args=[own.pk])).status_code == 403


def test_the_case_page_offers_the_lookup_on_a_bistand_case(client_for: Any) -> None:
    case = Case.objects.filter(organisation__code="sorby-socialnamnd", case_type="assistance", status="active").first()
    assert case is not None
    page = client_for("sara.lind").get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert reverse("registries:case_lookup", args=[case.pk]) in page


def test_the_lookup_page_shows_items_with_their_basis(client_for: Any, settings: Any) -> None:
    settings.SAMVERKAN_SOURCES = {a: {"latency": 0.0} for a in ("fk", "pm", "af", "unemployment_fund")}
    person = _fk_person()
    case = Case.objects.get(
        organisation__code="sorby-socialnamnd", case_type="assistance", status="active", members__person=person
    )
    response = client_for("sara.lind").post(
        reverse("registries:case_lookup", args=[case.pk]),
        {"period_start": "2026-09-01", "period_end": "2026-11-30", "sources": ["fk", "af", "unemployment_fund"]},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Rättslig grund" in page and "Uppgiftsskyldighet" in page
    assert "4 § förordningen (2008:975)" in page or "Inga uppgifter" in page  # the a-kassa's duty (4 §)


def test_a_lookup_period_that_ends_before_it_starts_is_refused(client_for: Any) -> None:
    case = Case.objects.filter(organisation__code="sorby-socialnamnd", case_type="assistance").first()
    assert case is not None
    response = client_for("sara.lind").post(
        reverse("registries:case_lookup", args=[case.pk]),
        {"period_start": "2026-11-30", "period_end": "2026-09-01", "sources": ["fk"]},
    )
    assert response.status_code == 400
    assert "Periodens sista dag ligger före dess första dag." in response.content.decode()


# --- API -----------------------------------------------------------------------------------------


def test_api_records_are_the_own_organisations(client_for: Any) -> None:
    person = _fk_person()
    data = client_for("fredrik.holm").get("/api/v1/registries/records", {"person_id": person.pk}).json()
    assert data and {r["kind"] for r in data} <= {"benefit_application", "benefit_decision", "benefit_payment"}
    assert client_for("sara.lind").get("/api/v1/registries/records").status_code == 403


def test_api_lookup_names_a_failed_source(client_for: Any, settings: Any) -> None:
    settings.SAMVERKAN_SOURCES = {"fk": {"latency": 0.0, "failure": 1.0}, "af": {"latency": 0.0}}
    case = Case.objects.get(
        organisation__code="sorby-socialnamnd", case_type="assistance", status="active", members__person=_fk_person()
    )
    response = client_for("sara.lind").post(
        f"/api/v1/registries/cases/{case.pk}/lookup",
        {"period_start": "2026-09-01", "period_end": "2026-11-30", "sources": ["fk", "af"]},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["failed_sources"] == ["fk"]
    foreign = Case.objects.filter(organisation__code="fk").first()
    assert foreign is not None
    response = client_for("sara.lind").post(
        f"/api/v1/registries/cases/{foreign.pk}/lookup",
        {"period_start": "2026-09-01", "period_end": "2026-11-30"},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_api_inbox_lists_delivered_notices(client_for: Any) -> None:
    data = client_for("sara.lind").get("/api/v1/registries/notices").json()
    assert data and all(n["items"] for n in data)
    assert client_for("fredrik.holm").get("/api/v1/registries/notices").status_code == 403
