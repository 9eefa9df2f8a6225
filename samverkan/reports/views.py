"""Oversight pages: the log review (security officers), statistics (the organisation's own), and the
samordningsförbund's aggregated view. Thin views: forms validate, selectors read, services write."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import cached_property

from samverkan.accounts.access import allowed
from samverkan.accounts.requests import OfficialRequest
from samverkan.core import searches
from samverkan.core.clock import today
from samverkan.core.forms import form_submit
from samverkan.domain.log_review import FindingKind, parse_key
from samverkan.domain.suppression import THRESHOLD
from samverkan.reports import exports, selectors, services
from samverkan.reports import statistics as stats
from samverkan.reports.access import FINSAM, LOG_REVIEW, STATISTICS
from samverkan.reports.charts import section_chart
from samverkan.reports.forms import AuditSearchForm, OfficialPersonForm, PeriodForm, ReviewMarkForm, StatisticsForm

if TYPE_CHECKING:
    _Paginator = Paginator[Any]  # generic in django-stubs only
else:
    _Paginator = Paginator

PAGE_SIZE = 50
#: The search counts at most this many entries (an exact count of a large log takes seconds).
SEARCH_COUNT_CAP = 10_000


class CappedPaginator(_Paginator):
    """Counts at most ``cap`` + 1 rows; beyond that the page says "more than …" and asks for a narrower search."""

    cap = SEARCH_COUNT_CAP

    @cached_property
    def counted(self) -> int:
        return int(self.object_list[: self.cap + 1].count())  # type: ignore[attr-defined]  # a QuerySet; stubs: a Sequence

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.cap)

    @property
    def capped(self) -> bool:
        return self.counted > self.cap


EXPORT_FORMATS = {"csv", "xlsx"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- Log review ---------------------------------------------------------------------------------


def _period_form(request: OfficialRequest, sent: QueryDict | None = None) -> tuple[PeriodForm, selectors.Period]:
    default = selectors.default_period(today())
    source = request.GET if sent is None else sent
    data = source if "start" in source or "end" in source else None
    form = PeriodForm(data, initial={"start": default.start, "end": default.end})
    if data is not None and form.is_valid():
        return form, form.period
    return form, default


def _period_query(period: selectors.Period) -> str:
    return urlencode({"start": period.start.isoformat(), "end": period.end.isoformat()})


def _kind(kind: str) -> FindingKind:
    try:
        return FindingKind(kind)
    except ValueError as exc:
        raise Http404("Okänd rapport") from exc


@allowed(LOG_REVIEW)
def log_review(request: OfficialRequest) -> HttpResponse:
    organisation = request.organisation
    form, period = _period_form(request)
    found = selectors.all_findings(organisation, period)
    reports = [
        {
            "kind": kind,
            "count": len(items),
            "unreviewed": sum(1 for f in items if not f.reviewed),
            "url": reverse("reports:log_report", args=[kind.value]) + "?" + _period_query(period),
        }
        for kind, items in found.items()
    ]
    return render(
        request,
        "reports/log_review.html",
        {"form": form, "period": period, "reports": reports, "query": _period_query(period)},
        status=400 if form.errors else 200,
    )


def _report_context(
    request: OfficialRequest, kind: FindingKind, period: selectors.Period, form: PeriodForm, **extra: Any
) -> dict[str, Any]:
    organisation = request.organisation
    show = request.GET.get("visa", "")
    reviewed = {"ogranskade": False, "granskade": True}.get(show)
    found = selectors.findings(organisation, period, kind, reviewed=reviewed)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("sida"))
    return {
        "kind": kind,
        "form": form,
        "period": period,
        "page": page,
        "show": show,
        "query": _period_query(period),
        "mark_error_key": "",
        **extra,
    }


@allowed(LOG_REVIEW)
def log_report(request: OfficialRequest, kind: str) -> HttpResponse:
    finding_kind = _kind(kind)
    form, period = _period_form(request)
    context = _report_context(request, finding_kind, period, form)
    return render(request, "reports/log_report.html", context, status=400 if form.errors else 200)


@allowed(LOG_REVIEW)
def log_report_export(request: OfficialRequest, kind: str) -> HttpResponse:
    """POST (the export is logged, and a GET never writes): the report's findings of the period as CSV."""
    organisation = request.organisation
    finding_kind = _kind(kind)
    if request.method != "POST":
        query = request.GET.urlencode()
        return redirect(reverse("reports:log_report", args=[finding_kind.value]) + (f"?{query}" if query else ""))
    _, period = _period_form(request, request.POST)
    found = selectors.findings(organisation, period, finding_kind)
    services.logreview_access_record(
        officer=request.user,
        action="exported",
        filters={"report": finding_kind.value, "start": period.start.isoformat(), "end": period.end.isoformat()},
    )
    response = HttpResponse(exports.findings_csv(found), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="logggranskning-{finding_kind.value}-{period.start}-{period.end}.csv"'
    )
    return response


