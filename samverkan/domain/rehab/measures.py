"""Rehabilitation measures: each actor carries out and pays for its own (SFB 30 kap. 8, 10 och 11 §§; seed 002)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from samverkan.domain.checks import require_date
from samverkan.domain.errors import InputError
from samverkan.domain.rehab.actors import SEED_002_SOURCE, MeasureStatus, NeedArea, RehabActor, parse_actor
from samverkan.domain.rehab.involvement import RehabConsent, may_involve_actor


@dataclass(frozen=True, slots=True)
class Measure:
    """One measure of a rehabilitation plan: what, which need, who is responsible, when, follow-ups."""

    description: str
    need_area: NeedArea | str
    responsible: RehabActor | str
    starts_on: dt.date
    ends_on: dt.date | None = None
    follow_ups: tuple[dt.date, ...] = ()
    status: MeasureStatus | str = MeasureStatus.PLANNED


def measure_problems(measure: Measure, *, consents: Iterable[RehabConsent], on: dt.date) -> list[InputError]:
    """Everything wrong with a measure on day ``on``, each as an :class:`InputError` naming the field."""
    on = require_date(on, "on")
    problems: list[InputError] = []
    _check_responsibility(measure, consents, on, problems)
    status: MeasureStatus | None = None
    try:
        status = MeasureStatus(str(measure.status))
    except ValueError:
        known = ", ".join(s.value for s in MeasureStatus)
        problems.append(InputError("status", f"Okänd status {measure.status!r}. Kända: {known}.", code="status"))
    try:
        starts_on = require_date(measure.starts_on, "starts_on")
    except InputError as exc:
        problems.append(exc)
        return problems
    _check_dates(measure, starts_on, problems)
    _check_status_dates(measure, status, starts_on, on, problems)
    return problems


def _check_responsibility(
    measure: Measure, consents: Iterable[RehabConsent], on: dt.date, problems: list[InputError]
) -> None:
    """What the measure is, which need it meets and who carries it out (with the insured's consent)."""
    if not isinstance(measure.description, str) or not measure.description.strip():
        problems.append(InputError("description", "Beskriv insatsen.", code="required"))
    area: NeedArea | None = None
    try:
        area = NeedArea(str(measure.need_area))
    except ValueError:
        known = ", ".join(a.value for a in NeedArea)
        problems.append(
            InputError("need_area", f"Okänt behovsområde {measure.need_area!r}. Kända: {known}.", code="need_area")
        )
    actor: RehabActor | None = None
    try:
        actor = parse_actor(measure.responsible, "responsible", measure=True)
    except InputError as exc:
        problems.append(exc)
    if actor is not None:
        allowed, why = may_involve_actor(actor, consents, on)
        if not allowed:
            problems.append(InputError("responsible", why, code="no_consent"))
        if area is NeedArea.MEDICAL and actor is not RehabActor.HEALTHCARE:
            problems.append(
                InputError(
                    "responsible",
                    f"Medicinsk rehabilitering är hälso- och sjukvårdens ansvar, inte {actor.label} ({SEED_002_SOURCE}).",
                    code="medical_by_healthcare",
                )
            )


def _check_dates(measure: Measure, starts_on: dt.date, problems: list[InputError]) -> None:
    """The end and the follow-ups lie on or after the start."""
    if measure.ends_on is not None:
        try:
            ends_on = require_date(measure.ends_on, "ends_on")
        except InputError as exc:
            problems.append(exc)
        else:
            if ends_on < starts_on:
                problems.append(
                    InputError(
                        "ends_on",
                        f"Insatsen kan inte sluta ({ends_on.isoformat()}) innan den börjar ({starts_on.isoformat()}).",
                        code="order",
                    )
                )
    for follow_up in measure.follow_ups:
        try:
            day = require_date(follow_up, "follow_ups")
        except InputError as exc:
            problems.append(exc)
            continue
        if day < starts_on:
            problems.append(
                InputError(
                    "follow_ups",
                    f"Uppföljningen {day.isoformat()} ligger före insatsens start {starts_on.isoformat()}; "
                    "en uppföljning görs under eller efter insatsen.",
                    code="follow_up_order",
                )
            )


def _check_status_dates(
    measure: Measure, status: MeasureStatus | None, starts_on: dt.date, on: dt.date, problems: list[InputError]
) -> None:
    """An ongoing measure has started on ``on``; a done one has an end that has come."""
    if status is MeasureStatus.ONGOING and starts_on > on:
        problems.append(
            InputError(
                "status", f"Insatsen kan inte pågå: den börjar först {starts_on.isoformat()}.", code="status_date"
            )
        )
    if status is MeasureStatus.DONE:
        if measure.ends_on is None:
            problems.append(InputError("ends_on", "Ange när den genomförda insatsen slutade.", code="required"))
        elif isinstance(measure.ends_on, dt.date) and measure.ends_on > on:
            problems.append(
                InputError(
                    "status",
                    f"Insatsen kan inte vara genomförd: den slutar först {measure.ends_on.isoformat()}.",
                    code="status_date",
                )
            )


def validate_measure(measure: Measure, *, consents: Iterable[RehabConsent], on: dt.date) -> None:
    """Raise the first problem of :func:`measure_problems`, if any."""
    problems = measure_problems(measure, consents=consents, on=on)
    if problems:
        raise problems[0]
