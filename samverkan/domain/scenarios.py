"""Rule scenarios in YAML, as ``../shared/contracts/README.md`` defines them.

A file holds a list of scenarios, each with ``name``, ``kind``, ``input`` and
``expect``. Every key in ``expect`` must match the result; other result keys are
not checked. A kind is a module in :data:`KINDS` exposing ``evaluate(input) ->
dict``; it may expose ``compare_expectation(expect, result) -> list[str]`` when
the generic comparison does not fit (e.g. citations matched as substrings).
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from samverkan.domain.errors import DomainError

#: kind -> module implementing it. Adding a kind is one line here.
KINDS: dict[str, str] = {
    "identity": "samverkan.domain.identity",
    "disclosure": "samverkan.domain.disclosure",
    "reclaim": "samverkan.domain.reclaim",
    "pii": "samverkan.domain.pii",
    "sick_leave_chain": "samverkan.domain.sick_leave_chain",
    # Project-local (not in the shared contract): the proactive notices ("på eget initiativ").
    "proactive": "samverkan.domain.proactive",
}

REQUIRED_KEYS = ("name", "kind", "input", "expect")

#: Result lists that compare as sets (contracts/README.md); every other list compares in order.
SET_KEYS = frozenset({"released", "review", "denied", "findings"})


class ScenarioLoader(yaml.SafeLoader):
    """A safe YAML loader whose mapping keys are always the strings as written.

    YAML 1.1 reads a bare ``on``/``off``/``yes``/``no`` as a boolean, so a key written ``on``
    would become ``True`` and the rule would silently use its default (contracts/README.md:
    "Keys are strings"). Values keep the usual safe-loader types (dates, numbers, booleans).
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, yaml.MappingNode):
            self.flatten_mapping(node)
            for key_node, _value in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    key_node.tag = "tag:yaml.org,2002:str"
        return super().construct_mapping(node, deep=deep)


Evaluator = Callable[[Mapping[str, Any]], dict[str, Any]]
Comparator = Callable[[Mapping[str, Any], Mapping[str, Any]], list[str]]


class UnknownKind(DomainError):
    pass


class ScenarioFormatError(DomainError):
    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}", code="format")
        self.path = path
        self.line = line


@dataclass(frozen=True)
class Scenario:
    name: str
    kind: str
    input: dict[str, Any]
    expect: dict[str, Any]
    path: str = ""
    line: int = 0


@dataclass
class Outcome:
    scenario: Scenario | None
    passed: bool
    differences: list[str] = field(default_factory=list)
    error: str | None = None

    def line(self) -> str:
        if self.scenario is None:
            return f"ERROR {self.error}"
        if self.passed:
            return f"PASS {self.scenario.name}"
        detail = self.error or "; ".join(self.differences)
        return f"FAIL {self.scenario.name}: {detail}"


def _module(kind: str) -> Any:
    if kind not in KINDS:
        raise UnknownKind(f"Okänd regelsort {kind!r}; kända sorter: {', '.join(sorted(KINDS))}.", code="kind")
    try:
        return importlib.import_module(KINDS[kind])
    except ModuleNotFoundError as exc:  # a kind whose issue is not built yet
        raise UnknownKind(f"Regelsorten {kind!r} är inte införd ännu.", code="kind") from exc


def evaluator(kind: str) -> Evaluator:
    fn: Evaluator = _module(kind).evaluate
    return fn


def evaluate(kind: str, data: Mapping[str, Any], *, today: dt.date) -> dict[str, Any]:
    """Evaluate one scenario input (as JSON-compatible data) for ``kind``.

    ``today`` is the caller's clock (the domain reads none): a kind whose input has an optional
    reference date (``REFERENCE_DATE_KEY`` in its module) gets it when the input leaves it out.
    """
    if not isinstance(data, Mapping):
        raise DomainError("Indata måste vara ett JSON-objekt.", code="input")
    module = _module(kind)
    fn: Evaluator = module.evaluate
    return fn(_with_reference_date(module, to_plain(data), today))


def _with_reference_date(module: Any, data: Any, today: dt.date) -> Any:
    key = getattr(module, "REFERENCE_DATE_KEY", None)
    if key is None or not isinstance(data, Mapping) or data.get(key) is not None:
        return data
    return {**data, key: today.isoformat()}


