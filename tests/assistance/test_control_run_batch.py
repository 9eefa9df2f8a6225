"""The monthly control run asks the gate in batches (issue 19) and stays resumable and idempotent.

- Every gate request of a chunk of cases is made by one batch
  (:func:`samverkan.disclosures.batch.disclosure_request_many`), never one request at a time.
- The results and the gate's rows are those of asking case by case.
- A kill inside a batch leaves nothing of it; the rerun asks each (case, person, agency) once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction

from samverkan.accounts.models import Organisation
from samverkan.assistance import runs
from samverkan.assistance.models import ControlResult, ControlRun, ControlRunDisclosure
from samverkan.cases.models import Case
from samverkan.disclosures import batch as gate_batch
from samverkan.disclosures.audit import audit_verify
from samverkan.disclosures.models import AuditEntry, DisclosureDecision, DisclosureRequest
from tests.assistance.conftest import keep_active_cases

pytestmark = pytest.mark.django_db


@pytest.fixture
def four_cases(sorby: Organisation) -> list[Case]:
    return keep_active_cases(sorby, 4)


def _results(month: dt.date) -> list[tuple[Any, ...]]:
    return sorted(
        ControlResult.objects.filter(month=month).values_list(
            "case_id", "person_id", "code", "source", "result", "title", "explanation", "received_total"
        )
    )


def _gate_rows(after_request: int, after_sequence: int) -> dict[str, list[Any]]:
    requests = list(
        DisclosureRequest.objects.filter(pk__gt=after_request)
        .order_by("pk")
        .values_list("pk", "person_id", "discloser_id", "case_id", "categories", "purpose", "status", "snapshot")
    )
    position = {row[0]: i for i, row in enumerate(requests)}
    decisions = sorted(
        (position[r], c, o, b, v)
        for r, c, o, b, v in DisclosureDecision.objects.filter(request_id__in=position).values_list(
            "request_id", "category", "outcome", "basis", "released_values"
        )
    )
    audit = [
        (e.event, e.actor_id, e.organisation_id, e.person_id, e.categories, e.basis, e.purpose)
        for e in AuditEntry.objects.filter(sequence__gt=after_sequence, event__startswith="disclosure.").order_by(
            "sequence"
        )
    ]
    return {"requests": [row[1:] for row in requests], "decisions": decisions, "audit": audit}


def _marks() -> tuple[int, int]:
    request = DisclosureRequest.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    sequence = AuditEntry.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0
    return request, sequence


def test_the_run_asks_the_gate_in_batches_never_one_request_at_a_time(
    sorby: Organisation,
    four_cases: list[Case],
    month: dt.date,
    sources: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from samverkan.disclosures import services
    from samverkan.registries import lookup

    def single(**kwargs: Any) -> Any:
        raise AssertionError("the run asked the gate one request at a time")

    monkeypatch.setattr(services, "disclosure_request", single)
    monkeypatch.setattr(lookup, "disclosure_request", single)
    batches: list[int] = []
    real = gate_batch.disclosure_request_many

    def counted(requests: Any, **kwargs: Any) -> Any:
        batches.append(len(requests))
        return real(requests, **kwargs)

    monkeypatch.setattr(gate_batch, "disclosure_request_many", counted)
    run, _ = runs.control_run_start(organisation=sorby, month=month)
    run = runs.control_run_execute(run=run, source_overrides=sources(), batch_size=3)
    assert run.status == ControlRun.Status.COMPLETED
    assert len(batches) == 2  # 3 cases, then 1
    assert sum(batches) == ControlRunDisclosure.objects.filter(run=run).count()
    assert {c.pk for c in four_cases} == set(
        ControlResult.objects.filter(month=month).values_list("case_id", flat=True)
    )
    assert audit_verify(anchors=[]).ok


def test_the_batched_run_stores_the_same_results_and_gate_rows_as_asking_case_by_case(
    sorby: Organisation,
    four_cases: list[Case],
    month: dt.date,
    sources: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    marks = _marks()
    with transaction.atomic():
        with monkeypatch.context() as patch:
            patch.setattr(runs, "controls_ask_gate", lambda **kwargs: 0)  # the old path: each case asks for itself
            run, _ = runs.control_run_start(organisation=sorby, month=month)
            runs.control_run_execute(run=run, source_overrides=sources())
        case_by_case = (_results(month), _gate_rows(*marks))
        transaction.set_rollback(True)
    assert _marks()[1] == marks[1]

    run, _ = runs.control_run_start(organisation=sorby, month=month)
    run = runs.control_run_execute(run=run, source_overrides=sources())
    batched = (_results(month), _gate_rows(*marks))

    assert run.status == ControlRun.Status.COMPLETED
    assert batched[0] == case_by_case[0] and batched[0]
    for table in ("requests", "decisions", "audit"):
        assert batched[1][table] == case_by_case[1][table], table


def test_a_kill_inside_a_batch_leaves_nothing_of_it_and_the_rerun_asks_each_once(
    sorby: Organisation,
    four_cases: list[Case],
    month: dt.date,
    sources: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from samverkan.disclosures import store as services

    before = (DisclosureRequest.objects.count(), AuditEntry.objects.count())
    real = services.audit_append_many

    def killed(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt("kill -9")

    monkeypatch.setattr(services, "audit_append_many", killed)
    run, _ = runs.control_run_start(organisation=sorby, month=month)
    with pytest.raises(KeyboardInterrupt):
        runs.control_run_execute(run=run, source_overrides=sources())
    assert DisclosureRequest.objects.count() == before[0]
    assert not ControlRunDisclosure.objects.filter(run=run).exists()

    monkeypatch.setattr(services, "audit_append_many", real)
    resumed, was_resumed = runs.control_run_start(organisation=sorby, month=month)
    assert was_resumed
    resumed = runs.control_run_execute(run=resumed, source_overrides=sources())
    assert resumed.status == ControlRun.Status.COMPLETED
    made = list(ControlRunDisclosure.objects.filter(run=run).values_list("case", "person", "discloser"))
    assert made and len(made) == len(set(made))
    assert DisclosureRequest.objects.count() == before[0] + len(made)
    assert audit_verify(anchors=[]).ok
