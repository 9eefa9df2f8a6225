"""Vem har sett mina uppgifter: every disclosure about the person from the audit log, in plain Swedish."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from samverkan.cases.models import Case
from samverkan.core.clock import today
from samverkan.disclosures.audit import audit_append
from samverkan.disclosures.models import AuditEntry
from samverkan.disclosures.services import disclosure_request
from samverkan.messaging.services import admin_question_send
from samverkan.people.models import Person
from samverkan.portal import selectors
from samverkan.portal.services import portal_policy_set
from tests.portal.conftest import fk_consent, portal_login

LOOKUP_PURPOSE = "Kontroll av förmåner vid ansökan om försörjningsstöd"


def _lookup(user_named: Any, org: Any, person: Person, categories: list[str]) -> Any:
    return disclosure_request(
        requester=user_named("sara.lind"),
        discloser=org("fk"),
        person=person,
        case=None,
        categories=categories,
        purpose=LOOKUP_PURPOSE,
    )


def test_lookup_by_a_socialsekreterare_is_shown_with_role_basis_categories_and_purpose(
    person_client: Client, person: Person, user_named: Any, org: Any
) -> None:
    result = _lookup(user_named, org, person, ["benefit_granted", "payment_amount"])
    assert result.released == {"benefit_granted", "payment_amount"}

    page = person_client.get("/mina-sidor/vem-har-sett/").content.decode()

    assert LOOKUP_PURPOSE in page
    assert "Begärt av: Socialsekreterare" in page
    assert "Sara Lind" not in page  # no official's name unless the organisation's policy allows it
    assert "Socialnämnden i Sörby kommun" in page and "Försäkringskassan" in page
    assert "Vilken förmån, ersättning eller annat stöd som har beviljats" in page
    assert "Utbetalt belopp" in page
    assert "Uppgiftsskyldighet" in page and "Ditt samtycke behövs inte" in page
    assert "15 kap. 10 § socialtjänstlagen (2025:400)" in page
    assert "3 § förordningen (2008:975)" in page
    assert "Lämnades ut" in page


def test_consent_based_and_denied_requests_say_so(
    person_client: Client, person: Person, user_named: Any, org: Any
) -> None:
    fk_consent(user_named("fredrik.holm"), person, categories=["work_capacity_assessment"])
    _lookup(user_named, org, person, ["work_capacity_assessment", "case_notes"])

    rows = [r for r in selectors.disclosure_log_for(person) if r.purpose == LOOKUP_PURPOSE]

    by_event = {r.event: r for r in rows}
    released = by_event["disclosure.released"]
    assert released.categories == ["Bedömning av arbetsförmåga"]
    assert released.basis.startswith("Ditt samtycke")
    assert "12 kap. 2 § offentlighets- och sekretesslagen (2009:400)" in released.basis
    denied = by_event["disclosure.denied"]
    assert denied.outcome == "Lämnades inte ut"
    assert denied.categories == ["Journal- och handläggningsanteckningar"]
    assert "ingen laglig grund" in denied.basis
    assert "28 kap. 1 § offentlighets- och sekretesslagen (2009:400)" in denied.basis


def test_official_is_named_only_when_the_organisations_policy_allows_it(
    person_client: Client, person: Person, user_named: Any, org: Any
) -> None:
    _lookup(user_named, org, person, ["benefit_granted"])
    assert "Sara Lind" not in person_client.get("/mina-sidor/vem-har-sett/").content.decode()

    portal_policy_set(organisation=org("sorby-socialnamnd"), show_official_names=True, changed_by=user_named("lars.ek"))

    page = person_client.get("/mina-sidor/vem-har-sett/").content.decode()
    assert "Begärt av: Sara Lind (socialsekreterare)" in page
    assert AuditEntry.objects.filter(event="portal.policy_changed", organisation=org("sorby-socialnamnd")).exists()


def test_only_the_organisations_own_administrators_set_its_policy(user_named: Any, org: Any) -> None:
    with pytest.raises(ValidationError):
        portal_policy_set(
            organisation=org("sorby-socialnamnd"), show_official_names=True, changed_by=user_named("sara.lind")
        )
    with pytest.raises(ValidationError):
        portal_policy_set(organisation=org("fk"), show_official_names=True, changed_by=user_named("lars.ek"))


def _sick_listed_patient(org: Any) -> tuple[Person, Case]:
    case = (
        Case.objects.filter(
            organisation=org("region-malarmark"),
            unit__code="vc-angen",
            case_type="sick_leave",
            status=Case.Status.ACTIVE,
            subject__cases__organisation=org("fk"),
            subject__cases__status=Case.Status.ACTIVE,
            subject__protected_identity=False,
        )
        .filter(
            subject__case_memberships__case__organisation=org("sorby-socialnamnd"),
            subject__case_memberships__case__case_type="assistance",
            subject__case_memberships__case__status=Case.Status.ACTIVE,
        )
        .order_by("pk")
        .first()
    )
    assert case is not None
    return case.subject, case


def test_admin_questions_between_vard_and_fk_are_never_shown(
    client: Client, demo_mode: None, user_named: Any, org: Any
) -> None:
    patient, sick_leave = _sick_listed_patient(org)
    question = admin_question_send(
        sender=user_named("peter.lund"),
        case=sick_leave,
        recipient_organisation=org("fk"),
        topic="contact",
        body="Vem är försäkringsutredare i ärendet? Vi behöver stämma av sjukskrivningen.",
        sender_phone="016-10 20 30",
        record_consent=True,
        consent_valid_to=today() + dt.timedelta(days=60),
    )
    assert AuditEntry.objects.filter(
        event="admin_question.sent", person=patient, extra__question_id=question.pk
    ).exists()
    # However an admin question were recorded, as a gate disclosure or with a reference to the question:
    audit_append(
        event="disclosure.released",
        actor=user_named("peter.lund"),
        organisation=org("region-malarmark"),
        recipient=org("fk"),
        person=patient,
        categories=["admin_question"],
        basis="consent",
        purpose="Administrativ fråga: Kontakt",
    )
    audit_append(
        event="disclosure.released",
        actor=user_named("anna.sjoberg"),
        organisation=org("fk"),
        recipient=org("region-malarmark"),
        person=patient,
        categories=["health_information"],
        basis="consent",
        purpose="Svar på administrativ fråga",
        extra={"question_id": question.pk},
    )
    # … while an ordinary disclosure about the same person is shown.
    _lookup(user_named, org, patient, ["benefit_granted"])

    portal_login(client, patient)
    page = client.get("/mina-sidor/vem-har-sett/").content.decode()
    pdf = client.get("/mina-sidor/vem-har-sett/utdrag.pdf").content

    assert LOOKUP_PURPOSE in page
    for hidden in ("Administrativ fråga", "Svar på administrativ fråga", "Vem är försäkringsutredare"):
        assert hidden not in page
    assert b"Administrativ fr" not in pdf and b"Svar p" not in pdf
    rows = selectors.disclosure_log_for(patient)
    assert rows and all("admin_question" not in r.event for r in rows)
    assert all(r.purpose == LOOKUP_PURPOSE for r in rows if r.at >= question.sent_at)


def test_proactive_notice_is_shown_as_sent_on_the_agencys_own_initiative(world: None) -> None:
    entry = AuditEntry.objects.filter(event="notice.proactive", person__isnull=False).select_related("person").first()
    assert entry is not None and entry.person is not None, "the registries demo step sends proactive notices"
    row = next(r for r in selectors.disclosure_log_for(entry.person) if r.entry_id == entry.pk)
    assert row.outcome == "Lämnades ut på eget initiativ"
    assert "på eget initiativ" in row.basis


def test_pdf_export_holds_the_same_rows_and_no_names(
    person_client: Client, person: Person, user_named: Any, org: Any
) -> None:
    _lookup(user_named, org, person, ["benefit_granted", "payment_amount"])

    response = person_client.get("/mina-sidor/vem-har-sett/utdrag.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    content = response.content
    assert content.startswith(b"%PDF")
    for text in (b"Socialsekreterare", b"Uppgiftsskyldighet", b"Utbetalt belopp", person.identity_number.encode()):
        assert text in content, text
    assert b"Sara Lind" not in content


def test_pdf_export_for_a_person_with_nothing_disclosed(client: Client, demo_mode: None, world: None) -> None:
    someone = (
        Person.objects.filter(cases__isnull=False)
        .exclude(pk__in=AuditEntry.objects.filter(person__isnull=False).values("person_id"))
        .order_by("pk")
        .first()
    )
    assert someone is not None
    portal_login(client, someone)
    assert "Inga uppgifter om dig har begärts" in client.get("/mina-sidor/vem-har-sett/").content.decode()
    content = client.get("/mina-sidor/vem-har-sett/utdrag.pdf").content
    assert content.startswith(b"%PDF") and b"Inga uppgifter om dig har l" in content


def test_policy_page_lets_the_security_officer_decide_and_refuses_others(
    client_for: Any, person: Person, user_named: Any, org: Any
) -> None:
    assert client_for("sara.lind").get("/mina-sidor/organisationens-policy/").status_code == 403
    officer = client_for("lars.ek")
    assert "Policy för Mina sidor" in officer.get("/").content.decode()

    response = officer.post("/mina-sidor/organisationens-policy/", {"show_official_names": "on"})

    assert response.status_code == 302, response.content.decode()
    _lookup(user_named, org, person, ["benefit_granted"])
    rows = [r for r in selectors.disclosure_log_for(person) if r.purpose == LOOKUP_PURPOSE]
    assert rows and rows[0].handled_by == "Begärt av: Sara Lind (socialsekreterare)"
    officer.post("/mina-sidor/organisationens-policy/", {})
    rows = [r for r in selectors.disclosure_log_for(person) if r.purpose == LOOKUP_PURPOSE]
    assert rows[0].handled_by == "Begärt av: Socialsekreterare"


def test_policy_is_not_in_the_django_admin_only_on_the_organisations_own_page(client_for: Any, org: Any) -> None:
    # Issue 16: an organisation decides its own policy on its page (audited); the platform operator cannot.
    operator = client_for("drift")
    response = operator.post(
        "/admin/portal/portalpolicy/add/", {"organisation": org("fk").pk, "show_official_names": "on"}
    )

    assert response.status_code == 404
    assert selectors.portal_policy_for(org("fk")) is None
    assert not AuditEntry.objects.filter(event="portal.policy_changed", organisation=org("fk")).exists()
