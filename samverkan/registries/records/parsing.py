"""A record read from a CSV line, a JSON object, an HTTP answer, a form or a database row, as checked data.

:func:`parse_record` checks one record against its kind's fields and the kind's own checks and gives a
:class:`RecordData`; errors are :class:`~samverkan.registries.records.base.FieldError` (field + Swedish
message), so a file import can name the line and field of each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from samverkan.core import clock
from samverkan.core.validation import MONEY_MAX, RECORD, text_problem
from samverkan.domain.errors import DomainError
from samverkan.domain.identity import InvalidIdentityNumber, normalize_identity_number
from samverkan.domain.money import money_str, parse_money
from samverkan.domain.reclaim import BENEFITS
from samverkan.registries.records.base import (
    FieldError,
    FieldSpec,
    FieldType,
    KindSpec,
    agency_label,
    benefit_name,
    benefits_for,
)
from samverkan.registries.records.table import KIND_SPECS


class RecordInvalid(DomainError):
    """A record that does not pass :func:`parse_record`; ``errors`` names every field."""

    def __init__(self, errors: Sequence[FieldError]) -> None:
        super().__init__("; ".join(str(e) for e in errors), code="invalid_record")
        self.errors = tuple(errors)


@dataclass(frozen=True, slots=True)
class RecordData:
    """One agency record as typed data (dates as ``date``, money as ``Decimal``)."""

    kind: str
    external_id: str
    identity_number: str
    values: Mapping[str, Any]
    agency: str = ""
    #: Code of the organisation that holds the record ("" when the source serves one organisation).
    organisation: str = ""

    @property
    def spec(self) -> KindSpec:
        return KIND_SPECS[self.kind]

    def get(self, name: str) -> Any:
        return self.values.get(name)

    def to_json(self) -> dict[str, Any]:
        """The exchange format (JSON): dates ISO, money as ``"8000.00"``."""
        out: dict[str, Any] = {"kind": self.kind, "external_id": self.external_id}
        out["identity_number"] = self.identity_number
        for spec in self.spec.fields:
            out[spec.name] = _to_json_value(spec, self.values.get(spec.name))
        return out


def _to_json_value(spec: FieldSpec, value: Any) -> Any:
    if value is None:
        return None
    if spec.type is FieldType.DATE:
        return value.isoformat()
    if spec.type is FieldType.MONEY:
        return money_str(value)
    return value


_TRUE = {"true", "ja", "j", "1", "yes", "x"}
_FALSE = {"false", "nej", "n", "0", "no"}


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _parse_date(raw: Any) -> dt.date:
    day: dt.date | None = None
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        day = raw
    elif isinstance(raw, str):
        try:
            if len(raw.strip()) == 10:
                day = dt.date.fromisoformat(raw.strip())
        except ValueError:
            pass
    if day is None:
        raise ValueError(f"{raw!r} är inget datum; skriv ÅÅÅÅ-MM-DD.")
    if (problem := RECORD.problem(day)) is not None:
        raise ValueError(problem)
    return day


def _parse_text(spec: FieldSpec, text: str, agency: str) -> str:
    """A text, a choice or a benefit (already stripped and free of control characters)."""
    if spec.type is FieldType.CHOICE:
        allowed = [c[0] for c in spec.choices]
        if text not in allowed:
            raise ValueError(f"Okänt värde {text!r}; tillåtna värden: {', '.join(allowed)}.")
        return text
    if spec.type is FieldType.BENEFIT:
        allowed = [code for code, _ in benefits_for(agency)]
        if text not in BENEFITS:
            raise ValueError(f"Okänd förmån {text!r}; kända förmåner: {', '.join(allowed)}.")
        if text not in allowed:
            raise ValueError(f"{agency_label(agency)} beslutar inte om {benefit_name(text)}.")
        return text
    if len(text) > spec.max_length:
        raise ValueError(f"Högst {spec.max_length} tecken.")
    return text


def _parse_value(spec: FieldSpec, raw: Any, agency: str) -> Any:
    """One field's value; raises ValueError with a Swedish message."""
    if spec.type is FieldType.DATE:
        return _parse_date(raw)
    if spec.type is FieldType.MONEY:
        try:
            return parse_money(raw, field=spec.name, maximum=MONEY_MAX)
        except DomainError as exc:
            raise ValueError(getattr(exc, "detail", exc.message)) from None
    if spec.type is FieldType.BOOL:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.strip().lower() in _TRUE | _FALSE:
            return raw.strip().lower() in _TRUE
        raise ValueError(f"{raw!r} ska vara ja eller nej (true/false).")
    text = raw if isinstance(raw, str) else None
    if text is None:
        raise ValueError(f"Ska vara en text, inte {raw!r}.")
    text = text.strip()
    if (problem := text_problem(text)) is not None:
        raise ValueError(problem)
    return _parse_text(spec, text, agency)


