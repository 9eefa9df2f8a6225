"""Rule scenarios (contracts/README.md, kind ``disclosure``): the contract's input parsed, the expectation compared."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from samverkan.domain.checks import flag
from samverkan.domain.consent import ConsentRecord, case_type, organisation_type
from samverkan.domain.dates import plausible
from samverkan.domain.disclosure.catalogue import category
from samverkan.domain.disclosure.request import DisclosureRequest
from samverkan.domain.errors import InputError
from samverkan.domain.organisations import CaseType
from samverkan.domain.scenarios import compare_generic

_REQUEST_KEYS = frozenset(
    {
        "date",
        "requester",
        "requester_handles_assistance",
        "discloser",
        "active_case",
        "categories",
        "consents",
        "household_member",
        "period_start",
        "period_end",
        "own_work_necessity",
        "case_type",
    }
)


_CONSENT_KEYS = frozenset(
    {
        "id",
        "recorded_by",
        "recipient",
        "categories",
        "purpose",
        "case_type",
        "valid_from",
        "valid_to",
        "form",
        "withdrawn_on",
        "given_by",
        "subject_birth_date",
        "child_agrees",
    }
)


_CONSENT_REQUIRED = ("recorded_by", "recipient", "categories", "purpose", "valid_from", "form")


def _parse_date(value: object, field_name: str, *, required: bool = True) -> dt.date | None:
    if value is None:
        if required:
            raise InputError(field_name, "Ange ett datum (ÅÅÅÅ-MM-DD).", code="required")
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return plausible(value, field_name)
    if isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value) if len(value) == 10 else None
        except ValueError:
            day = None
        if day is not None:
            return plausible(day, field_name)
    raise InputError(field_name, f"Ogiltigt datum {value!r}; skriv ÅÅÅÅ-MM-DD.", code="date")


def _parse_case_type(value: object, field_name: str) -> CaseType | None:
    return None if value is None else case_type(value, field_name)


def _parse_codes(value: object, field_name: str) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise InputError(field_name, "Ska vara en lista av uppgiftskategorier (texter).", code="type")
    for code in value:
        category(code, field_name)
    return tuple(value)


def parse_consent(data: object, prefix: str = "consent") -> ConsentRecord:
    """A :class:`ConsentRecord` from JSON-like data; errors name ``prefix.field``."""
    if not isinstance(data, Mapping):
        raise InputError(
            prefix, "Ett samtycke ska vara ett objekt med recorded_by, recipient, categories …", code="type"
        )
    unknown = sorted(set(data) - _CONSENT_KEYS)
    if unknown:
        raise InputError(f"{prefix}.{unknown[0]}", f"Okänt fält i samtycket: {', '.join(unknown)}.", code="unknown")
    for key in _CONSENT_REQUIRED:
        if key not in data:
            raise InputError(f"{prefix}.{key}", "Fältet saknas i samtycket.", code="required")
    purpose = data["purpose"]
    if not isinstance(purpose, str):
        raise InputError(f"{prefix}.purpose", "Ändamålet ska vara en text.", code="type")
    try:
        valid_from = _parse_date(data["valid_from"], f"{prefix}.valid_from")
        assert valid_from is not None
        return ConsentRecord(
            recorded_by=organisation_type(data["recorded_by"], f"{prefix}.recorded_by"),
            recipient=organisation_type(data["recipient"], f"{prefix}.recipient"),
            categories=_parse_codes(data["categories"], f"{prefix}.categories"),
            purpose=purpose,
            valid_from=valid_from,
            valid_to=_parse_date(data.get("valid_to"), f"{prefix}.valid_to", required=False),
            form=data["form"],
            withdrawn_on=_parse_date(data.get("withdrawn_on"), f"{prefix}.withdrawn_on", required=False),
            id=data.get("id"),
            case_type=_parse_case_type(data.get("case_type"), f"{prefix}.case_type"),
            given_by=data.get("given_by", "person"),
            subject_birth_date=_parse_date(data.get("subject_birth_date"), "subject_birth_date", required=False),
            child_agrees=data.get("child_agrees"),
        )
    except InputError as exc:
        if exc.field.startswith(prefix):
            raise
        raise InputError(f"{prefix}.{exc.field}", exc.detail, code=exc.code) from None


def parse_request(data: Mapping[str, Any]) -> DisclosureRequest:
    """A :class:`DisclosureRequest` from contract input (JSON shapes, dates as strings)."""
    if not isinstance(data, Mapping):
        raise InputError("input", "Indata ska vara ett objekt.", code="type")
    unknown = sorted(set(data) - _REQUEST_KEYS)
    if unknown:
        raise InputError(unknown[0], f"Okänt fält: {', '.join(unknown)}.", code="unknown")
    for key in ("date", "requester", "discloser", "categories"):
        if key not in data:
            raise InputError(key, "Fältet saknas.", code="required")
    consents_raw = data.get("consents") or []
    if not isinstance(consents_raw, (list, tuple)):
        raise InputError("consents", "Ska vara en lista av samtycken.", code="type")
    date = _parse_date(data["date"], "date")
    assert date is not None
    return DisclosureRequest(
        date=date,
        requester=organisation_type(data["requester"], "requester"),
        requester_handles_assistance=flag(data, "requester_handles_assistance", False),
        discloser=organisation_type(data["discloser"], "discloser"),
        active_case=flag(data, "active_case", False),
        categories=_parse_codes(data["categories"], "categories"),
        consents=tuple(parse_consent(c, f"consents[{i}]") for i, c in enumerate(consents_raw)),
        household_member=flag(data, "household_member", True),
        period_start=_parse_date(data.get("period_start"), "period_start", required=False),
        period_end=_parse_date(data.get("period_end"), "period_end", required=False),
        own_work_necessity=flag(data, "own_work_necessity", False),
        case_type=_parse_case_type(data.get("case_type"), "case_type"),
    )


def evaluate(data: Mapping[str, Any]) -> dict[str, Any]:
    """Rule-scenario kind ``disclosure``: contract input in, result with lists, citations and explanations out."""
    from samverkan.domain.decision import decide

    return decide(parse_request(data)).result()


_LISTS = ("released", "review", "denied")


def compare_expectation(expect: Mapping[str, Any], result: Mapping[str, Any]) -> list[str]:
    """Compare a scenario's ``expect`` with :func:`evaluate`'s result.

    The three lists compare as sets; each ``citations`` entry is a text that must
    occur in that category's citation; other keys compare as
    :func:`~samverkan.domain.scenarios.compare_generic` does.
    """
    differences: list[str] = []
    rest: dict[str, Any] = {}
    for key, expected in expect.items():
        if key in _LISTS:
            actual = result.get(key, [])
            if not isinstance(expected, list):
                differences.append(f"{key}: väntade en lista, fick {expected!r} i expect")
            elif set(map(str, expected)) != set(actual):
                differences.append(f"{key}: väntade {sorted(map(str, expected))}, fick {sorted(actual)}")
        elif key == "citations":
            if not isinstance(expected, Mapping):
                differences.append(f"citations: väntade en mappning kategori → text, fick {expected!r}")
                continue
            cited: Mapping[str, str] = result.get("citations", {})
            for code, text in expected.items():
                if code not in cited:
                    differences.append(f"citations.{code}: kategorin finns inte i resultatet")
                elif str(text) not in cited[code]:
                    differences.append(f"citations.{code}: väntade att {text!r} ingår i {cited[code]!r}")
        else:
            rest[key] = expected
    differences.extend(compare_generic(rest, result))
    return differences
