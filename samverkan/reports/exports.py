"""Exports for spreadsheets: CSV (UTF-8 with BOM, semicolons, for Swedish Excel) and XLSX (openpyxl).

Never an address, in any export (docs/domain.md §10); for a person with protected identity not even
the official's unit (see :mod:`samverkan.reports.selectors`). Statistics exports carry exactly
what the page shows: a suppressed figure is exported as its symbol ("<5" or "–"), never its value.

**Formula injection.** A purpose, a review note or a unit name is text that someone typed; a
spreadsheet would run one that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
as a formula (``=HYPERLINK(…)`` beside names and personnummer). Every text cell of every CSV and
XLSX export passes :func:`neutralise`, which puts an apostrophe in front of such a text (the
OWASP "CSV injection" advice); numbers, including negative ones, stay numbers.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from samverkan.disclosures.models import AuditEntry
from samverkan.domain.deadlines import to_swedish_time
from samverkan.reports.figures import Cell, Section, StatScope
from samverkan.reports.labels import basis_label, category_label, event_label
from samverkan.reports.selectors import Finding
from samverkan.reports.statistics import UnitRow

BOM = "\ufeff"
DELIMITER = ";"

AUDIT_HEADER = (
    "Löpnummer",
    "Tidpunkt",
    "Händelse",
    "Handläggare",
    "Användarnamn",
    "Roll",
    "Handläggarens enhet",
    "Uppgifter från",
    "Mottagare",
    "Person",
    "Person- eller samordningsnummer",
    "Skyddade personuppgifter",
    "Uppgifter",
    "Grund",
    "Ändamål",
)

FINDING_HEADER = (
    "Rapport",
    "Tidpunkt",
    "Dag",
    "Handläggare",
    "Användarnamn",
    "Handläggarens enhet",
    "Person",
    "Person- eller samordningsnummer",
    "Skyddade personuppgifter",
    "Beskrivning",
    "Granskad",
    "Granskad av",
    "Granskad den",
    "Anteckning",
)


#: The first characters that make a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^-?\d[\d \u00a0]*(?:[.,]\d+)?$")


def neutralise(value: Any) -> Any:
    """A text that a spreadsheet would run as a formula, made inert with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=DELIMITER, lineterminator="\r\n")
    yield BOM + writer.writerow([neutralise(v) for v in header])
    for row in rows:
        yield writer.writerow(["" if v is None else neutralise(v) for v in row])


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    return "".join(_csv_lines(header, rows))


def _time(value: Any) -> str:
    return f"{to_swedish_time(value):%Y-%m-%d %H:%M:%S}" if value is not None else ""


def audit_row(entry: AuditEntry) -> list[Any]:
    person = entry.person
    actor = entry.actor
    protected = bool(person is not None and person.protected_identity)
    unit = "" if protected or actor is None or actor.unit is None else actor.unit.name
    return [
        entry.sequence,
        _time(entry.created_at),
        event_label(entry.event),
        actor.get_full_name() if actor is not None else "Systemet",
        actor.username if actor is not None else "",
        entry.actor_role,
        unit,
        entry.organisation.name if entry.organisation is not None else "",
        entry.recipient.name if entry.recipient is not None else "",
        person.full_name if person is not None else "",
        person.identity_number if person is not None else "",
        ("Ja" if protected else "Nej") if person is not None else "",
        ", ".join(category_label(c) for c in entry.categories or []),
        basis_label(entry.basis),
        entry.purpose,
    ]


def audit_csv_lines(entries: Iterable[AuditEntry]) -> Iterator[str]:
    return _csv_lines(AUDIT_HEADER, (audit_row(e) for e in entries))


def finding_row(finding: Finding) -> list[Any]:
    person, official, mark = finding.person, finding.official, finding.mark
    protected = bool(person is not None and person.protected_identity)
    return [
        finding.kind.label,
        _time(finding.at),
        finding.day.isoformat() if finding.day else "",
        official.get_full_name() if official is not None else "",
        official.username if official is not None else "",
        finding.unit.name if finding.unit is not None else "",
        person.full_name if person is not None else "",
        person.identity_number if person is not None else "",
        ("Ja" if protected else "Nej") if person is not None else "",
        finding.detail,
        "Ja" if mark is not None else "Nej",
        mark.reviewed_by.get_full_name() if mark is not None else "",
        _time(mark.reviewed_at) if mark is not None else "",
        mark.note if mark is not None else "",
    ]


