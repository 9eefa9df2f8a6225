"""File import of agency records, CSV or JSON, one agency per file.

**CSV**: a header line with ``kind``, ``external_id``, ``identity_number`` and the field names of
the kinds in the file (:data:`samverkan.registries.records.KIND_SPECS`); separator ``,`` or ``;``;
dates ``ÅÅÅÅ-MM-DD``; amounts ``8000.00`` or ``8 000,00``; empty cells are empty fields.

**JSON**: a list of records, or an object ``{"agency": "fk", "records": [...]}``; each record an
object with the same keys; amounts as strings (``"8000.00"``) or exact numbers.

:func:`parse_file` reads and checks the whole file and raises :class:`FileRejected` listing the
line and field of **every** error; nothing is ever imported from a file with an error. The same
parser serves :class:`FileSource`, which answers lookups straight from a file.
"""

from __future__ import annotations

import csv
import json
import os
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from samverkan.registries.records import (
    KIND_SPECS,
    Agency,
    RecordData,
    RecordInvalid,
    parse_record,
)
from samverkan.registries.sources.base import Period, SourceError, SourceResult, period_result

BASE_COLUMNS = ("kind", "external_id", "identity_number")
#: Largest file accepted (bytes); an agency's monthly delivery is far smaller.
MAX_FILE_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class LineError:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"rad {self.line}" if self.line else "filen"
        what = f", fält {self.field}" if self.field else ""
        return f"{where[:1].upper()}{where[1:]}{what}: {self.message}"