def to_plain(value: Any) -> Any:
    """YAML values to the JSON shapes the rules take (dates as ISO strings)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, Mapping):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    return value


def _same(expected: Any, actual: Any, *, as_set: bool = False) -> bool:
    if isinstance(expected, list) and isinstance(actual, list):
        if as_set:
            key = lambda v: json.dumps(v, sort_keys=True, default=str)  # noqa: E731
            return set(map(key, expected)) == set(map(key, actual))
        return len(expected) == len(actual) and all(_same(e, a) for e, a in zip(expected, actual, strict=True))
    if isinstance(expected, Mapping) and isinstance(actual, Mapping):
        return not compare_generic(expected, actual)
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual
    return bool(expected == actual)


def compare_generic(expect: Mapping[str, Any], result: Mapping[str, Any], prefix: str = "") -> list[str]:
    """Every key in ``expect`` must match; lists compare in order, except :data:`SET_KEYS` (as sets)."""
    differences = []
    for key, expected in expect.items():
        where = f"{prefix}{key}"
        if key not in result:
            differences.append(f"{where}: väntade {expected!r}, saknas i resultatet")
            continue
        actual = result[key]
        if isinstance(expected, Mapping) and isinstance(actual, Mapping):
            differences.extend(compare_generic(expected, actual, prefix=f"{where}."))
        elif not _same(expected, actual, as_set=key in SET_KEYS):
            differences.append(f"{where}: väntade {expected!r}, fick {actual!r}")
    return differences


def run_scenario(scenario: Scenario, *, today: dt.date) -> Outcome:
    try:
        module = _module(scenario.kind)
        result = module.evaluate(_with_reference_date(module, scenario.input, today))
    except DomainError as exc:
        return Outcome(scenario, False, error=exc.message)
    compare: Comparator = getattr(module, "compare_expectation", compare_generic)
    differences = compare(scenario.expect, result)
    return Outcome(scenario, not differences, differences)


def _line_of_error(text: str) -> int:
    """The line of the first scalar whose value cannot be constructed (e.g. 2026-13-02)."""
    loader = ScenarioLoader(text)
    try:
        root = loader.get_single_node()
        stack = [root] if root is not None else []
        while stack:
            node = stack.pop(0)
            if isinstance(node, yaml.ScalarNode):
                try:
                    loader.construct_object(node, deep=True)
                except ValueError:
                    return int(node.start_mark.line) + 1
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
            elif isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    stack.extend([key, value])
    finally:
        loader.dispose()
    return 1


def load_file(path: Path) -> list[Scenario]:
    """Load and check the format of one file; raises :class:`ScenarioFormatError`."""
    text = path.read_text(encoding="utf-8")
    shown = str(path)
    try:
        root = yaml.compose(text, Loader=ScenarioLoader)
        data = yaml.load(text, Loader=ScenarioLoader)
    except ValueError as exc:  # e.g. an impossible date such as 2026-13-02
        raise ScenarioFormatError(shown, _line_of_error(text), f"ogiltigt värde: {exc}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise ScenarioFormatError(shown, line, f"ogiltig YAML: {getattr(exc, 'problem', exc)}") from exc
    if root is None:
        raise ScenarioFormatError(shown, 1, "filen är tom; den ska innehålla en lista av scenarier")
    if not isinstance(root, yaml.SequenceNode) or not isinstance(data, list):
        raise ScenarioFormatError(shown, root.start_mark.line + 1, "filen ska innehålla en lista av scenarier")
    scenarios = []
    for node, item in zip(root.value, data, strict=True):
        line = node.start_mark.line + 1
        if not isinstance(item, dict):
            raise ScenarioFormatError(shown, line, "varje scenario ska vara en mappning med name, kind, input, expect")
        missing = [k for k in REQUIRED_KEYS if k not in item]
        if missing:
            raise ScenarioFormatError(shown, line, f"scenariot saknar {', '.join(missing)}")
        unknown = sorted(set(item) - set(REQUIRED_KEYS))
        if unknown:
            raise ScenarioFormatError(shown, line, f"okända nycklar: {', '.join(unknown)}")
        if not isinstance(item["name"], str) or not item["name"].strip():
            raise ScenarioFormatError(shown, line, "name ska vara en text")
        if item["kind"] not in KINDS:
            raise ScenarioFormatError(shown, line, f"okänd kind {item['kind']!r}; kända: {', '.join(sorted(KINDS))}")
        for key in ("input", "expect"):
            if not isinstance(item[key], dict):
                raise ScenarioFormatError(shown, line, f"{key} ska vara en mappning")
        scenarios.append(
            Scenario(
                name=item["name"],
                kind=item["kind"],
                input=to_plain(item["input"]),
                expect=to_plain(item["expect"]),
                path=shown,
                line=line,
            )
        )
    return scenarios


def scenario_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml"))
        else:
            yield path


def run_paths(paths: Iterable[str | Path], *, today: dt.date) -> Iterator[Outcome]:
    """Run every scenario in the files and folders; format errors become outcomes."""
    for path in scenario_files(paths):
        if not path.exists():
            yield Outcome(None, False, error=f"{path}: filen finns inte")
            continue
        try:
            scenarios = load_file(path)
        except ScenarioFormatError as exc:
            yield Outcome(None, False, error=exc.message)
            continue
        for scenario in scenarios:
            yield run_scenario(scenario, today=today)
