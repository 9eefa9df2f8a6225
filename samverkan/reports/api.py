"""Oversight over JSON: the log review for security officers, the organisation's statistics, and the
samordningsförbund's suppressed aggregate. Same scope and roles as the web pages."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import django_auth

from samverkan.accounts.access import allowed
from samverkan.accounts.models import User
from samverkan.accounts.requests import OfficialRequest
from samverkan.core.api_auth import organisation_of
from samverkan.core.api_errors import LOGIN, errors
from samverkan.core.api_params import Offset
from samverkan.core.clock import today
from samverkan.core.idempotency import idempotent
from samverkan.core.validation import CODE, PERIOD, DateRange, TextRules
from samverkan.domain.log_review import NOTE_MAX_LENGTH, FindingKind
from samverkan.domain.suppression import ROW_TOTAL
from samverkan.reports import selectors, services
from samverkan.reports import statistics as stats
from samverkan.reports.access import FINSAM, LOG_REVIEW, STATISTICS
from samverkan.reports.labels import event_label

PREFIX = "/reports/"
router = Router(tags=["Uppföljning"], auth=django_auth)


def _period(start: dt.date | None, end: dt.date | None) -> selectors.Period:
    default = selectors.default_period(today())
    period = selectors.Period(start or default.start, end or default.end)
    if period.end < period.start:
        raise HttpError(400, "Slutdagen ligger före startdagen.")
    if period.days > 366:
        raise HttpError(400, "Välj en period på högst 366 dagar.")
    return period


class FindingOut(Schema):
    kind: str
    key: str
    detail: str
    at: dt.datetime | None
    day: dt.date | None
    official: str | None
    person_id: int | None
    protected_identity: bool
    reviewed: bool
    review_note: str | None


def _finding_out(f: selectors.Finding) -> FindingOut:
    return FindingOut(
        kind=f.kind.value,
        key=f.key,
        detail=f.detail,
        at=f.at,
        day=f.day,
        official=f.official.username if f.official is not None else None,
        person_id=f.person.pk if f.person is not None else None,
        protected_identity=bool(f.person is not None and f.person.protected_identity),
        reviewed=f.reviewed,
        review_note=f.mark.note if f.mark is not None else None,
    )


@router.get(
    "/log-review/findings",
    response={200: list[FindingOut], **errors(400, *LOGIN, 422)},
    summary="Stående rapporters fynd (logggranskning)",
)
@allowed(LOG_REVIEW)
def list_findings(
    request: OfficialRequest,
    kind: Annotated[str, CODE],
    start: Annotated[dt.date, PERIOD] | None = None,
    end: Annotated[dt.date, PERIOD] | None = None,
) -> list[FindingOut]:
    organisation = organisation_of(request)
    try:
        finding_kind = FindingKind(kind)
    except ValueError as exc:
        raise HttpError(400, f"Okänd rapport: {kind}. Välj en av {', '.join(k.value for k in FindingKind)}.") from exc
    return [_finding_out(f) for f in selectors.findings(organisation, _period(start, end), finding_kind)]


class MarkIn(Schema):
    key: Annotated[str, TextRules(120)]
    note: Annotated[str, TextRules(NOTE_MAX_LENGTH, multiline=True)]
    start: Annotated[dt.date, PERIOD] | None = None
    end: Annotated[dt.date, PERIOD] | None = None


@router.post(
    "/log-review/findings/mark",
    response={201: FindingOut, **errors(400, *LOGIN, 422)},
    summary="Markera ett fynd som granskat",
)
@allowed(LOG_REVIEW)
@idempotent
def mark_finding(request: OfficialRequest, payload: MarkIn) -> Status[Any]:
    organisation = organisation_of(request)
    period = services.period_from(payload.start, payload.end)
    services.finding_mark_reviewed(
        reviewer=request.user,
        key=payload.key,
        note=payload.note,
        period=period,
    )
    finding = selectors.finding_by_key(organisation, payload.key, period=period)
    assert finding is not None
    return Status(201, _finding_out(finding))


class EntryOut(Schema):
    sequence: int
    created_at: dt.datetime
    event: str
    event_label: str
    official: str | None
    organisation: str | None
    recipient: str | None
    person_id: int | None
    categories: list[str]
    basis: str
    purpose: str


def _entries(request: OfficialRequest, filters: selectors.AuditFilters, limit: int, offset: int) -> list[EntryOut]:
    organisation = organisation_of(request)
    limit = max(1, min(limit, 1000))
    entries = selectors.audit_search(organisation=organisation, filters=filters)[
        max(0, offset) : max(0, offset) + limit
    ]
    return [
        EntryOut(
            sequence=e.sequence,
            created_at=e.created_at,
            event=e.event,
            event_label=event_label(e.event),
            official=e.actor.username if e.actor is not None else None,
            organisation=e.organisation.name if e.organisation is not None else None,
            recipient=e.recipient.name if e.recipient is not None else None,
            person_id=e.person_id,
            categories=list(e.categories or []),
            basis=e.basis,
            purpose=e.purpose,
        )
        for e in entries
    ]


def _official(request: OfficialRequest, username: str) -> User | None:
    if not username:
        return None
    chosen = User.objects.filter(unit__organisation=organisation_of(request), username=username).first()
    if chosen is None:
        raise HttpError(400, "Handläggaren finns inte i din organisation.")
    return chosen


@router.get(
    "/log-review/entries",
    response={200: list[EntryOut], **errors(400, *LOGIN, 422)},
    summary="Bläddra i granskningsloggen",
    description="Filter utan person. En sökning på en person görs med POST /log-review/entries/search, så att "
    "personnumret aldrig står i en adress eller en serverlogg; den sökningen loggas.",
)
@allowed(LOG_REVIEW)
def list_entries(
    request: OfficialRequest,
    official: Annotated[str, CODE] = "",
    category: Annotated[str, CODE] = "",
    basis: Annotated[str, CODE] = "",
    event_group: Annotated[str, CODE] = "",
    start: Annotated[dt.date, PERIOD] | None = None,
    end: Annotated[dt.date, PERIOD] | None = None,
    limit: int = 100,
    offset: Offset = 0,
) -> list[EntryOut]:
    filters = selectors.AuditFilters(
        identity_number="",
        official=_official(request, official),
        category=category,
        basis=basis,
        event_group=event_group,
        start=start,
        end=end,
    )
    return _entries(request, filters, limit, offset)


class EntrySearchIn(Schema):
    identity_number: Annotated[str, TextRules(20)]
    official: Annotated[str, CODE] = ""
    category: Annotated[str, CODE] = ""
    basis: Annotated[str, CODE] = ""
    event_group: Annotated[str, CODE] = ""
    start: Annotated[dt.date, PERIOD] | None = None
    end: Annotated[dt.date, PERIOD] | None = None
    limit: int = 100
    offset: Offset = 0


@router.post(
    "/log-review/entries/search",
    response={200: list[EntryOut], **errors(400, *LOGIN, 422)},
    summary="Sök i granskningsloggen efter en person",
    description="Personnumret skickas i kroppen, aldrig i adressen. Sökningen loggas (logreview.searched).",
)
@allowed(LOG_REVIEW)
def search_entries(request: OfficialRequest, data: EntrySearchIn) -> list[EntryOut]:
    filters = selectors.AuditFilters(
        identity_number=data.identity_number,
        official=_official(request, data.official),
        category=data.category,
        basis=data.basis,
        event_group=data.event_group,
        start=data.start,
        end=data.end,
    )
    if data.identity_number:
        services.logreview_access_record(
            officer=request.user,
            action="searched",
            person=selectors.search_person(filters),
            filters={"via": "api"},
        )
    return _entries(request, filters, data.limit, data.offset)


class FigureOut(Schema):
    row: str
    column: str
    text: str
    value: float | None
    shown: bool


class SectionOut(Schema):
    code: str
    title: str
    columns: list[str]
    figures: list[FigureOut]


def _sections(scope: stats.StatScope) -> list[SectionOut]:
    out = []
    for section in stats.statistics_for(scope):
        figures = []
        rows: list[tuple[str, Any]] = [(str(m)[:7], m) for m, _ in section.table.rows]
        for label, key in [*rows, ("total", ROW_TOTAL)]:
            for column in section.columns:
                cell = section.cell(key, column.code)
                figures.append(
                    FigureOut(
                        row=label,
                        column=column.code if column.code != ROW_TOTAL else "total",
                        text=cell.text,
                        value=float(cell.value) if cell.shown and cell.value is not None else None,
                        shown=cell.shown,
                    )
                )
        out.append(
            SectionOut(
                code=section.code, title=section.title, columns=[c.label for c in section.columns], figures=figures
            )
        )
    return out


#: The months statistics may cover: from 2000-01 up to the current month.
STATISTICS_MONTHS = DateRange(earliest=dt.date(2000, 1, 1), month=True)


def _months(start: str, end: str) -> tuple[dt.date, dt.date]:
    default_start, default_end = stats.default_months(today())
    try:
        first = dt.date.fromisoformat(f"{start}-01") if start else default_start
        last = dt.date.fromisoformat(f"{end}-01") if end else default_end
    except ValueError as exc:
        raise HttpError(400, "Ange månader som ÅÅÅÅ-MM.") from exc
    for month in (first, last):
        if (problem := STATISTICS_MONTHS.problem(month)) is not None:
            raise HttpError(400, problem)
    if last < first:
        raise HttpError(400, "Slutmånaden ligger före startmånaden.")
    if len(stats.months_between(first, last)) > 36:
        raise HttpError(400, "Välj högst 36 månader.")
    return first, last


@router.get(
    "/statistics",
    response={200: list[SectionOut], **errors(400, *LOGIN, 404, 422)},
    summary="Organisationens statistik per månad",
)
@allowed(STATISTICS)
def own_statistics(
    request: OfficialRequest,
    start: Annotated[str, TextRules(7)] = "",
    end: Annotated[str, TextRules(7)] = "",
    unit: int | None = None,
) -> list[SectionOut]:
    organisation = organisation_of(request)
    first, last = _months(start, end)
    chosen = None
    if unit is not None:
        chosen = organisation.units.filter(pk=unit).first()
        if chosen is None:
            raise HttpError(404, "Enheten finns inte i din organisation.")
    return _sections(stats.StatScope((organisation,), first, last, unit=chosen, title=organisation.name))


@router.get(
    "/finsam",
    response={200: list[SectionOut], **errors(400, *LOGIN, 422)},
    summary="Samordningsförbundets sammanställning (små tal dolda)",
)
@allowed(FINSAM)
def finsam_statistics(
    request: OfficialRequest, start: Annotated[str, TextRules(7)] = "", end: Annotated[str, TextRules(7)] = ""
) -> list[SectionOut]:
    federation = organisation_of(request)
    first, last = _months(start, end)
    members = tuple(federation.members.order_by("name"))
    return _sections(stats.StatScope(members, first, last, suppress=True, title=federation.name))
