"""The security officer links officials to their own person records on a web page; every change is audited."""

from __future__ import annotations

from typing import Any

import pytest

from samverkan.disclosures.models import AuditEntry
from samverkan.domain.log_review import FindingKind
from samverkan.reports import selectors
from samverkan.reports.models import OfficialPerson
from tests.reports.conftest import MONDAY, WEEK, at, make_person, org, page_text

pytestmark = pytest.mark.django_db

URL = "/uppfoljning/logggranskning/personposter/"


def test_the_security_officer_links_an_official_and_the_colleague_report_then_matches_on_identity(
    client_for: Any, user_named: Any, lookup: Any
) -> None:
    eva = user_named("eva.berg")
    own_record = make_person("Anna", "Björk")  # a name unlike the official's: only the link connects them
    response = client_for("lars.ek").post(
        URL, {"action": "link", "official": eva.pk, "identity_number": own_record.identity_number}
    )
    assert response.status_code == 302 and response["Location"] == URL
    link = OfficialPerson.objects.get(official=eva)
    assert link.person == own_record and link.linked_by == user_named("lars.ek")
    entry = AuditEntry.objects.filter(event="logreview.official_linked").order_by("-sequence").first()
    assert entry is not None and entry.person == own_record and entry.extra["official_id"] == eva.pk
    page = page_text(client_for("lars.ek").get(URL))
    assert "Anna Björk" in page and "Ta bort koppling" in page

    lookup(user_named("sara.lind"), own_record, at(MONDAY, 9))
    found = selectors.relation_findings(org("sorby-socialnamnd"), WEEK)
    assert [f.person.pk for f in found[FindingKind.COLLEAGUE] if f.person] == [own_record.pk]


def test_the_page_lists_every_official_of_the_own_organisation_only(client_for: Any) -> None:
    response = client_for("lars.ek").get(URL)
    assert response.status_code == 200
    text = page_text(response)
    assert "Sara Lind" in text and "Eva Berg" in text
    assert "Fredrik Holm" not in text  # an official of Försäkringskassan


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("19500101-0000", "Numret går inte att tolka"),
        ("", "Detta fält måste fyllas i"),
    ],
)
def test_a_malformed_number_gets_a_swedish_error_and_nothing_changes(
    client_for: Any, user_named: Any, number: str, message: str
) -> None:
    before = AuditEntry.objects.count()
    response = client_for("lars.ek").post(
        URL, {"action": "link", "official": user_named("eva.berg").pk, "identity_number": number}
    )
    assert response.status_code == 400
    assert message in page_text(response)
    assert not OfficialPerson.objects.filter(official=user_named("eva.berg")).exists()
    assert AuditEntry.objects.count() == before


def test_a_number_not_in_samverkan_says_no_link_is_needed(client_for: Any, user_named: Any) -> None:
    response = client_for("lars.ek").post(
        URL, {"action": "link", "official": user_named("eva.berg").pk, "identity_number": "19591231-9984"}
    )
    assert response.status_code == 400
    assert "Ingen person med det numret finns i Samverkan" in page_text(response)
    assert not OfficialPerson.objects.filter(official__username="eva.berg").exists()


def test_an_official_of_another_organisation_cannot_be_linked(client_for: Any, user_named: Any) -> None:
    person = make_person("Karin", "Holm")
    response = client_for("lars.ek").post(
        URL, {"action": "link", "official": user_named("fredrik.holm").pk, "identity_number": person.identity_number}
    )
    assert response.status_code == 400
    assert not OfficialPerson.objects.filter(official=user_named("fredrik.holm")).exists()


def test_removing_a_link_is_audited_and_a_second_removal_changes_nothing(client_for: Any, user_named: Any) -> None:
    eva = user_named("eva.berg")
    person = make_person("Anna", "Björk")
    client = client_for("lars.ek")
    client.post(URL, {"action": "link", "official": eva.pk, "identity_number": person.identity_number})
    response = client.post(URL, {"action": "unlink", "official": eva.pk})
    assert response.status_code == 302
    assert not OfficialPerson.objects.filter(official=eva).exists()
    assert AuditEntry.objects.filter(event="logreview.official_unlinked", person=person).count() == 1
    client.post(URL, {"action": "unlink", "official": eva.pk})
    assert AuditEntry.objects.filter(event="logreview.official_unlinked", person=person).count() == 1


def test_only_the_security_officer_may_link(client_for: Any, user_named: Any) -> None:
    person = make_person("Anna", "Björk")
    response = client_for("sara.lind").post(
        URL, {"action": "link", "official": user_named("eva.berg").pk, "identity_number": person.identity_number}
    )
    assert response.status_code == 403
    assert not OfficialPerson.objects.filter(official=user_named("eva.berg")).exists()
