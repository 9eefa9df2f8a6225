"""Rule scenarios (contracts/README.md, kind ``reclaim``): the contract's JSON parsed and evaluated."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any, Final

from samverkan.domain.dates import plausible
from samverkan.domain.errors import InputError
from samverkan.domain.money import parse_money
from samverkan.domain.reclaim.benefits import Agency, benefit_by_code
from samverkan.domain.reclaim.calculation import calculate
from samverkan.domain.reclaim.model import (
    AssistanceKind,
    AssistancePayment,
    LedgerEntry,
    Period,
    ReclaimInput,
    RetroactiveDecision,
)

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


_INPUT_KEYS: Final = frozenset(
    {
        "benefit",
        "decided_by",
        "decision_date",
        "retroactive_period",
        "retroactive_amount",
        "request_received",
        "payout_date",
        "assistance_payments",
        "repaid",
        "previously_reclaimed",
        "ledger",
        "decision_id",
    }
)


_PAYMENT_KEYS: Final = frozenset({"covers", "paid_on", "amount", "kind", "advance_with_written_notice", "id", "member"})


_LEDGER_KEYS: Final = frozenset({"payment_id", "start", "end", "amount", "decision_id"})


def _require(data: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in data or data[key] is None:
        raise InputError(where, "Uppgiften saknas.", code="required")
    return data[key]


def _check_keys(data: Mapping[str, Any], allowed: frozenset[str], prefix: str) -> None:
    unknown = sorted(str(k) for k in data if k not in allowed)
    if unknown:
        raise InputError(
            f"{prefix}{unknown[0]}",
            f"Okänd uppgift; tillåtna uppgifter är {', '.join(sorted(allowed))}.",
            code="unknown_key",
        )


def _date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.datetime):
        raise InputError(where, "Ange ett datum (ÅÅÅÅ-MM-DD), inte en tidpunkt.", code="date")
    if isinstance(value, dt.date):
        return plausible(value, where)
    if not isinstance(value, str) or not _ISO_DATE.match(value.strip()):
        raise InputError(where, f"{value!r} är inget datum; skriv ÅÅÅÅ-MM-DD, t.ex. 2026-05-04.", code="date")
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(where, f"{value} är inget riktigt datum.", code="date") from None
    return plausible(day, where)


def _period(value: Any, where: str) -> Period:
    if not isinstance(value, Mapping):
        raise InputError(where, "Ange perioden som {start, end}.", code="period")
    _check_keys(value, frozenset({"start", "end"}), f"{where}.")
    start = _date(_require(value, "start", f"{where}.start"), f"{where}.start")
    end = _date(_require(value, "end", f"{where}.end"), f"{where}.end")
    if end < start:
        raise InputError(
            f"{where}.end",
            f"Periodens sista dag {end.isoformat()} ligger före dess första dag {start.isoformat()}.",
            code="period_order",
        )
    return Period(start, end)


def _bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise InputError(where, "Ange true eller false.", code="bool")
    return value


def _text(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InputError(where, "Ange en text.", code="text")
    return str(value)


def _payment(value: Any, index: int) -> AssistancePayment:
    where = f"assistance_payments[{index}]"
    if not isinstance(value, Mapping):
        raise InputError(where, "Varje utbetalning ska vara ett objekt med covers, paid_on, amount och kind.")
    _check_keys(value, _PAYMENT_KEYS, f"{where}.")
    covers_raw = value.get("covers")
    covers = None if covers_raw is None else _period(covers_raw, f"{where}.covers")
    kind_raw = _require(value, "kind", f"{where}.kind")
    try:
        kind = AssistanceKind(kind_raw)
    except ValueError:
        raise InputError(
            f"{where}.kind",
            f"Okänt slag av bistånd {kind_raw!r}; ange subsistence (försörjningsstöd), other_living (livsföring "
            "i övrigt) eller discretionary (bistånd utöver, 12 kap. 2 §).",
            code="kind",
        ) from None
    return AssistancePayment(
        paid_on=_date(_require(value, "paid_on", f"{where}.paid_on"), f"{where}.paid_on"),
        amount=parse_money(_require(value, "amount", f"{where}.amount"), field=f"{where}.amount"),
        kind=kind,
        covers=covers,
        advance_with_written_notice=_bool(
            value.get("advance_with_written_notice", False), f"{where}.advance_with_written_notice"
        ),
        id=_text(value.get("id"), f"{where}.id"),
        member=_text(value.get("member"), f"{where}.member"),
    )


def _ledger_entry(value: Any, index: int) -> LedgerEntry:
    where = f"ledger[{index}]"
    if not isinstance(value, Mapping):
        raise InputError(where, "Varje rad ska vara ett objekt med payment_id, start, end och amount.")
    _check_keys(value, _LEDGER_KEYS, f"{where}.")
    payment_id = _text(_require(value, "payment_id", f"{where}.payment_id"), f"{where}.payment_id")
    start = _date(_require(value, "start", f"{where}.start"), f"{where}.start")
    end = _date(_require(value, "end", f"{where}.end"), f"{where}.end")
    if end < start:
        raise InputError(f"{where}.end", "Sista dagen ligger före första dagen.", code="period_order")
    return LedgerEntry(
        payment_id=str(payment_id),
        start=start,
        end=end,
        amount=parse_money(_require(value, "amount", f"{where}.amount"), field=f"{where}.amount"),
        decision_id=_text(value.get("decision_id"), f"{where}.decision_id"),
    )


def _list(value: Any, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise InputError(where, "Ange en lista.", code="list")
    return list(value)


def parse_input(data: Mapping[str, Any]) -> ReclaimInput:
    """The contract's JSON input as a :class:`ReclaimInput`; :class:`InputError` names the bad field."""
    if not isinstance(data, Mapping):
        raise InputError("input", "Indata ska vara ett objekt.")
    _check_keys(data, _INPUT_KEYS, "")
    code = _require(data, "benefit", "benefit")
    info = benefit_by_code(code)
    decided_raw = _require(data, "decided_by", "decided_by")
    try:
        decided_by = Agency(decided_raw)
    except ValueError:
        raise InputError(
            "decided_by",
            f"Okänd myndighet {decided_raw!r}; återsökning gäller beslut av fk (Försäkringskassan) eller pm "
            "(Pensionsmyndigheten).",
            code="agency",
        ) from None
    decision = RetroactiveDecision(
        benefit=info.code,
        decided_by=decided_by,
        decision_date=_date(_require(data, "decision_date", "decision_date"), "decision_date"),
        period=_period(_require(data, "retroactive_period", "retroactive_period"), "retroactive_period"),
        amount=parse_money(_require(data, "retroactive_amount", "retroactive_amount"), field="retroactive_amount"),
        payout_date=_date(_require(data, "payout_date", "payout_date"), "payout_date"),
        id=_text(data.get("decision_id"), "decision_id"),
    )
    payments = [_payment(v, i) for i, v in enumerate(_list(data.get("assistance_payments"), "assistance_payments"))]
    ledger = [_ledger_entry(v, i) for i, v in enumerate(_list(data.get("ledger"), "ledger"))]
    return ReclaimInput(
        decision=decision,
        request_received=_date(_require(data, "request_received", "request_received"), "request_received"),
        assistance_payments=payments,
        repaid=parse_money(data.get("repaid", "0.00"), field="repaid"),
        previously_reclaimed=parse_money(data.get("previously_reclaimed", "0.00"), field="previously_reclaimed"),
        ledger=ledger,
    )


def evaluate(data: Mapping[str, Any]) -> dict[str, Any]:
    """Rule-scenario kind ``reclaim`` (contracts/README.md): JSON in, JSON out."""
    return calculate(parse_input(data)).as_dict()
