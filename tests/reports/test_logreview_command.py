"""``samverkan logreview``: a report as CSV or a summary; linking an official's own person record."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from samverkan.disclosures.models import AuditEntry
from samverkan.domain.log_review import FindingKind
from samverkan.reports import selectors
from samverkan.reports.models import OfficialPerson
from tests.reports.conftest import MONDAY, WEEK, at, make_person, org

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("logreview", *args, stdout=out)
    return out.getvalue()


def test_report_writes_the_findings_as_csv_and_logs_the_export(lookup: Any, user_named: Any, capsys: Any) -> None:
    lookup(user_named("sara.lind"), make_person("Vera", "Skog", protected=True), at(MONDAY, 10))
    call_command(
        "logreview",
        "report",
        "--by",
        "lars.ek",
        "--kind",
        "protected_identity",
        "--start",
        "2025-03-03",
        "--end",
        "2025-03-09",
    )
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][0] == "Rapport" and [r[6] for r in rows[1:]] == ["Vera Skog"]
    assert AuditEntry.objects.filter(event="logreview.exported", actor=user_named("lars.ek")).exists()


def test_report_summary_counts_findings_per_report(lookup: Any, user_named: Any) -> None:
    lookup(user_named("sara.lind"), make_person("Vera", "Skog", protected=True), at(MONDAY, 22))
    text = run("report", "--by", "lars.ek", "--summary", "--start", "2025-03-03", "--end", "2025-03-09")
    assert "Slagning på person med skyddade personuppgifter: 1 fynd, 1 ogranskade" in text
    assert "Slagning utanför arbetstid: 1 fynd, 1 ogranskade" in text


def test_only_a_security_officer_runs_the_report() -> None:
    with pytest.raises(CommandError, match="inte informationssäkerhetsansvarig"):
        run("report", "--by", "sara.lind", "--summary")


def test_a_linked_person_record_makes_a_lookup_a_colleague_lookup(lookup: Any, user_named: Any) -> None:
    own = make_person("Annika", "Persson")  # not Omar Haddad's name: only the link ties them
    run("link-official", "--by", "lars.ek", "--official", "omar.haddad", "--person", own.identity_number)
    assert OfficialPerson.objects.get(official=user_named("omar.haddad")).person == own
    assert AuditEntry.objects.filter(event="logreview.official_linked", person=own).exists()
    lookup(user_named("sara.lind"), own, at(MONDAY, 9))
    found = selectors.relation_findings(org("sorby-socialnamnd"), WEEK)[FindingKind.COLLEAGUE]
    assert [f.person for f in found] == [own] and "Omar Haddad" in found[0].detail


def test_an_official_of_another_organisation_cannot_be_linked(user_named: Any) -> None:
    own = make_person("Fredrik", "Holm")
    with pytest.raises(CommandError, match="hör inte till din organisation"):
        run("link-official", "--by", "lars.ek", "--official", "fredrik.holm", "--person", own.identity_number)
    assert not OfficialPerson.objects.exists()
