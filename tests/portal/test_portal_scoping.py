"""Who may see what in Mina sidor: only the logged-in person, only their own data; officials never."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from django.test import Client

from samverkan.cases.models import CaseMember
from samverkan.consents.models import Consent
from samverkan.disclosures.models import AuditEntry
from samverkan.people.models import Person
from samverkan.portal import selectors
from samverkan.portal.auth import AUTHENTICATED_AT_KEY, MAX_AGE_SECONDS, PERSON_KEY
from samverkan.reclaims.models import Reclaim
from tests.portal.conftest import fk_consent, portal_login

PORTAL_PAGES = ["/mina-sidor/", "/mina-sidor/samtycken/", "/mina-sidor/samtycken/nytt/", "/mina-sidor/vem-har-sett/"]


@pytest.mark.parametrize("url", [*PORTAL_PAGES, "/mina-sidor/vem-har-sett/utdrag.pdf"])
def test_portal_pages_send_anonymous_visitors_to_the_portal_login(client: Client, world: None, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/mina-sidor/logga-in/?next=")


@pytest.mark.parametrize("url", PORTAL_PAGES)
def test_an_officials_session_gives_no_portal_access(client_for: Any, url: str) -> None:
    client = client_for("sara.lind")
    response = client.get(url)
    assert response.status_code == 403
    assert "Du är inloggad som tjänsteperson" in response.content.decode()


def test_an_official_logged_in_on_top_of_a_portal_session_still_gets_no_portal_access(
    client: Client, demo_mode: None, person: Person, user_named: Any
) -> None:
    portal_login(client, person)
    client.force_login(user_named("sara.lind"))  # Django's login keeps the rest of the session
    assert client.session[PERSON_KEY] == person.pk

    assert client.get("/mina-sidor/").status_code == 403


def test_a_portal_session_gives_no_officials_access(person_client: Client) -> None:
    for url in ["/", "/arenden/", "/personer/"]:
        response = person_client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/konto/logga-in/"), url


def test_portal_login_logs_an_official_out(client_for: Any, demo_mode: None, person: Person) -> None:
    client = client_for("sara.lind")
    portal_login(client, person)

    assert "_auth_user_id" not in client.session
    assert client.get("/arenden/").status_code == 302
    assert client.get("/mina-sidor/").status_code == 200


def test_person_sees_own_cases_and_nobody_elses(person_client: Client, person: Person, other_person: Person) -> None:
    page = person_client.get("/mina-sidor/").content.decode()

    own = CaseMember.objects.filter(person=person).select_related("case__organisation")
    assert own.exists()
    for member in own:
        assert member.case.organisation.name in page
        assert member.case.reference in page
    assert other_person.full_name not in page
    assert {row.case_id for row in selectors.matters_for(person)} == {m.case_id for m in own}


def test_person_cannot_withdraw_another_persons_consent(
    person_client: Client, other_person: Person, user_named: Any
) -> None:
    consent = fk_consent(user_named("fredrik.holm"), other_person)
    url = f"/mina-sidor/samtycken/{consent.pk}/aterkalla/"

    assert person_client.get(url).status_code == 404
    assert person_client.post(url).status_code == 404
    consent.refresh_from_db()
    assert consent.status == Consent.Status.ACTIVE


def test_person_never_sees_another_persons_disclosures(
    person_client: Client, other_person: Person, user_named: Any, org: Any
) -> None:
    from samverkan.disclosures.services import disclosure_request

    disclosure_request(
        requester=user_named("sara.lind"),
        discloser=org("fk"),
        person=other_person,
        case=None,
        categories=["benefit_granted"],
        purpose="Kontroll av ett annat hushålls förmåner",
    )
    page = person_client.get("/mina-sidor/vem-har-sett/").content.decode()
    assert "Kontroll av ett annat hushålls förmåner" not in page


def test_person_cannot_download_another_persons_reclaim_letter(client: Client, demo_mode: None, world: None) -> None:
    reclaim = Reclaim.objects.exclude(status=Reclaim.Status.DRAFT).order_by("pk").first()
    assert reclaim is not None, "the reclaims demo step seeds a sent or settled reclaim"
    someone_else = Person.objects.exclude(pk=reclaim.person_id).filter(cases__isnull=False).order_by("pk").first()
    assert someone_else is not None
    portal_login(client, someone_else)

    assert client.get(f"/mina-sidor/atersokning/{reclaim.pk}/brev/notice.pdf").status_code == 404


def test_demo_login_exists_only_in_demo_mode(client: Client, world: None, person: Person, settings: Any) -> None:
    settings.DEMO_MODE = False
    assert client.post(f"/mina-sidor/logga-in/demo/{person.pk}/").status_code == 404
    assert "Testpersoner" not in client.get("/mina-sidor/logga-in/").content.decode()
    assert PERSON_KEY not in client.session


def test_demo_login_refuses_a_person_without_cases(client: Client, demo_mode: None, world: None) -> None:
    nobody = Person.objects.create(
        identity_number="19121212-1212",
        identity_type="personnummer",
        birth_date=dt.date(1912, 12, 12),
        first_name="Tolvan",
        last_name="Tolvansson",
    )
    assert client.post(f"/mina-sidor/logga-in/demo/{nobody.pk}/").status_code == 404


def test_demo_login_needs_post(client: Client, demo_mode: None, person: Person) -> None:
    assert client.get(f"/mina-sidor/logga-in/demo/{person.pk}/").status_code == 405


def test_demo_list_offers_varied_test_persons_including_protected_identity(
    client: Client, demo_mode: None, world: None
) -> None:
    persons = selectors.demo_persons()
    assert 5 <= len(persons) <= 12
    assert any(p.protected_identity for p in persons)
    assert all(selectors.person_has_case(p) for p in persons)
    page = client.get("/mina-sidor/logga-in/").content.decode()
    for p in persons:
        assert f"Logga in som {p.full_name}" in page


def test_login_is_recorded_in_the_audit_log(client: Client, demo_mode: None, person: Person) -> None:
    portal_login(client, person)
    entry = AuditEntry.objects.filter(event="portal.login", person=person).order_by("-sequence").first()
    assert entry is not None
    assert entry.actor is None and entry.extra == {"method": "demo"}


def test_logout_ends_the_portal_session(person_client: Client) -> None:
    response = person_client.post("/mina-sidor/logga-ut/")
    assert response.status_code == 302
    assert PERSON_KEY not in person_client.session
    assert person_client.get("/mina-sidor/").status_code == 302


def test_portal_session_ends_after_its_maximum_age(person_client: Client) -> None:
    session = person_client.session
    session[AUTHENTICATED_AT_KEY] = int(time.time()) - MAX_AGE_SECONDS - 1
    session.save()

    response = person_client.get("/mina-sidor/")

    assert response.status_code == 302 and response["Location"].startswith("/mina-sidor/logga-in/")
    assert PERSON_KEY not in person_client.session


def test_login_returns_to_the_page_asked_for_but_never_leaves_the_portal(
    client: Client, demo_mode: None, person: Person
) -> None:
    ok = client.post(f"/mina-sidor/logga-in/demo/{person.pk}/", {"next": "/mina-sidor/samtycken/"})
    assert ok["Location"] == "/mina-sidor/samtycken/"
    for target in ["https://evil.example/mina-sidor/", "//evil.example/", "/arenden/"]:
        response = client.post(f"/mina-sidor/logga-in/demo/{person.pk}/", {"next": target})
        assert response["Location"] == "/mina-sidor/", target