def findings_csv(findings: Iterable[Finding]) -> str:
    return csv_text(FINDING_HEADER, (finding_row(f) for f in findings))


# --- Statistics ---------------------------------------------------------------------------------

STAT_HEADER = ("Område", "Enhet", "Avsnitt", "Månad", "Mått", "Värde")


def _csv_value(cell: Cell) -> str:
    if not cell.shown or cell.value is None:
        return cell.text
    value = cell.value
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",") if value != value.to_integral() else f"{int(value)}"
    return str(value)


def _section_rows(scope: StatScope, section: Section) -> Iterator[list[str]]:
    area = scope.title
    unit = scope.unit.name if scope.unit is not None else "Alla enheter"
    columns = section.columns
    rows = [(label, cells) for label, cells in section.rows]
    total = section.total_row
    if total is not None:
        rows.append(("Hela perioden", total))
    for label, cells in rows:
        for column, cell in zip(columns, cells, strict=True):
            yield [area, unit, section.title, label, column.label, _csv_value(cell)]


def statistics_csv(scope: StatScope, sections: Sequence[Section]) -> str:
    return csv_text(STAT_HEADER, (row for section in sections for row in _section_rows(scope, section)))


def _sheet_title(text: str, used: set[str]) -> str:
    clean = "".join(ch for ch in text if ch not in "[]:*?/\\")[:31]
    title, n = clean, 2
    while title in used:
        suffix = f" {n}"
        title, n = clean[: 31 - len(suffix)] + suffix, n + 1
    used.add(title)
    return title


def _xlsx_value(cell: Cell) -> Any:
    if not cell.shown or cell.value is None:
        return cell.text
    value = cell.value
    return float(value) if isinstance(value, Decimal) else value


def statistics_xlsx(scope: StatScope, sections: Sequence[Section], units: Sequence[UnitRow] | None = None) -> bytes:
    """One sheet per section (months down, columns across, the period's totals last)."""
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    bold = Font(bold=True)
    for section in sections:
        sheet = book.create_sheet(_sheet_title(section.short_title or section.title, used))
        sheet.append([neutralise(section.title)])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append(
            [neutralise(f"{scope.title} · {scope.unit.name if scope.unit else 'Alla enheter'} · {scope.period_label}")]
        )
        if scope.suppress:
            sheet.append(["<5 = färre än 5 personer; – = dolt så att ett annat värde inte kan räknas fram."])
        sheet.append([])
        header = ["Månad", *[neutralise(c.label) for c in section.columns]]
        sheet.append(header)
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for label, cells in section.rows:
            sheet.append([neutralise(label), *[neutralise(_xlsx_value(c)) for c in cells]])
        total = section.total_row
        if total is not None:
            sheet.append(["Hela perioden", *[_xlsx_value(c) for c in total]])
            for cell in sheet[sheet.max_row]:
                cell.font = bold
        for index, column in enumerate(section.columns, start=2):
            if column.kind == "money":
                for row in sheet.iter_rows(min_row=1, min_col=index, max_col=index):
                    for c in row:
                        if isinstance(c.value, float):
                            c.number_format = '# ##0.00 "kr"'
        sheet.column_dimensions["A"].width = 16
        for index in range(2, len(header) + 1):
            sheet.column_dimensions[get_column_letter(index)].width = 22
    if units:
        from samverkan.reports.statistics import UNIT_MEASURES

        sheet = book.create_sheet(_sheet_title("Per enhet", used))
        sheet.append(["Enhet", *[label for _, label in UNIT_MEASURES]])
        for cell in sheet[1]:
            cell.font = bold
        for row in units:
            sheet.append([neutralise(row.unit.name), *[row.values[code] for code, _ in UNIT_MEASURES]])
        sheet.column_dimensions["A"].width = 40
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
