"""“Hämta uppgifter”: gate first, sources in parallel with time-outs, partial answers named."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from samverkan.cases.models import Case
from samverkan.disclosures.models import AuditEntry, DisclosureRequest
from samverkan.registries.lookup import fetch_household
from samverkan.registries.models import BenefitPayment
from samverkan.registries.sources.base import SourceError, SourceResult
from samverkan.registries.sources.fanout import fan_out
from samverkan.registries.sources.sandbox import SandboxSource, generate_records

PERIOD = (dt.date(2026, 9, 1), dt.date(2026, 11, 30))
ON = dt.date(2026, 11, 2)
NUMBERS = ["19850412-9803", "19900101-9810"]


class Hangs:
    agency = "pm"
    kind = "sandbox"

    def __init__(self, timeout: float, hang: float = 2.0) -> None:
        self.timeout = timeout
        self.hang = hang

    def fetch(self, person_identity_numbers: Any, period: Any) -> SourceResult:
        time.sleep(self.hang)
        return SourceResult(agency=self.agency, source=self.kind)


# --- The fan-out (no database) -------------------------------------------------------------------


def test_sources_are_asked_in_parallel_so_the_wall_time_is_the_slowest_not_the_sum() -> None:
    latencies = {"fk": 0.3, "pm": 0.2, "af": 0.35, "unemployment_fund": 0.25}
    requests = {
        a: (SandboxSource(a, latency=lat, timeout=2, store="generated", on=ON), NUMBERS) for a, lat in latencies.items()
    }
    started = time.monotonic()
    outcomes = fan_out(requests, PERIOD)
    wall = time.monotonic() - started
    assert all(o.ok for o in outcomes.values())
    assert wall < 0.35 * 1.5 < sum(latencies.values())
    assert outcomes["af"].result is not None and outcomes["af"].result.count > 0


def test_a_hanging_source_is_named_at_its_time_out_and_the_others_are_kept() -> None:
    requests: dict[str, Any] = {
        "fk": (SandboxSource("fk", latency=0.05, timeout=2, store="generated", on=ON), NUMBERS),
        "pm": (Hangs(timeout=0.3), NUMBERS),
    }
    started = time.monotonic()
    outcomes = fan_out(requests, PERIOD)
    wall = time.monotonic() - started
    assert 0.3 <= wall < 0.6
    assert outcomes["pm"].status == "timeout"
    assert outcomes["pm"].message == "Pensionsmyndigheten svarade inte inom tidsgränsen (0.3 s)."
    assert outcomes["fk"].ok


def test_a_failing_source_is_named_and_the_others_are_kept() -> None:
    requests = {
        "af": (SandboxSource("af", failure_rate=1.0, store="generated", on=ON), NUMBERS),
        "fk": (SandboxSource("fk", store="generated", on=ON), NUMBERS),
    }
    outcomes = fan_out(requests, PERIOD)
    assert outcomes["af"].status == "failed"
    assert "Arbetsförmedlingen svarade med ett tekniskt fel" in outcomes["af"].message
    assert outcomes["fk"].ok


def test_an_unexpected_exception_in_one_source_does_not_hide_the_others() -> None:
    class Broken:
        agency, kind, timeout = "pm", "http", 1.0

        def fetch(self, *args: Any) -> SourceResult:
            raise RuntimeError("bugg")

    outcomes = fan_out(
        {"pm": (Broken(), NUMBERS), "fk": (SandboxSource("fk", store="generated", on=ON), NUMBERS)}, PERIOD
    )
    assert outcomes["pm"].status == "failed" and "RuntimeError" in outcomes["pm"].message
    assert outcomes["fk"].ok


def test_the_sandbox_is_deterministic_and_its_records_pass_the_checks() -> None:
    from samverkan.registries.records import parse_record

    for agency in ("fk", "pm", "af", "unemployment_fund"):
        for number in ("19500312-9805", *NUMBERS):
            first = generate_records(agency, number, on=ON)
            assert first == generate_records(agency, number, on=ON)
            for record in first:
                again = parse_record(record.kind, record.to_json(), agency=agency)
                assert again.values == record.values


def test_the_sandbox_fails_when_told_to() -> None:
    with pytest.raises(SourceError):
        SandboxSource("fk", failure_rate=1.0, store="generated", on=ON).fetch(NUMBERS, PERIOD)


# --- The whole lookup, through the gate ----------------------------------------------------------


def _case_and_worker(user_named: Any) -> tuple[Case, Any]:
    """A bistånd case whose applicant has FK payments in the period (the demo registers)."""
    paid = BenefitPayment.objects.filter(organisation__code="fk", paid_on__range=PERIOD).values("person")
    case = (
        Case.objects.filter(
            organisation__code="sorby-socialnamnd", case_type="assistance", status="active", subject__in=paid
        )
        .order_by("pk")
        .first()
    )
    assert case is not None
    return case, user_named("sara.lind")


@pytest.mark.django_db
def test_every_person_and_agency_is_one_audited_gate_request(user_named: Any, settings: Any) -> None:
    agencies = ("fk", "pm", "af", "unemployment_fund", "csn", "tax_agency")
    settings.SAMVERKAN_SOURCES = {a: {"latency": 0.0} for a in agencies}
    case, worker = _case_and_worker(user_named)
    members = case.members.count()
    before = DisclosureRequest.objects.count()
    result = fetch_household(requester=worker, case=case, period=PERIOD)
    assert DisclosureRequest.objects.count() - before == members * len(agencies)
    assert len(result.request_ids) == members * len(agencies)
    ids = set(result.request_ids)
    audited = {e.extra.get("request_id") for e in AuditEntry.objects.filter(event__startswith="disclosure.")}
    assert ids <= audited
    assert not result.failed_sources


@pytest.mark.django_db
def test_released_items_carry_their_basis_and_nothing_unreleased_is_shown(user_named: Any, settings: Any) -> None:
    settings.SAMVERKAN_SOURCES = {a: {"latency": 0.0} for a in ("fk", "pm", "af", "unemployment_fund")}
    case, worker = _case_and_worker(user_named)
    result = fetch_household(requester=worker, case=case, period=PERIOD)
    applicant = next(p for p in result.persons if p.person == case.subject)
    fk = next(s for s in applicant.sources if s.agency == "fk")
    assert fk.status == "ok" and fk.items
    assert {i.category for i in fk.items} <= set(fk.released)
    for item in fk.items:
        assert item.basis.startswith("Uppgiftsskyldighet")
        assert "3 § förordningen (2008:975)" in item.basis
    fund = next(s for s in applicant.sources if s.agency == "unemployment_fund")
    # The a-kassa's duty (förordning 2008:975 4 §, split as 3 §) releases its decisions and payments.
    split = {"identity", "application_submitted", "benefit_granted", "payment_period", "payment_amount", "payment_date"}
    assert set(fund.released) == split and not fund.denied
    for item in fund.items:
        assert "4 § förordningen (2008:975)" in item.basis


@pytest.mark.django_db
def test_a_failed_source_is_named_and_the_rest_is_still_shown(user_named: Any, settings: Any) -> None:
    settings.SAMVERKAN_SOURCES = {
        "fk": {"latency": 0.0},
        "pm": {"latency": 0.0},
        "af": {"latency": 0.0, "failure": 1.0},
        "unemployment_fund": {"latency": 0.0},
    }
    case, worker = _case_and_worker(user_named)
    result = fetch_household(requester=worker, case=case, period=PERIOD)
    assert [s.agency for s in result.failed_sources] == ["af"]
    applicant = next(p for p in result.persons if p.person == case.subject)
    by_agency = {s.agency: s for s in applicant.sources}
    assert by_agency["af"].status == "failed" and "Arbetsförmedlingen" in by_agency["af"].message
    assert by_agency["fk"].status == "ok" and by_agency["fk"].items


@pytest.mark.django_db
def test_a_source_that_times_out_is_named_within_its_time_out(user_named: Any, settings: Any) -> None:
    settings.SAMVERKAN_SOURCES = {
        "fk": {"latency": 0.0},
        "pm": {"latency": 0.0},
        "af": {"latency": 0.0},
        "unemployment_fund": {"latency": 0.0},
        "csn": {"latency": 0.0},
        "tax_agency": {"latency": 0.0},
    }
    case, worker = _case_and_worker(user_named)
    started = time.monotonic()
    result = fetch_household(
        requester=worker,
        case=case,
        period=PERIOD,
        source_overrides={"fk": Hangs(timeout=0.3)},
    )
    assert time.monotonic() - started < 2.0
    (failed,) = result.failed_sources
    assert failed.agency == "fk" and failed.status == "timeout"


@pytest.mark.django_db
def test_a_case_of_another_organisation_is_refused(user_named: Any) -> None:
    case = Case.objects.filter(organisation__code="fk").first()
    assert case is not None
    with pytest.raises(PermissionDenied):
        fetch_household(requester=user_named("sara.lind"), case=case, period=PERIOD)