@allowed(LOG_REVIEW)
def finding_mark(request: OfficialRequest) -> HttpResponse:
    """POST: mark one finding reviewed with a note; back to its report (or the report with the error, 400)."""
    if request.method != "POST":
        return redirect("reports:log_review")
    parsed = parse_key(request.POST.get("key", ""))
    if parsed is None:
        raise Http404("Okänt fynd")
    form = ReviewMarkForm(request.POST)
    form.is_valid()  # the period is read even from a refused form, to show its report again
    period = services.period_from(form.cleaned_data.get("start"), form.cleaned_data.get("end"))

    def write(data: dict[str, Any]) -> str:
        services.finding_mark_reviewed(reviewer=request.user, key=data["key"], note=data["note"], period=period)
        return "Fyndet är markerat som granskat."

    def done() -> HttpResponse:
        target = reverse("reports:log_report", args=[parsed.kind.value])
        return redirect(target + ("?" + _period_query(period) if period else ""))

    def failed(bound: Any) -> HttpResponse:
        chosen = period or selectors.default_period(today())
        context = _report_context(
            request,
            parsed.kind,
            chosen,
            PeriodForm(initial={"start": chosen.start, "end": chosen.end}),
            mark_form=bound,
            mark_error_key=request.POST.get("key", ""),
        )
        return render(request, "reports/log_report.html", context, status=400)

    return form_submit(request, form, write, done=done, failed=failed)


@allowed(LOG_REVIEW)
def official_links(request: OfficialRequest) -> HttpResponse:
    """The officials' own person records: with them the colleague report matches on identity, not on names.

    GET lists every official of the organisation and whether they are linked; POST ``action=link``
    links one (by personnummer), ``action=unlink`` removes a link. Both are audited.
    """
    organisation = request.organisation
    form = OfficialPersonForm(organisation=organisation)
    if request.method == "POST":
        if request.POST.get("action") == "unlink":
            chosen = request.POST.get("official", "")
            official = selectors.officials_of(organisation).filter(pk=int(chosen)).first() if chosen.isdigit() else None
            if official is None:
                raise Http404("Okänd handläggare")
            if services.official_person_unlink(unlinked_by=request.user, official=official):
                messages.success(request, f"Kopplingen för {official.get_full_name()} är borttagen.")
            return redirect("reports:official_links")

        def write(data: dict[str, Any]) -> str:
            official = data["official"]
            services.official_person_link_by_number(
                linked_by=request.user, official=official, identity_number=data["identity_number"]
            )
            return f"{official.get_full_name()} är kopplad till sin egen personpost."

        return form_submit(
            request,
            OfficialPersonForm(request.POST, organisation=organisation),
            write,
            done=lambda: redirect("reports:official_links"),
            failed=lambda bound: _official_links_page(request, bound, status=400),
        )
    return _official_links_page(request, form)


def _official_links_page(request: OfficialRequest, form: Any, status: int = 200) -> HttpResponse:
    organisation = request.organisation
    links = {
        link.official_id: link for link in selectors.linked_persons(organisation).select_related("person", "linked_by")
    }
    officials = [
        {"official": official, "link": links.get(official.pk)}
        for official in selectors.officials_of(organisation).select_related("unit").order_by("last_name", "first_name")
    ]
    return render(
        request,
        "reports/official_links.html",
        {"form": form, "officials": officials, "linked": len(links)},
        status=status,
    )


#: The log search's kept searches (``samverkan.core.searches``).
LOG_SEARCH_SCOPE = "reports.log_search"


def _log_search_page(request: OfficialRequest, form: AuditSearchForm, **context: Any) -> HttpResponse:
    defaults: dict[str, Any] = {
        "page": None,
        "query": "",
        "token": "",
        "export_fields": [],
        "searched": form.is_bound,
        "windowed": False,
        "window_days": selectors.DEFAULT_SEARCH_DAYS,
        "count_cap": SEARCH_COUNT_CAP,
        "expired": False,
        "unsent_person": False,
    }
    return render(
        request,
        "reports/log_search.html",
        {**defaults, **context, "form": form},
        status=400 if form.errors else 200,
    )