class FileRejected(Exception):
    """The whole file is refused; ``errors`` names the line and field of each error."""

    def __init__(self, errors: Sequence[LineError]) -> None:
        self.errors = tuple(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


@dataclass(frozen=True, slots=True)
class ParsedLine:
    line: int
    record: RecordData


def _format_of(path: Path, text: str, declared: str | None) -> str:
    if declared:
        return declared
    suffix = path.suffix.lower()
    if suffix in (".json", ".csv"):
        return suffix[1:]
    return "json" if text.lstrip().startswith(("[", "{")) else "csv"


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _skip_ws(text: str, index: int) -> int:
    while index < len(text) and text[index] in " \t\r\n":
        index += 1
    return index


def _json_objects(text: str) -> tuple[list[tuple[int, Any]], str | None]:
    """Elements of the records array with their line numbers, and the declared agency if any.

    The document is already known to be valid JSON; this walks it again with
    ``raw_decode`` to learn where each record starts.
    """
    decoder = json.JSONDecoder(parse_float=Decimal)
    index = _skip_ws(text, 0)
    declared: str | None = None
    if text[index] == "{":
        index += 1
        array_at = None
        while True:
            index = _skip_ws(text, index)
            if text[index] == "}":
                break
            key, index = decoder.raw_decode(text, index)
            index = _skip_ws(text, index) + 1  # the colon
            index = _skip_ws(text, index)
            if key == "records":
                array_at = index
            value, index = decoder.raw_decode(text, index)
            if key == "agency" and isinstance(value, str):
                declared = value
            index = _skip_ws(text, index)
            if text[index] == ",":
                index += 1
        if array_at is None:
            raise FileRejected([LineError(1, "records", "Objektet saknar listan ”records”.")])
        index = array_at
    if text[index] != "[":
        raise FileRejected([LineError(_line_of(text, index), "records", "Posterna ska vara en lista.")])
    index += 1
    found: list[tuple[int, Any]] = []
    while True:
        index = _skip_ws(text, index)
        if text[index] == "]":
            break
        start = index
        value, index = decoder.raw_decode(text, index)
        found.append((_line_of(text, start), value))
        index = _skip_ws(text, index)
        if text[index] == ",":
            index += 1
    return found, declared


def _parse_json(text: str) -> tuple[list[tuple[int, dict[str, Any]]], list[LineError], str | None]:
    try:
        json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        return [], [LineError(exc.lineno, "", f"Ogiltig JSON: {exc.msg} (kolumn {exc.colno}).")], None
    objects, declared = _json_objects(text)
    rows: list[tuple[int, dict[str, Any]]] = []
    errors: list[LineError] = []
    for line, value in objects:
        if not isinstance(value, dict):
            errors.append(LineError(line, "", "Varje post ska vara ett objekt med fält och värden."))
            continue
        rows.append((line, value))
    return rows, errors, declared


class _Lines:
    """Feeds lines to the csv reader and counts them, so each row knows its first line."""

    def __init__(self, text: str) -> None:
        self._lines = iter(text.splitlines(keepends=True))
        self.consumed = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.consumed += 1
        return line


def _parse_csv(text: str) -> tuple[list[tuple[int, dict[str, Any]]], list[LineError]]:
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    lines = _Lines(text)
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as exc:
        return [], [LineError(1, "", f"Kolumnraden går inte att läsa: {exc}.")]
    errors: list[LineError] = []
    known = set(BASE_COLUMNS) | {f.name for spec in KIND_SPECS.values() for f in spec.fields}
    for name in header:
        if name not in known:
            errors.append(LineError(1, name, f"Okänd kolumn {name!r}."))
    if len(set(header)) != len(header):
        errors.append(LineError(1, "", "Någon kolumn förekommer två gånger."))
    if "kind" not in header:
        errors.append(LineError(1, "kind", "Kolumnen ”kind” (posttyp) saknas."))
    if errors:
        return [], errors
    rows: list[tuple[int, dict[str, Any]]] = []
    while True:
        line = lines.consumed + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append(LineError(line, "", f"Raden går inte att läsa som CSV: {exc}."))
            break
        if not any(c.strip() for c in cells):
            continue  # an empty line
        if len(cells) != len(header):
            errors.append(LineError(line, "", f"Raden har {len(cells)} värden men det finns {len(header)} kolumner."))
            continue
        rows.append((line, dict(zip(header, cells, strict=True))))
    return rows, errors


def parse_text(text: str, *, agency: str, fmt: str) -> list[ParsedLine]:
    """Check every record of a CSV or JSON text; :class:`FileRejected` lists every error."""
    agency = Agency(agency).value
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise FileRejected([LineError(1, "", "Filen är tom.")])
    if fmt == "json":
        rows, errors, declared = _parse_json(text)
        if declared is not None and declared != agency:
            errors.insert(
                0,
                LineError(1, "agency", f"Filen gäller myndigheten {declared!r}, men importen gäller {agency!r}."),
            )
    elif fmt == "csv":
        rows, errors = _parse_csv(text)
    else:
        raise FileRejected([LineError(0, "", f"Okänt filformat {fmt!r}; använd csv eller json.")])
    parsed: list[ParsedLine] = []
    seen: dict[str, int] = {}
    for line, raw in rows:
        kind = str(raw.get("kind") or "").strip()
        unknown = sorted(set(raw) - set(BASE_COLUMNS) - set(KIND_SPECS[kind].field_names)) if kind in KIND_SPECS else []
        if fmt == "json" and unknown:
            errors.append(
                LineError(line, unknown[0], f"Okänt fält för {KIND_SPECS[kind].label.lower()}: {', '.join(unknown)}.")
            )
            continue
        if fmt == "csv" and kind in KIND_SPECS:
            foreign = [k for k in unknown if str(raw.get(k) or "").strip()]
            if foreign:
                errors.append(
                    LineError(
                        line, foreign[0], f"Fältet hör inte till {KIND_SPECS[kind].label.lower()}; lämna det tomt."
                    )
                )
                continue
        try:
            record = parse_record(kind, raw, agency=agency)
        except RecordInvalid as exc:
            errors.extend(LineError(line, e.field, e.message) for e in exc.errors)
            continue
        if record.external_id in seen:
            errors.append(
                LineError(
                    line, "external_id", f"Id {record.external_id} förekommer redan på rad {seen[record.external_id]}."
                )
            )
            continue
        seen[record.external_id] = line
        parsed.append(ParsedLine(line, record))
    if errors:
        raise FileRejected(sorted(errors, key=lambda e: (e.line, e.field)))
    if not parsed:
        raise FileRejected([LineError(0, "", "Filen innehåller inga poster.")])
    return parsed


def read_text(path: Path) -> str:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise FileRejected([LineError(0, "", f"Filen är för stor ({size} byte; högst {MAX_FILE_BYTES}).")])
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raw = path.read_bytes()
        line = raw.count(b"\n", 0, exc.start) + 1
        raise FileRejected([LineError(line, "", "Filen är inte kodad i UTF-8.")]) from None


def parse_file(path: str | os.PathLike[str], *, agency: str, fmt: str | None = None) -> list[ParsedLine]:
    """Check a whole CSV or JSON file of ``agency``'s records (format from the suffix unless given)."""
    file = Path(path)
    if not file.is_file():
        raise FileRejected([LineError(0, "", f"Filen {file} finns inte.")])
    text = read_text(file)
    return parse_text(text, agency=agency, fmt=_format_of(file, text, fmt))


class FileSource:
    """Answers lookups from an agency's delivered file (re-read when it changes)."""

    kind = "file"

    def __init__(
        self, agency: str, path: str | os.PathLike[str], *, timeout: float = 3.0, fmt: str | None = None
    ) -> None:
        self.agency = Agency(agency).value
        self.path = Path(path)
        self.timeout = float(timeout)
        self.fmt = fmt
        self._cache: tuple[float, list[RecordData]] | None = None
        self._lock = threading.Lock()

    def _records(self) -> list[RecordData]:
        try:
            stamp = self.path.stat().st_mtime
        except OSError:
            raise SourceError(f"{Agency(self.agency).label}: filen {self.path.name} finns inte.") from None
        with self._lock:
            if self._cache is not None and self._cache[0] == stamp:
                return self._cache[1]
            try:
                lines = parse_file(self.path, agency=self.agency, fmt=self.fmt)
            except FileRejected as exc:
                first = exc.errors[0]
                raise SourceError(
                    f"{Agency(self.agency).label}: filen {self.path.name} har {len(exc.errors)} fel ({first})."
                ) from None
            records = [line.record for line in lines]
            self._cache = (stamp, records)
            return records

    def fetch(self, person_identity_numbers: Sequence[str], period: Period) -> SourceResult:
        started = time.monotonic()
        asked = list(dict.fromkeys(person_identity_numbers))
        wanted = set(asked)
        records = [r for r in self._records() if r.identity_number in wanted]
        return period_result(self, records, period, asked, started=started)
