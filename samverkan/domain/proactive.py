"""Rule-scenario kind ``proactive``: must an agency tell socialnämnden of an event on its own initiative?

The rule itself is :func:`samverkan.domain.disclosure.proactive_notice` (the duty table's ``proactive`` rows:
SoL (2025:400) 15 kap. 10 §, "dessa myndigheter och arbetslöshetskassorna på eget initiativ", and
förordningen (2008:975) 2, 3, 4, 5 och 7 §§); this module only reads a scenario's input and shapes the result.

Input: ``date`` (the day of the event), ``discloser`` (organisation type), ``event`` (an
:class:`~samverkan.domain.disclosure.AgencyEventKind` code), ``active_case`` (the person has an aktuellt ärende
om ekonomiskt bistånd), optional ``household_member`` (default true) and ``retroactive`` (default false).

Result: ``required`` (bool), ``categories`` (the categories to send; compared as a set), ``citation`` (the
cited provisions as one text; an expected text must occur in it), ``urgent`` and ``explanation`` (Swedish).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from samverkan.domain.checks import flag
from samverkan.domain.dates import plausible
from samverkan.domain.disclosure import AgencyEvent, proactive_notice
from samverkan.domain.errors import InputError
from samverkan.domain.scenarios import compare_generic

_KEYS = frozenset({"date", "discloser", "event", "active_case", "household_member", "retroactive"})


def _day(value: object) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return plausible(value, "date")
    if isinstance(value, str) and len(value) == 10:
        try:
            return plausible(dt.date.fromisoformat(value), "date")
        except ValueError:
            pass
    raise InputError("date", f"Ogiltigt datum {value!r}; skriv ÅÅÅÅ-MM-DD.", code="date")


def evaluate(data: Mapping[str, Any]) -> dict[str, Any]:
    """The proactive-notice decision for one event, as scenario result data."""
    if not isinstance(data, Mapping):
        raise InputError("input", "Indata ska vara ett objekt.", code="type")
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise InputError(unknown[0], f"Okänt fält: {', '.join(unknown)}.", code="unknown")
    for key in ("date", "discloser", "event", "active_case"):
        if key not in data:
            raise InputError(key, "Fältet saknas.", code="required")
    notice = proactive_notice(
        AgencyEvent(
            discloser=data["discloser"],
            kind=data["event"],
            on=_day(data["date"]),
            active_assistance_case=flag(data, "active_case", False),
            household_member=flag(data, "household_member", True),
            retroactive=flag(data, "retroactive", False),
        )
    )
    return {
        "required": notice.required,
        "categories": sorted(notice.categories),
        "citation": notice.citation,
        "urgent": notice.urgent,
        "explanation": notice.explanation,
    }


def compare_expectation(expect: Mapping[str, Any], result: Mapping[str, Any]) -> list[str]:
    """``categories`` compare as a set, ``citation`` as a text that must occur; the rest as usual."""
    differences: list[str] = []
    rest: dict[str, Any] = {}
    for key, expected in expect.items():
        if key == "categories":
            if not isinstance(expected, list) or set(map(str, expected)) != set(result.get("categories", [])):
                differences.append(f"categories: väntade {expected!r}, fick {result.get('categories')!r}")
        elif key == "citation":
            if str(expected) not in str(result.get("citation", "")):
                differences.append(f"citation: väntade att {expected!r} ingår i {result.get('citation')!r}")
        else:
            rest[key] = expected
    differences.extend(compare_generic(rest, result))
    return differences
