"""The contact directory: FK's telephone lines by situation, contact persons, and who may see whom."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from samverkan.consents.services import consent_register
from samverkan.core.clock import today
from samverkan.disclosures.models import AuditEntry
from samverkan.messaging.services import responsible_officials_lookup
from samverkan.people.models import Person

pytestmark = pytest.mark.django_db


def test_client_present_means_the_line_for_private_persons(client_for: Any) -> None:
    html = client_for("sara.lind").get("/kommunikation/kontakter/?client_present=ja").content.decode()
    assert "0771-524 524" in html
    assert "kundcenter för privatpersoner" in html
    assert "0771-17 90 00" not in html


def test_without_the_client_the_partner_line(client_for: Any) -> None:
    html = client_for("sara.lind").get("/kommunikation/kontakter/?client_present=nej").content.decode()
    assert "0771-17 90 00" in html
    assert "0771-524 524" not in html


def test_the_question_is_asked_first(client_for: Any) -> None:
    html = client_for("sara.lind").get("/kommunikation/kontakter/").content.decode()
    assert "Är klienten med i samtalet?" in html
    assert "0771-" not in html


def test_directory_lists_fk_contact_persons_rehab_coordinators_and_collaboration_leads(client_for: Any) -> None:
    html = client_for("helena.strom").get("/kommunikation/kontakter/").content.decode()
    assert "Vårdcentralen Ängen</td><td>Anna Sjöberg" in html
    assert "Mats Falk" in html and "Helena Ström" in html
    assert "Johan Dahl" in html


def _patient_with_fk_case() -> Person:
    person = (
        Person.objects.filter(protected_identity=False)
        .filter(cases__organisation__code="region-malarmark", cases__unit__code="vc-angen", cases__status="active")
        .filter(cases__organisation__code="fk", cases__status="active")
        .exclude(consents__discloser__code="fk", consents__recipient__code="region-malarmark")
        .distinct()
        .order_by("pk")
        .first()
    )
    assert person is not None
    return person


def test_responsible_official_at_fk_is_hidden_without_a_basis(user_named: Any) -> None:
    person = _patient_with_fk_case()
    before = AuditEntry.objects.filter(event="read.cross_org").count()
    rows = {
        r.organisation.code: r for r in responsible_officials_lookup(viewer=user_named("helena.strom"), person=person)
    }
    assert rows["fk"].shown is False
    # A hidden row says the same whether a case exists there or not.
    assert rows["fk"].reason == rows["pm"].reason
    assert AuditEntry.objects.filter(event="read.cross_org").count() == before


def test_with_fks_consent_the_responsible_official_is_shown_and_the_read_logged(user_named: Any) -> None:
    person = _patient_with_fk_case()
    fredrik = user_named("fredrik.holm")
    consent_register(
        registered_by=fredrik,
        person=person,
        recipient=user_named("helena.strom").organisation,
        categories=["admin_question"],
        purpose="Samordning av rehabilitering med vårdcentralen",
        case_type="sick_leave",
        valid_from=today(),
        valid_to=today() + dt.timedelta(days=90),
        form="written",
        taken_on=today(),
    )
    rows = {
        r.organisation.code: r for r in responsible_officials_lookup(viewer=user_named("helena.strom"), person=person)
    }
    assert rows["fk"].shown is True
    assert rows["fk"].basis == "consent"
    assert any(c.responsible == fredrik for c in rows["fk"].cases)
    entry = AuditEntry.objects.filter(event="read.cross_org", person=person).latest("sequence")
    assert getattr(entry.organisation, "code", None) == "fk"
    assert getattr(entry.recipient, "code", None) == "region-malarmark"
    assert entry.basis == "consent"


def test_social_worker_with_an_active_assistance_case_sees_fk_by_the_duty(user_named: Any) -> None:
    sara = user_named("sara.lind")
    person = (
        Person.objects.filter(
            case_memberships__case__organisation__code="sorby-socialnamnd",
            case_memberships__case__case_type="assistance",
            case_memberships__case__status="active",
        )
        .filter(cases__organisation__code="fk", cases__status="active")
        .distinct()
        .order_by("pk")
        .first()
    )
    assert person is not None
    rows = {r.organisation.code: r for r in responsible_officials_lookup(viewer=sara, person=person)}
    assert rows["fk"].shown and rows["fk"].basis == "duty"
    assert "uppgiftsskyldighet" in rows["fk"].basis_text
    assert rows["region-malarmark"].shown is False  # vården has no duty towards socialnämnden


def test_lookup_page_refuses_a_person_outside_the_own_cases(client_for: Any) -> None:
    outsider = (
        Person.objects.exclude(case_memberships__case__organisation__code="region-malarmark").order_by("pk").first()
    )
    assert outsider is not None
    response = client_for("helena.strom").post(
        "/kommunikation/kontakter/ansvarig/", {"identity_number": outsider.identity_number}
    )
    assert response.status_code == 400
    assert "Personen finns inte i något av din organisations ärenden." in response.content.decode()


def test_lookup_page_shows_the_table(client_for: Any) -> None:
    person = _patient_with_fk_case()
    response = client_for("helena.strom").post(
        "/kommunikation/kontakter/ansvarig/", {"identity_number": person.identity_number}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Ansvariga handläggare för {person.full_name}" in html
    assert "Visas inte: det finns varken samtycke eller uppgiftsskyldighet" in html