def _check_record(spec: KindSpec, values: dict[str, Any]) -> list[FieldError]:
    """Checks across fields: periods in order, then the kind's own (:attr:`KindSpec.check`)."""
    errors: list[FieldError] = []
    for start, end in spec.periods:
        first, last = values.get(start), values.get(end)
        if last is not None and first is None:
            errors.append(FieldError(start, "Ange periodens första dag när den sista är angiven."))
        elif first is not None and last is not None and last < first:
            errors.append(
                FieldError(end, f"Periodens slut ({last.isoformat()}) ligger före dess början ({first.isoformat()}).")
            )
    if spec.check is not None:
        errors.extend(spec.check(values))
    return errors


def _parse_identity(raw: Mapping[str, Any], errors: list[FieldError]) -> str:
    raw_identity = raw.get("identity_number")
    if _blank(raw_identity):
        errors.append(FieldError("identity_number", "Personnummer eller samordningsnummer saknas."))
        return ""
    try:
        return normalize_identity_number(str(raw_identity), on=clock.today())
    except InvalidIdentityNumber as exc:
        errors.append(FieldError("identity_number", exc.message))
        return ""


def _parse_external_id(raw: Mapping[str, Any], errors: list[FieldError], *, required: bool) -> str:
    external_id = raw.get("external_id")
    external = "" if _blank(external_id) else str(external_id).strip()
    if required and not external:
        errors.append(FieldError("external_id", "Myndighetens id för posten saknas."))
    elif len(external) > 80:
        errors.append(FieldError("external_id", "Högst 80 tecken."))
    elif (problem := text_problem(external)) is not None:
        errors.append(FieldError("external_id", problem))
    return external


def _parse_fields(spec: KindSpec, raw: Mapping[str, Any], agency: str, errors: list[FieldError]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for fspec in spec.fields:
        raw_value = raw.get(fspec.name)
        if _blank(raw_value):
            if fspec.required:
                errors.append(FieldError(fspec.name, f"{fspec.label} saknas."))
            values[fspec.name] = (
                fspec.default
                if fspec.type in (FieldType.BOOL, FieldType.CHOICE)
                else ("" if fspec.type is FieldType.TEXT else None)
            )
            continue
        try:
            values[fspec.name] = _parse_value(fspec, raw_value, agency)
        except ValueError as exc:
            errors.append(FieldError(fspec.name, str(exc)))
            values[fspec.name] = None
    return values


def parse_record(
    kind: str,
    raw: Mapping[str, Any],
    *,
    agency: str,
    require_external_id: bool = True,
    require_identity: bool = True,
) -> RecordData:
    """Check one record (strings from CSV, JSON values, or typed values from a form).

    Raises :class:`RecordInvalid` naming every field that is wrong, with Swedish messages.
    """
    spec = KIND_SPECS.get(kind)
    if spec is None:
        raise RecordInvalid([FieldError("kind", f"Okänd posttyp {kind!r}; kända: {', '.join(KIND_SPECS)}.")])
    if not spec.kept_by(agency):
        raise RecordInvalid([FieldError("kind", f"{spec.label} registreras bara hos {spec.owners_label}.")])
    errors: list[FieldError] = []
    external = _parse_external_id(raw, errors, required=require_external_id)
    identity = _parse_identity(raw, errors) if require_identity else ""
    values = _parse_fields(spec, raw, agency, errors)
    if not errors:
        errors.extend(_check_record(spec, values))
    if errors:
        raise RecordInvalid(errors)
    return RecordData(kind=kind, external_id=external, identity_number=identity, values=values, agency=agency)


def record_from_model(kind: str, instance: Any, *, agency: str = "") -> RecordData:
    """A database row as :class:`RecordData` (trusted: no validation)."""
    spec = KIND_SPECS[kind]
    values = {f.name: getattr(instance, f.name) for f in spec.fields}
    return RecordData(
        kind=kind,
        external_id=instance.external_id,
        identity_number=instance.person.identity_number,
        values=values,
        agency=agency,
        organisation=instance.organisation.code,
    )


def same_values(record: RecordData, instance: Any) -> bool:
    """Whether a stored row holds exactly this record's values (an idempotent re-import)."""
    if instance.person.identity_number != record.identity_number:
        return False
    return all(getattr(instance, f.name) == record.values.get(f.name) for f in record.spec.fields)
