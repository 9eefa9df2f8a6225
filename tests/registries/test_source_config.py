"""Which source answers for an agency: defaults in code, environment, settings; file and HTTP sources."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from samverkan.cases.models import Case
from samverkan.registries.lookup import fetch_household
from samverkan.registries.models import BenefitPayment
from samverkan.registries.sources import FileSource, HttpSource, SandboxSource, get_source, source_config
from samverkan.registries.sources.base import SourceError

PERIOD = (dt.date(2026, 9, 1), dt.date(2026, 11, 30))


def test_the_sandbox_is_the_default_with_latencies_from_code(settings: Any) -> None:
    settings.SAMVERKAN_SOURCES = {}
    source = get_source("fk")
    assert isinstance(source, SandboxSource)
    assert source.latency == 0.2 and source.failure_rate == 0.0 and source.store == "db"


def test_the_environment_sets_latency_and_failure_and_settings_win(settings: Any, monkeypatch: Any) -> None:
    settings.SAMVERKAN_SOURCES = {}
    monkeypatch.setenv("SAMVERKAN_SOURCE_LATENCY_FK", "0.7")
    monkeypatch.setenv("SAMVERKAN_SOURCE_FAILURE_AF", "0.25")
    assert source_config("fk")["latency"] == 0.7
    assert source_config("af")["failure"] == 0.25
    settings.SAMVERKAN_SOURCES = {"fk": {"latency": 0.0}}
    assert source_config("fk")["latency"] == 0.0


def test_file_and_http_sources_are_chosen_by_configuration(settings: Any, tmp_path: Path) -> None:
    path = tmp_path / "pm.json"
    settings.SAMVERKAN_SOURCES = {
        "pm": {"kind": "file", "file": str(path)},
        "af": {"kind": "http", "url": "http://127.0.0.1:9/api", "timeout": 1.5, "retries": 2},
    }
    assert isinstance(get_source("pm"), FileSource)
    http = get_source("af")
    assert isinstance(http, HttpSource) and http.timeout == 1.5 and http.retries == 2
    settings.SAMVERKAN_SOURCES = {"fk": {"kind": "http"}}
    with pytest.raises(SourceError, match="ingen adress"):
        get_source("fk")


def test_a_file_source_answers_a_lookup_and_a_broken_file_is_named(settings: Any, tmp_path: Path) -> None:
    good = tmp_path / "fk.csv"
    good.write_text(
        "kind,external_id,identity_number,benefit,submitted_on\n"
        "benefit_application,F-1,19850412-9803,housing_allowance,2026-10-02\n",
        encoding="utf-8",
    )
    result = FileSource("fk", good).fetch(["19850412-9803"], PERIOD)
    assert [r.external_id for r in result.for_person("19850412-9803")] == ["F-1"]
    broken = tmp_path / "broken.csv"
    broken.write_text("kind,external_id\nbenefit_application,F-2\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"broken.csv har 3 fel \(Rad 2"):
        FileSource("fk", broken).fetch(["19850412-9803"], PERIOD)


@pytest.mark.django_db
def test_a_misconfigured_source_is_named_in_the_lookup(user_named: Any, settings: Any) -> None:
    settings.SAMVERKAN_SOURCES = {"fk": {"latency": 0.0}, "af": {"kind": "file"}}
    paid = BenefitPayment.objects.filter(organisation__code="fk", paid_on__range=PERIOD).values("person")
    case = Case.objects.filter(
        organisation__code="sorby-socialnamnd", case_type="assistance", status="active", subject__in=paid
    ).first()
    assert case is not None
    result = fetch_household(requester=user_named("sara.lind"), case=case, period=PERIOD, sources=["fk", "af"])
    (failed,) = result.failed_sources
    assert failed.agency == "af" and "ingen fil" in failed.message
    assert any(s.items for p in result.persons for s in p.sources if s.agency == "fk")