@allowed(LOG_REVIEW)
def log_search(request: OfficialRequest) -> HttpResponse:
    """Search the organisation's log; without a person, an official or a first day, the last 30 days.

    A search is sent by POST, which logs a search for a person (``logreview.searched``), keeps the search in the
    session and shows it at ``?sok=<token>``: the personnummer never stands in a URL, and a GET (paging,
    reloading) never writes. The filters without a person still work as plain links (``?event_group=…``).
    """
    organisation = request.organisation
    if request.method == "POST":
        form = AuditSearchForm(request.POST, organisation=organisation)
        if not form.is_valid():
            return _log_search_page(request, form)
        filters, _ = selectors.with_default_window(form.filters(), today())
        if filters.identity_number:
            services.logreview_access_record(
                officer=request.user,
                action="searched",
                person=selectors.search_person(filters),
                filters={
                    "official_id": filters.official.pk if filters.official else None,
                    "category": filters.category,
                },
            )
        token = searches.remember(request, LOG_SEARCH_SCOPE, request.POST)
        return searches.see_other(searches.url(reverse("reports:log_search"), token))
    token = request.GET.get(searches.PARAMETER, "")
    kept = searches.recall(request, LOG_SEARCH_SCOPE) if token else None
    if token and kept is None:
        return _log_search_page(request, AuditSearchForm(organisation=organisation), expired=True)
    if kept is None and request.GET.get("identity_number"):
        # An old link with a person in it: not run (the search is logged, and only a POST writes); sent again
        # from the form, by POST.
        unsent = AuditSearchForm(initial=request.GET.dict(), organisation=organisation)
        return _log_search_page(request, unsent, searched=False, unsent_person=True)
    if kept is not None:
        data: QueryDict | None = kept
        query = searches.query(token)
        export_fields = [(searches.PARAMETER, token)]
    else:
        fields = {name: str(request.GET[name]) for name in AuditSearchForm.base_fields if request.GET.get(name)}
        data = request.GET if fields else None
        query = urlencode(fields)
        export_fields = list(fields.items())
    form = AuditSearchForm(data, organisation=organisation)
    if data is not None and not form.is_valid():
        return _log_search_page(request, form)
    filters = form.filters() if data is not None else selectors.AuditFilters()
    filters, windowed = selectors.with_default_window(filters, today())
    entries = selectors.audit_search(organisation=organisation, filters=filters)
    page = CappedPaginator(entries, PAGE_SIZE).get_page(request.GET.get("sida"))
    return _log_search_page(
        request, form, page=page, query=query, token=token, export_fields=export_fields, windowed=windowed
    )


