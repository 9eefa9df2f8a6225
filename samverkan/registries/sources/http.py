"""An HTTP client for an agency's JSON API (httpx), with time-outs and retries.

The API this client speaks (the same exchange format as the file import):

``POST {base_url}/records`` with ``{"agency": "fk", "identity_numbers": [...],
"period": {"start": "2026-09-01", "end": "2026-11-30"}}`` answers ``200`` with
``{"records": [ {"kind": ..., "external_id": ..., "identity_number": ..., <fields>}, ... ]}``.

Each attempt has its own time-out; connection errors, time-outs and answers 429/502/503/504
are retried (``retries`` times, waiting ``backoff`` × 2ⁿ seconds between attempts). Any other
error status, a body that is not that JSON, or a record that does not pass the checks makes the
whole answer an error: a partly wrong answer is never used.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import httpx

from samverkan.registries.records import Agency, RecordData, RecordInvalid, parse_record
from samverkan.registries.sources.base import Period, SourceError, SourceResult, SourceTimeout, period_result

RETRY_STATUSES = frozenset({429, 502, 503, 504})


class HttpSource:
    kind = "http"

    def __init__(
        self,
        agency: str,
        base_url: str,
        *,
        timeout: float = 3.0,
        attempt_timeout: float | None = None,
        retries: int = 2,
        backoff: float = 0.1,
        headers: dict[str, str] | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ValueError("base_url ska börja med http:// eller https://")
        self.agency = Agency(agency).value
        self.base_url = base_url.rstrip("/")
        self.timeout = float(timeout)
        self.attempt_timeout = float(attempt_timeout) if attempt_timeout is not None else self.timeout
        self.retries = max(0, int(retries))
        self.backoff = max(0.0, float(backoff))
        self.headers = dict(headers or {})
        self.transport = transport
        self.attempts_made = 0

    @property
    def _label(self) -> str:
        return Agency(self.agency).label

    def fetch(self, person_identity_numbers: Sequence[str], period: Period) -> SourceResult:
        started = time.monotonic()
        asked = list(dict.fromkeys(person_identity_numbers))
        body = {
            "agency": self.agency,
            "identity_numbers": asked,
            "period": {"start": period[0].isoformat(), "end": period[1].isoformat()},
        }
        payload = self._post(body)
        records = self._records(payload, asked)
        return period_result(self, records, period, asked, started=started)

    def _post(self, body: dict[str, Any]) -> Any:
        last_problem = ""
        timed_out = False
        with httpx.Client(
            timeout=httpx.Timeout(self.attempt_timeout),
            headers={"Accept": "application/json", **self.headers},
            transport=self.transport,
        ) as client:
            for attempt in range(self.retries + 1):
                if attempt:
                    time.sleep(self.backoff * (2 ** (attempt - 1)))
                self.attempts_made += 1
                try:
                    response = client.post(f"{self.base_url}/records", json=body)
                except httpx.TimeoutException:
                    timed_out = True
                    last_problem = f"svarade inte inom {self.attempt_timeout:g} s"
                    continue
                except httpx.TransportError as exc:
                    timed_out = False
                    last_problem = f"gick inte att nå ({type(exc).__name__})"
                    continue
                if response.status_code in RETRY_STATUSES:
                    timed_out = False
                    last_problem = f"svarade med status {response.status_code}"
                    continue
                if response.status_code != 200:
                    raise SourceError(
                        f"{self._label} svarade med status {response.status_code}; frågan försöks inte igen."
                    )
                try:
                    return json.loads(response.content, parse_float=Decimal)
                except (json.JSONDecodeError, UnicodeDecodeError):
                    raise SourceError(f"{self._label} svarade inte med giltig JSON.") from None
        tries = self.retries + 1
        message = f"{self._label} {last_problem} ({tries} försök)."
        raise SourceTimeout(message) if timed_out else SourceError(message)

    def _records(self, payload: Any, asked: Sequence[str]) -> list[RecordData]:
        if not isinstance(payload, dict) or not isinstance(payload.get("records"), list):
            raise SourceError(f"{self._label} svarade i fel format: listan ”records” saknas.")
        wanted = set(asked)
        records: list[RecordData] = []
        problems: list[str] = []
        for index, raw in enumerate(payload["records"]):
            if not isinstance(raw, dict):
                problems.append(f"post {index + 1}: ska vara ett objekt")
                continue
            try:
                record = parse_record(str(raw.get("kind") or ""), raw, agency=self.agency)
            except RecordInvalid as exc:
                problems.extend(f"post {index + 1}, fält {e.field}: {e.message}" for e in exc.errors)
                continue
            if record.identity_number not in wanted:
                problems.append(f"post {index + 1}: gäller en person som inte efterfrågades")
                continue
            records.append(record)
        if problems:
            shown = "; ".join(problems[:3]) + (" …" if len(problems) > 3 else "")
            raise SourceError(f"{self._label} svarade med felaktiga poster ({shown}); svaret används inte.")
        return records
