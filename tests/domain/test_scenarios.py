"""Every rule scenario (the shared contract examples and the project's own) passes, and the runner
reports a malformed file with its line instead of skipping it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from samverkan.core import clock
from samverkan.domain import scenarios

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "contracts" / "examples"
FILES = sorted(scenarios.scenario_files([ROOT / "scenarios", *([SHARED] if SHARED.exists() else [])]))


def _all() -> list[scenarios.Scenario]:
    return [s for f in FILES for s in scenarios.load_file(f)]


@pytest.mark.parametrize("scenario", _all(), ids=lambda s: f"{Path(s.path).parent.name}/{s.name}")
def test_scenario_passes(scenario: scenarios.Scenario) -> None:
    outcome = scenarios.run_scenario(scenario, today=clock.today())
    assert outcome.passed, outcome.line()


def test_shared_contract_examples_are_present_in_ci() -> None:
    assert SHARED.exists() or "CI" not in __import__("os").environ


def test_a_file_that_breaks_the_format_is_reported_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "- name: ok\n  kind: identity\n  input: {number: '811218-9876'}\n  expect: {valid: true}\n"
        "- name: missing expect\n  kind: identity\n  input: {}\n",
        encoding="utf-8",
    )
    outcomes = list(scenarios.run_paths([bad], today=clock.today()))
    assert len(outcomes) == 1 and not outcomes[0].passed
    assert "bad.yaml:5" in outcomes[0].line() and "expect" in outcomes[0].line()


def test_an_unknown_kind_is_a_format_error(tmp_path: Path) -> None:
    bad = tmp_path / "kind.yaml"
    bad.write_text("- name: x\n  kind: taxes\n  input: {}\n  expect: {}\n", encoding="utf-8")
    with pytest.raises(scenarios.ScenarioFormatError) as info:
        scenarios.load_file(bad)
    assert info.value.line == 1


def test_a_differing_result_fails_with_what_differed(tmp_path: Path) -> None:
    f = tmp_path / "wrong.yaml"
    f.write_text("- name: wrong\n  kind: identity\n  input: {number: '811218-9877'}\n  expect: {valid: true}\n")
    (outcome,) = scenarios.run_paths([f], today=clock.today())
    assert outcome.line().startswith("FAIL wrong: valid: väntade True, fick False")


def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "samverkan", *args], input=stdin, capture_output=True, text=True, cwd=ROOT, check=False
    )


def test_cli_rules_test_prints_one_line_per_scenario_and_the_totals(tmp_path: Path) -> None:
    f = tmp_path / "s.yaml"
    f.write_text(
        "- name: good\n  kind: identity\n  input: {number: '811218-9876'}\n  expect: {valid: true}\n"
        "- name: bad\n  kind: identity\n  input: {number: '811218-9876'}\n  expect: {valid: false}\n"
    )
    result = _cli("rules", "test", str(f))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "PASS good",
        "FAIL bad: valid: väntade False, fick True",
        "1 passed, 1 failed",
    ]


def test_cli_rules_eval_reads_json_on_stdin() -> None:
    result = _cli("rules", "eval", "identity", stdin=json.dumps({"number": "121212+1212", "on": "2026-11-22"}))
    assert result.returncode == 0
    assert json.loads(result.stdout)["normalized"] == "19121212-1212"


def test_an_impossible_date_is_a_format_error_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "date.yaml"
    bad.write_text(
        "- name: x\n  kind: identity\n  input:\n    number: '811218-9876'\n    on: 2026-13-02\n  expect: {}\n"
    )
    with pytest.raises(scenarios.ScenarioFormatError) as info:
        scenarios.load_file(bad)
    assert info.value.line == 5


def test_a_key_written_on_stays_the_string_on(tmp_path: Path) -> None:
    f = tmp_path / "on.yaml"
    f.write_text("- name: x\n  kind: identity\n  input: {number: '121212+1212', on: 2026-11-22}\n  expect: {}\n")
    (scenario,) = scenarios.load_file(f)
    assert scenario.input == {"number": "121212+1212", "on": "2026-11-22"}


def test_lists_compare_in_order_except_the_four_named_as_sets() -> None:
    assert scenarios.compare_generic({"citations": ["a", "b"]}, {"citations": ["b", "a"]})
    assert not scenarios.compare_generic({"citations": ["a", "b"]}, {"citations": ["a", "b"]})
    for key in ("released", "review", "denied", "findings"):
        assert not scenarios.compare_generic({key: ["a", "b"]}, {key: ["b", "a"]})
    assert scenarios.compare_generic({"x": True}, {"x": 1})


def test_a_scenario_without_a_reference_date_is_evaluated_on_the_callers_today() -> None:
    near = "261230-9803"  # 30 December: 2026 is not yet reached on the pinned day, so 1926
    import datetime as dt

    assert scenarios.evaluate("identity", {"number": near}, today=dt.date(2026, 11, 18))["normalized"].startswith(
        "1926"
    )
    assert scenarios.evaluate("identity", {"number": near}, today=dt.date(2026, 12, 31))["normalized"].startswith(
        "2026"
    )