@allowed(LOG_REVIEW)
def log_search_export(request: OfficialRequest) -> HttpResponse:
    """POST (the export is logged, and a GET never writes): the search's entries as CSV. The search is the kept
    one (``sok``) or the posted filters."""
    organisation = request.organisation
    if request.method != "POST":
        return redirect("reports:log_search")
    token = request.POST.get(searches.PARAMETER, "")
    data = searches.recall(request, LOG_SEARCH_SCOPE, token) if token else request.POST
    if data is None:
        messages.error(request, "Sökningen finns inte längre sparad. Sök igen och exportera sedan.")
        return redirect("reports:log_search")
    form = AuditSearchForm(data, organisation=organisation)
    if not form.is_valid():
        return _log_search_page(request, form)
    filters, _ = selectors.with_default_window(form.filters(), today())
    services.logreview_access_record(
        officer=request.user,
        action="exported",
        person=selectors.search_person(filters),
        filters={
            "official_id": filters.official.pk if filters.official else None,
            "category": filters.category,
            "basis": filters.basis,
            "event_group": filters.event_group,
            "start": filters.start.isoformat() if filters.start else None,
            "end": filters.end.isoformat() if filters.end else None,
        },
    )
    entries = selectors.audit_search(organisation=organisation, filters=filters).iterator(chunk_size=2000)
    response = StreamingHttpResponse(exports.audit_csv_lines(entries), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="granskningslogg-{today().isoformat()}.csv"'
    # Streamed: the log can be long. (The permission decorator is typed for HttpResponse.)
    return cast(HttpResponse, response)


# --- Statistics ---------------------------------------------------------------------------------


def _statistics_form(request: OfficialRequest, organisation: Any) -> tuple[StatisticsForm, stats.StatScope | None]:
    on = today()
    start, end = stats.default_months(on)
    initial = {"start": start.isoformat()[:7], "end": end.isoformat()[:7]}
    data = request.GET if "start" in request.GET else None
    form = StatisticsForm(data, organisation=organisation, today=on, initial=initial)
    if data is None:
        return form, None
    if not form.is_valid():
        return form, None
    return form, stats.StatScope(
        organisations=(),
        start_month=form.cleaned_data["start_month"],
        end_month=form.cleaned_data["end_month"],
        unit=form.cleaned_data.get("unit"),
    )


def _own_scope(request: OfficialRequest) -> tuple[StatisticsForm, stats.StatScope]:
    organisation = request.organisation
    form, chosen = _statistics_form(request, organisation)
    start, end = stats.default_months(today())
    return form, stats.StatScope(
        organisations=(organisation,),
        start_month=chosen.start_month if chosen else start,
        end_month=chosen.end_month if chosen else end,
        unit=chosen.unit if chosen else None,
        title=organisation.name,
    )


def _finsam_scope(request: OfficialRequest) -> tuple[StatisticsForm, stats.StatScope]:
    federation = request.organisation
    form, chosen = _statistics_form(request, None)
    start, end = stats.default_months(today())
    return form, stats.StatScope(
        organisations=tuple(federation.members.order_by("name")),
        start_month=chosen.start_month if chosen else start,
        end_month=chosen.end_month if chosen else end,
        suppress=True,
        title=f"{federation.name} (medlemmarna sammantaget)",
    )


def _render_statistics(
    request: OfficialRequest, form: StatisticsForm, scope: stats.StatScope, *, finsam: bool
) -> HttpResponse:
    sections = stats.statistics_for(scope)
    query = urlencode({k: v for k, v in request.GET.items() if v})
    context = {
        "form": form,
        "scope": scope,
        "finsam": finsam,
        "threshold": THRESHOLD,
        "sections": [(s, section_chart(s)) for s in sections],
        "units": None if finsam or scope.unit is not None else stats.unit_summary(scope),
        "unit_measures": stats.UNIT_MEASURES,
        "members": scope.organisations if finsam else (),
        "export_url": reverse("reports:finsam_export" if finsam else "reports:statistics_export", args=["csv"]),
        "export_xlsx_url": reverse("reports:finsam_export" if finsam else "reports:statistics_export", args=["xlsx"]),
        "query": query,
    }
    return render(request, "reports/statistics.html", context, status=400 if form.errors else 200)


def _export(scope: stats.StatScope, fmt: str, *, name: str, units: bool) -> HttpResponse:
    if fmt not in EXPORT_FORMATS:
        raise Http404("Okänt format")
    sections = stats.statistics_for(scope)
    stamp = f"{scope.start_month:%Y-%m}-{scope.end_month:%Y-%m}"
    if fmt == "csv":
        response = HttpResponse(exports.statistics_csv(scope, sections), content_type="text/csv; charset=utf-8")
    else:
        rows = stats.unit_summary(scope) if units and scope.unit is None else None
        response = HttpResponse(exports.statistics_xlsx(scope, sections, rows), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.{fmt}"'
    return response


@allowed(STATISTICS)
def statistics_view(request: OfficialRequest) -> HttpResponse:
    form, scope = _own_scope(request)
    return _render_statistics(request, form, scope, finsam=False)


@allowed(STATISTICS)
def statistics_export(request: OfficialRequest, fmt: str) -> HttpResponse:
    form, scope = _own_scope(request)
    if form.errors:
        return _render_statistics(request, form, scope, finsam=False)
    return _export(scope, fmt, name="statistik", units=True)


@allowed(FINSAM)
def finsam_view(request: OfficialRequest) -> HttpResponse:
    form, scope = _finsam_scope(request)
    if not scope.organisations:
        raise PermissionDenied("Förbundet har inga medlemmar registrerade.")
    return _render_statistics(request, form, scope, finsam=True)


@allowed(FINSAM)
def finsam_export(request: OfficialRequest, fmt: str) -> HttpResponse:
    form, scope = _finsam_scope(request)
    if form.errors:
        return _render_statistics(request, form, scope, finsam=True)
    return _export(scope, fmt, name="samordningsforbundet", units=False)
