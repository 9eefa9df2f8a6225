"""Marking a finding reviewed: stored once, with a note, and audited as logreview.marked."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from samverkan.disclosures.models import AuditEntry
from samverkan.reports import selectors, services
from samverkan.reports.models import ReviewMark
from tests.reports.conftest import MONDAY, WEEK, at, make_person, org, page_text

pytestmark = pytest.mark.django_db

MARK_URL = "/uppfoljning/logggranskning/granska/"


@pytest.fixture
def protected_finding(lookup: Any, user_named: Any) -> selectors.Finding:
    lookup(user_named("sara.lind"), make_person("Vera", "Skog", protected=True), at(MONDAY, 10), request_id=8101)
    found = selectors.protected_identity_findings(org("sorby-socialnamnd"), WEEK)
    assert len(found) == 1
    return found[0]


def test_marking_a_finding_reviewed_stores_the_note_and_audits_it(
    client_for: Any, user_named: Any, protected_finding: selectors.Finding
) -> None:
    response = client_for("lars.ek").post(
        MARK_URL,
        {
            "key": protected_finding.key,
            "note": "Slagningen hörde till ärendet.",
            "start": "2025-03-03",
            "end": "2025-03-09",
        },
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/uppfoljning/logggranskning/rapport/protected_identity/?start=2025-03-03")
    mark = ReviewMark.objects.get(key=protected_finding.key)
    assert mark.organisation == org("sorby-socialnamnd") and mark.reviewed_by == user_named("lars.ek")
    assert mark.note == "Slagningen hörde till ärendet." and mark.official == user_named("sara.lind")
    entry = AuditEntry.objects.filter(event="logreview.marked").order_by("-sequence").first()
    assert entry is not None and entry.actor == user_named("lars.ek") and entry.person == protected_finding.person
    assert entry.extra["finding"] == protected_finding.key and entry.extra["review_mark_id"] == mark.pk
    page = client_for("lars.ek").get(response["Location"])
    assert "Granskad" in page_text(page) and "Slagningen hörde till ärendet." in page_text(page)
    unreviewed = selectors.findings(org("sorby-socialnamnd"), WEEK, protected_finding.kind, reviewed=False)
    assert unreviewed == []


def test_a_note_is_required_and_nothing_is_stored_without_it(
    client_for: Any, protected_finding: selectors.Finding
) -> None:
    before = AuditEntry.objects.count()
    response = client_for("lars.ek").post(
        MARK_URL, {"key": protected_finding.key, "note": "  ", "start": "2025-03-03", "end": "2025-03-09"}
    )
    assert response.status_code == 400
    assert "Fyndet kunde inte markeras som granskat" in page_text(response)
    assert not ReviewMark.objects.exists() and AuditEntry.objects.count() == before


def test_an_identity_number_in_the_note_is_refused(user_named: Any, protected_finding: selectors.Finding) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.finding_mark_reviewed(
            reviewer=user_named("lars.ek"), key=protected_finding.key, note="Gäller 19811218-9876, OK."
        )
    assert "samordningsnummer" in str(excinfo.value)
    assert not ReviewMark.objects.exists()


def test_a_finding_is_marked_once(user_named: Any, protected_finding: selectors.Finding) -> None:
    services.finding_mark_reviewed(reviewer=user_named("lars.ek"), key=protected_finding.key, note="Kontrollerat.")
    with pytest.raises(ValidationError, match="redan granskat"):
        services.finding_mark_reviewed(reviewer=user_named("lars.ek"), key=protected_finding.key, note="Igen.")
    assert ReviewMark.objects.count() == 1


def test_another_organisations_security_officer_cannot_mark_the_finding(
    client_for: Any, user_named: Any, protected_finding: selectors.Finding
) -> None:
    with pytest.raises(ValidationError, match="finns inte"):
        services.finding_mark_reviewed(reviewer=user_named("nils.kron"), key=protected_finding.key, note="Ej vår.")
    response = client_for("nils.kron").post(MARK_URL, {"key": protected_finding.key, "note": "Ej vår."})
    assert response.status_code == 400
    assert not ReviewMark.objects.exists()


def test_only_security_officers_mark_findings(
    client_for: Any, user_named: Any, protected_finding: selectors.Finding
) -> None:
    assert client_for("sara.lind").post(MARK_URL, {"key": protected_finding.key, "note": "x"}).status_code == 403
    with pytest.raises(ValidationError):
        services.finding_mark_reviewed(reviewer=user_named("eva.berg"), key=protected_finding.key, note="x")


def test_an_unknown_finding_key_is_not_found(client_for: Any) -> None:
    assert client_for("lars.ek").post(MARK_URL, {"key": "nonsense", "note": "x"}).status_code == 404
