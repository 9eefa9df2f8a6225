"""Statistics for samverkan (reads): per organisation, unit and month, and across a samordningsförbund.

Every figure is a :class:`samverkan.domain.suppression.Figure` (a value and the number of distinct
persons behind it), so the samordningsförbund's view can suppress small cells
(:mod:`samverkan.domain.suppression`). An organisation's own officials see their own figures
unsuppressed; a samordningsförbund sees its member organisations' figures added together, with
every figure based on fewer than five persons suppressed and the secondary suppression that
keeps totals from revealing them.

What is counted (month = the month of the date named):

- **Slagningar** (:func:`lookups_section`): requests for data through the gate made by the
  organisation (``DisclosureRequest`` of kind request, recipient = the organisation, unit = the
  requesting unit), by the type of the organisation asked; month of ``requested_on``.
- **Uppgifter och grund** (:func:`bases_section`): the gate's decision per category of those
  requests: released on a duty, released on consent, sent to the discloser's secrecy review, denied.
- **Samtycken** (:func:`consents_section`): consents the organisation registered (it discloses on
  them): given (month the consent was given, else its first valid day) and withdrawn (month of
  withdrawal); unit = the registering official's unit.
- **Administrativa frågor** (:func:`questions_section`): questions the organisation received and
  must answer within 7 days (seed 004), month sent, unit = receiving unit: answered in time
  (on or before the deadline), answered late, still open after the deadline, open within the
  deadline, closed without an answer; and the median answer time in days.
- **Begäranden om återkoppling** (:func:`callbacks_section`): call-backs the organisation received,
  month requested, unit = receiving unit: done in time (by the next working day), done late,
  overdue, open within the time (seed 004, :mod:`samverkan.domain.callback`).
- **Avstämningsmöten per sjukfall** (:func:`meetings_section`): held avstämningsmöten (month of the
  meeting) in which the organisation took part (its coordination case, its request, or as a
  participant), against sjukfall: persons with an active sick-leave case (FK sjukpenning or
  rehabiliteringssamordning, vårdens sjukskrivning) at the organisation during the month.
- **Dagar till första rehabiliteringsplan** (:func:`first_plan_section`): coordinations whose first
  plan was made in the month; days from the start (the earlier of the application and the start
  of sick leave, as :attr:`RehabCoordination.measured_from`) to the first plan; median, and how
  many within the 30 days that :mod:`samverkan.domain.rehab` reads "snarast" as.
- **Återsökning** (:func:`reclaims_section`): reclaims the organisation sent (a socialnämnd) or
  received (FK, PM): sent (month the request reached the agency) with the amount asked, amounts
  paid to the nämnd and refusals (month the agency decided).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Case as CaseWhen
from django.db.models import CharField, Count, DateField, F, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, TruncMonth

from samverkan.accounts.models import Unit
from samverkan.cases.models import Case
from samverkan.consents.models import Consent
from samverkan.core.clock import today
from samverkan.disclosures.models import DisclosureDecision, DisclosureRequest
from samverkan.domain.callback import callback_in_time, callback_overdue
from samverkan.domain.deadlines import ANSWER_DAYS, answered_in_time
from samverkan.domain.organisations import ORGANISATION_TYPE_LABELS, CaseType, OrganisationType
from samverkan.domain.rehab import FIRST_PLAN_OK_DAYS
from samverkan.domain.suppression import ROW_TOTAL, Column, Figure
from samverkan.messaging.models import AdminQuestion, Callback
from samverkan.reclaims.models import Reclaim
from samverkan.rehab.models import RehabCoordination, ReviewMeeting
from samverkan.reports.figures import Collector, fill_zero, ratio, section, two_way
from samverkan.reports.figures import Section as Section
from samverkan.reports.figures import StatScope as StatScope
from samverkan.reports.figures import add_months as add_months
from samverkan.reports.figures import default_months as default_months
from samverkan.reports.figures import first_of_month as first_of_month
from samverkan.reports.figures import format_number as format_number
from samverkan.reports.figures import last_day_of as last_day_of
from samverkan.reports.figures import month_label as month_label
from samverkan.reports.figures import months_between as months_between

SICK_LEAVE_CASE_TYPES = (CaseType.SICKNESS.value, CaseType.REHAB_COORDINATION.value, CaseType.SICK_LEAVE.value)

# --- The sections -------------------------------------------------------------------------------

DISCLOSER_TYPES = (
    OrganisationType.FK,
    OrganisationType.PM,
    OrganisationType.AF,
    OrganisationType.UNEMPLOYMENT_FUND,
    OrganisationType.CSN,
    OrganisationType.TAX_AGENCY,
    OrganisationType.HEALTHCARE,
    OrganisationType.SOCIAL_SERVICES,
    OrganisationType.EMPLOYER,
)


def _requests(scope: StatScope) -> QuerySet[DisclosureRequest]:
    qs = DisclosureRequest.objects.filter(
        kind=DisclosureRequest.Kind.REQUEST,
        recipient__in=scope.organisations,
        requested_on__gte=scope.first_day,
        requested_on__lte=scope.last_day,
    )
    if scope.unit is not None:
        qs = qs.filter(recipient_unit=scope.unit)
    return qs


def lookups_section(scope: StatScope) -> Section:
    figures = two_way(
        _requests(scope), month=TruncMonth("requested_on"), column=F("discloser__org_type"), person="person"
    )
    present = {c for (_, c) in figures if c != ROW_TOTAL}
    types = [t for t in DISCLOSER_TYPES if t.value in present] or [
        OrganisationType.FK,
        OrganisationType.PM,
        OrganisationType.AF,
    ]
    columns = [Column(t.value, ORGANISATION_TYPE_LABELS[t]) for t in types]
    return section(
        scope,
        code="lookups",
        short_title="Slagningar",
        title="Slagningar per utlämnande organisation",
        description="Begäranden om uppgifter genom sekretessgrinden, per månad och efter vilken slags organisation "
        "som tillfrågades.",
        columns=columns,
        figures=fill_zero(figures, scope.months, [c.code for c in columns] + [ROW_TOTAL]),
        chart_columns=(ROW_TOTAL,),
        chart_title="Slagningar per månad",
        row_totals=True,
        row_total_label="Alla slagningar",
    )


BASIS_COLUMNS = (
    Column("duty", "Lämnade: uppgiftsskyldighet"),
    Column("consent", "Lämnade: samtycke"),
    Column("review", "Till sekretessprövning"),
    Column("denied", "Nekade"),
)


def bases_section(scope: StatScope) -> Section:
    decisions = DisclosureDecision.objects.filter(request__in=_requests(scope).values("pk"))
    column = CaseWhen(
        When(outcome="released", basis="duty", then=Value("duty")),
        When(outcome="released", basis="consent", then=Value("consent")),
        When(outcome="review", then=Value("review")),
        default=Value("denied"),
        output_field=CharField(),
    )
    figures = two_way(decisions, month=TruncMonth("request__requested_on"), column=column, person="request__person")
    return section(
        scope,
        code="bases",
        short_title="Grund",
        title="Uppgifter och deras grund",
        description="Varje begärd uppgift i slagningarna och grindens beslut: lämnad med stöd av uppgiftsskyldighet "
        "eller samtycke, skickad till den utlämnande organisationens sekretessprövning, eller nekad.",
        columns=BASIS_COLUMNS,
        figures=fill_zero(figures, scope.months, [c.code for c in BASIS_COLUMNS] + [ROW_TOTAL]),
        chart_columns=tuple(c.code for c in BASIS_COLUMNS),
        chart_title="Begärda uppgifter per grund och månad",
        row_totals=True,
        row_total_label="Alla begärda uppgifter",
    )


CONSENT_COLUMNS = (Column("given", "Lämnade samtycken"), Column("withdrawn", "Återkallade samtycken"))


def consents_section(scope: StatScope) -> Section:
    base = Consent.objects.filter(discloser__in=scope.organisations)
    if scope.unit is not None:
        base = base.filter(Q(created_by__unit=scope.unit) | Q(taken_by__unit=scope.unit))
        base = Consent.objects.filter(pk__in=base.values("pk"))
    given_on = Coalesce("taken_on", "valid_from", output_field=DateField())
    given = base.filter(status__in=[Consent.Status.ACTIVE, Consent.Status.WITHDRAWN]).annotate(_given=given_on)
    given = given.filter(_given__gte=scope.first_day, _given__lte=scope.last_day)
    withdrawn = base.filter(
        status=Consent.Status.WITHDRAWN, withdrawn_on__gte=scope.first_day, withdrawn_on__lte=scope.last_day
    )
    figures: dict[tuple[Hashable, str], Figure] = {}
    for code, qs, month in (
        ("given", given, TruncMonth(given_on, output_field=DateField())),
        ("withdrawn", withdrawn, TruncMonth("withdrawn_on")),
    ):
        part = two_way(qs, month=month, column=Value(code, output_field=CharField()), person="person")
        figures.update({k: v for k, v in part.items() if k[1] != ROW_TOTAL})
    return section(
        scope,
        code="consents",
        short_title="Samtycken",
        title="Samtycken",
        description="Samtycken som organisationen har registrerat och lämnar ut uppgifter på (OSL 12 kap. 2 §): "
        "lämnade per den månad samtycket gavs, återkallade per den månad det återkallades.",
        columns=CONSENT_COLUMNS,
        figures=fill_zero(figures, scope.months, [c.code for c in CONSENT_COLUMNS]),
        chart_columns=("given", "withdrawn"),
        chart_title="Lämnade och återkallade samtycken per månad",
    )


QUESTION_COLUMNS = (
    Column("in_time", f"Besvarade inom {ANSWER_DAYS} dagar"),
    Column("late", f"Besvarade efter {ANSWER_DAYS} dagar"),
    Column("overdue", "Obesvarade, svarstiden har gått ut"),
    Column("open", "Obesvarade inom svarstiden"),
    Column("closed", "Stängda utan svar"),
    Column("median_days", "Svarstid, median (dagar)", additive=False, kind="days"),
)


def questions_section(scope: StatScope) -> Section:
    qs = AdminQuestion.objects.filter(
        recipient_organisation__in=scope.organisations, sent_on__gte=scope.first_day, sent_on__lte=scope.last_day
    )
    if scope.unit is not None:
        qs = qs.filter(recipient_unit=scope.unit)
    on = today()
    collect = Collector(QUESTION_COLUMNS)
    rows = qs.order_by().values_list("sent_on", "deadline", "answered_on", "status", "person_id")
    for sent_on, deadline, answered_on, status, person in rows:
        if answered_on is not None:
            collect.add(sent_on, "in_time" if answered_in_time(sent_on, answered_on) else "late", person)
            collect.add(sent_on, "median_days", person, (answered_on - sent_on).days)
        elif status == AdminQuestion.Status.CLOSED:
            collect.add(sent_on, "closed", person)
        else:
            collect.add(sent_on, "overdue" if on > deadline else "open", person)
    return section(
        scope,
        code="questions",
        short_title="Frågor och svarstid",
        title="Administrativa frågor och svarstid",
        description=f"Administrativa frågor som organisationen har tagit emot, per månad då de skickades, mot den "
        f"överenskomna svarstiden på högst {ANSWER_DAYS} dagar (riktlinjerna för kommunikation med "
        "Försäkringskassan). Svarstiden räknas i dagar från att frågan skickades till svaret.",
        columns=QUESTION_COLUMNS,
        figures=collect.figures(scope.months, row_totals=True),
        chart_columns=("in_time", "late", "overdue"),
        chart_title=f"Svar inom och efter {ANSWER_DAYS} dagar per månad",
        row_totals=True,
        row_total_label="Inkomna frågor",
    )


CALLBACK_COLUMNS = (
    Column("in_time", "Återkopplade i tid"),
    Column("late", "Återkopplade för sent"),
    Column("overdue", "Försenade, inte återkopplade"),
    Column("open", "Öppna i tid"),
)


def callbacks_section(scope: StatScope) -> Section:
    """Call-back requests the organisation received (seed 004: "Återkoppling … görs snarast", due the next working
    day), per month requested, as their own row beside the administrative questions."""
    qs = Callback.objects.filter(
        recipient_organisation__in=scope.organisations,
        requested_on__gte=scope.first_day,
        requested_on__lte=scope.last_day,
    )
    if scope.unit is not None:
        qs = qs.filter(recipient_unit=scope.unit)
    on = today()
    collect = Collector(CALLBACK_COLUMNS)
    # A call-back without an ärende concerns no person: it is counted, and its persons share one key (0), so the
    # count of persons behind a figure is never more than the real persons plus one.
    for requested_on, due_on, done_on, person in qs.order_by().values_list(
        "requested_on", "due_on", "done_on", "person_id"
    ):
        key = person or 0
        if done_on is not None:
            collect.add(requested_on, "in_time" if callback_in_time(due_on, done_on) else "late", key)
        else:
            collect.add(requested_on, "overdue" if callback_overdue(due_on, on) else "open", key)
    return section(
        scope,
        code="callbacks",
        short_title="Återkopplingar",
        title="Begäranden om återkoppling",
        description="Begäranden om återkoppling som organisationen har tagit emot, per månad då de begärdes. "
        "Återkoppling görs snarast (riktlinjerna för kommunikation med Försäkringskassan), här senast nästa "
        "arbetsdag.",
        columns=CALLBACK_COLUMNS,
        figures=collect.figures(scope.months, row_totals=True),
        chart_columns=("in_time", "late", "overdue"),
        chart_title="Återkopplingar i tid och försenade per månad",
        row_totals=True,
        row_total_label="Begärda återkopplingar",
    )


MEETING_COLUMNS = (
    Column("meetings", "Genomförda avstämningsmöten"),
    Column("sick_leave", "Sjukfall (personer)", additive=False),
    Column("per_case", "Möten per sjukfall", additive=False, derived_from=("meetings", "sick_leave"), kind="ratio"),
)


def _meetings(scope: StatScope) -> QuerySet[ReviewMeeting]:
    involved = (
        Q(coordination__case__organisation__in=scope.organisations)
        | Q(requesting_organisation__in=scope.organisations)
        | Q(participants__organisation__in=scope.organisations)
    )
    qs = ReviewMeeting.objects.filter(involved)
    if scope.unit is not None:
        qs = qs.filter(Q(coordination__case__unit=scope.unit) | Q(requested_by__unit=scope.unit))
    return ReviewMeeting.objects.filter(
        pk__in=qs.values("pk"),
        status=ReviewMeeting.Status.HELD,
        meeting_on__gte=scope.first_day,
        meeting_on__lte=scope.last_day,
    )


def _sick_leave_persons(scope: StatScope, first: dt.date, last: dt.date) -> Figure:
    qs = Case.objects.filter(
        organisation__in=scope.organisations, case_type__in=SICK_LEAVE_CASE_TYPES, opened_on__lte=last
    ).filter(Q(closed_on__isnull=True) | Q(closed_on__gte=first))
    if scope.unit is not None:
        qs = qs.filter(unit=scope.unit)
    persons = qs.aggregate(n=Count("subject", distinct=True))["n"]
    return Figure(persons, persons)


def meetings_section(scope: StatScope) -> Section:
    collect = Collector(MEETING_COLUMNS)
    for meeting_on, person in _meetings(scope).order_by().values_list("meeting_on", "coordination__case__subject_id"):
        if meeting_on is not None:
            collect.add(meeting_on, "meetings", person)
    figures = collect.figures(scope.months)
    for month in scope.months:
        figures[(month, "sick_leave")] = _sick_leave_persons(scope, month, last_day_of(month))
    figures[(ROW_TOTAL, "sick_leave")] = _sick_leave_persons(scope, scope.first_day, scope.last_day)
    for row in [*scope.months, ROW_TOTAL]:
        figures[(row, "per_case")] = ratio(figures[(row, "meetings")], figures[(row, "sick_leave")])
    return section(
        scope,
        code="meetings",
        short_title="Avstämningsmöten",
        title="Avstämningsmöten per sjukfall",
        description="Genomförda avstämningsmöten (SFB 110 kap. 14 §) som organisationen deltog i, mot antalet "
        "personer med ett aktuellt sjukfall hos organisationen under månaden (sjukpenning eller samordning av "
        "rehabilitering hos Försäkringskassan, sjukskrivning i vården). För hela perioden räknas varje person en gång.",
        columns=MEETING_COLUMNS,
        figures=figures,
        chart_columns=("per_case",),
        chart_title="Avstämningsmöten per sjukfall och månad",
    )


FIRST_PLAN_COLUMNS = (
    Column("plans", "Första planer"),
    Column("within", f"Inom {FIRST_PLAN_OK_DAYS} dagar"),
    Column("median_days", "Dagar till första plan, median", additive=False, kind="days"),
)


def first_plan_section(scope: StatScope) -> Section:
    qs = RehabCoordination.objects.filter(
        case__organisation__in=scope.organisations,
        first_plan_on__gte=scope.first_day,
        first_plan_on__lte=scope.last_day,
    )
    if scope.unit is not None:
        qs = qs.filter(case__unit=scope.unit)
    collect = Collector(FIRST_PLAN_COLUMNS)
    rows = qs.order_by().values_list("first_plan_on", "application_date", "sick_leave_start", "case__subject_id")
    for first_plan_on, applied, sick_from, person in rows:
        if first_plan_on is None:
            continue
        start = sick_from if sick_from is not None and sick_from < applied else applied
        days = (first_plan_on - start).days
        collect.add(first_plan_on, "plans", person)
        if days <= FIRST_PLAN_OK_DAYS:
            collect.add(first_plan_on, "within", person)
        collect.add(first_plan_on, "median_days", person, days)
    return section(
        scope,
        code="first_plan",
        short_title="Första rehabplan",
        title="Dagar till första rehabiliteringsplan",
        description="Samordningar av rehabiliteringsinsatser (SFB 30 kap. 8–11 §§) vars första plan gjordes under "
        "månaden: dagar från ansökan eller sjukskrivningens början (det som kom först) till den första planen. "
        f"Försäkringskassan ska se till att behovet klarläggs snarast; här räknas högst {FIRST_PLAN_OK_DAYS} dagar "
        "som i tid.",
        columns=FIRST_PLAN_COLUMNS,
        figures=collect.figures(scope.months),
        chart_columns=("median_days",),
        chart_title="Dagar till första plan (median) per månad",
    )


RECLAIM_COLUMNS = (
    Column("sent", "Skickade återsökningar"),
    Column("asked", "Begärt belopp", kind="money"),
    Column("paid", "Utbetalt till socialnämnden", kind="money"),
    Column("refused", "Avslag"),
)


def reclaims_section(scope: StatScope) -> Section:
    qs = Reclaim.objects.filter(Q(organisation__in=scope.organisations) | Q(agency__in=scope.organisations))
    if scope.unit is not None:
        qs = qs.filter(Q(case__unit=scope.unit) | Q(settled_by__unit=scope.unit))
    collect = Collector(RECLAIM_COLUMNS)
    first, last = scope.first_day, scope.last_day
    rows = qs.order_by().values_list(
        "status", "request_received", "settled_on", "to_social_services", "paid_to_social_services", "person_id"
    )
    for status, received, settled_on, asked, paid, person in rows:
        sent = status in (Reclaim.Status.SENT, Reclaim.Status.PAID, Reclaim.Status.REFUSED)
        if sent and received is not None and first <= received <= last:
            collect.add(received, "sent", person)
            collect.add(received, "asked", person, Decimal(asked))
        if settled_on is not None and first <= settled_on <= last:
            if status == Reclaim.Status.PAID:
                collect.add(settled_on, "paid", person, Decimal(paid or 0))
            elif status == Reclaim.Status.REFUSED:
                collect.add(settled_on, "refused", person)
    return section(
        scope,
        code="reclaims",
        short_title="Återsökning",
        title="Återsökning: belopp och avslag",
        description="Begäranden enligt 107 kap. 5 § socialförsäkringsbalken om att retroaktiv ersättning betalas till "
        "socialnämnden: skickade (den månad begäran kom in) med begärt belopp, utbetalt till nämnden och avslag "
        "(den månad Försäkringskassan eller Pensionsmyndigheten beslutade).",
        columns=RECLAIM_COLUMNS,
        figures=collect.figures(scope.months),
        chart_columns=("asked", "paid"),
        chart_title="Begärt och utbetalt belopp per månad",
        unit_label="kr",
    )


SECTIONS: tuple[tuple[str, Callable[[StatScope], Section]], ...] = (
    ("lookups", lookups_section),
    ("bases", bases_section),
    ("consents", consents_section),
    ("questions", questions_section),
    ("callbacks", callbacks_section),
    ("meetings", meetings_section),
    ("first_plan", first_plan_section),
    ("reclaims", reclaims_section),
)


def statistics_for(scope: StatScope) -> list[Section]:
    return [build(scope) for _, build in SECTIONS]


# --- Per unit (an organisation's own view) -------------------------------------------------------


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    values: dict[str, int]


UNIT_MEASURES = (
    ("lookups", "Slagningar"),
    ("consents_given", "Lämnade samtycken"),
    ("consents_withdrawn", "Återkallade samtycken"),
    ("questions", "Inkomna frågor"),
    ("questions_in_time", f"Besvarade inom {ANSWER_DAYS} dagar"),
    ("callbacks", "Begärda återkopplingar"),
    ("callbacks_in_time", "Återkopplade i tid"),
    ("callbacks_overdue", "Försenade återkopplingar"),
    ("meetings", "Avstämningsmöten"),
    ("first_plans", "Första rehabplaner"),
    ("reclaims_sent", "Skickade återsökningar"),
    ("reclaims_refused", "Avslagna återsökningar"),
)


def _by_unit(qs: QuerySet[Any], unit_path: str) -> dict[int, int]:
    rows = qs.order_by().values(unit_path).annotate(n=Count("pk", distinct=True))
    return {r[unit_path]: r["n"] for r in rows if r[unit_path] is not None}


def unit_summary(scope: StatScope) -> list[UnitRow]:
    """One row per unit of the (single) organisation with the period's totals (not for the samordningsförbund)."""
    whole = StatScope(scope.organisations, scope.start_month, scope.end_month)
    first, last = whole.first_day, whole.last_day
    questions = AdminQuestion.objects.filter(
        recipient_organisation__in=whole.organisations, sent_on__gte=first, sent_on__lte=last
    )
    in_time = [
        pk
        for pk, sent_on, answered_on in questions.values_list("pk", "sent_on", "answered_on")
        if answered_on is not None and answered_in_time(sent_on, answered_on)
    ]
    callbacks = Callback.objects.filter(
        recipient_organisation__in=whole.organisations, requested_on__gte=first, requested_on__lte=last
    )
    callbacks_in_time = [
        pk
        for pk, due_on, done_on in callbacks.values_list("pk", "due_on", "done_on")
        if done_on is not None and callback_in_time(due_on, done_on)
    ]
    consents = Consent.objects.filter(discloser__in=whole.organisations)
    reclaims = Reclaim.objects.filter(organisation__in=whole.organisations)
    measures = {
        "lookups": _by_unit(_requests(whole), "recipient_unit"),
        "consents_given": _by_unit(
            consents.filter(status__in=[Consent.Status.ACTIVE, Consent.Status.WITHDRAWN])
            .annotate(_given=Coalesce("taken_on", "valid_from", output_field=DateField()))
            .filter(_given__gte=first, _given__lte=last),
            "created_by__unit",
        ),
        "consents_withdrawn": _by_unit(
            consents.filter(status=Consent.Status.WITHDRAWN, withdrawn_on__gte=first, withdrawn_on__lte=last),
            "created_by__unit",
        ),
        "questions": _by_unit(questions, "recipient_unit"),
        "questions_in_time": _by_unit(questions.filter(pk__in=in_time), "recipient_unit"),
        "callbacks": _by_unit(callbacks, "recipient_unit"),
        "callbacks_in_time": _by_unit(callbacks.filter(pk__in=callbacks_in_time), "recipient_unit"),
        "callbacks_overdue": _by_unit(
            callbacks.filter(status=Callback.Status.OPEN, due_on__lt=today()), "recipient_unit"
        ),
        "meetings": _by_unit(
            _meetings(whole).filter(coordination__case__organisation__in=whole.organisations),
            "coordination__case__unit",
        ),
        "first_plans": _by_unit(
            RehabCoordination.objects.filter(
                case__organisation__in=whole.organisations, first_plan_on__gte=first, first_plan_on__lte=last
            ),
            "case__unit",
        ),
        "reclaims_sent": _by_unit(
            reclaims.filter(request_received__gte=first, request_received__lte=last).exclude(
                status__in=[Reclaim.Status.DRAFT, Reclaim.Status.TOO_LATE]
            ),
            "case__unit",
        ),
        "reclaims_refused": _by_unit(
            reclaims.filter(status=Reclaim.Status.REFUSED, settled_on__gte=first, settled_on__lte=last), "case__unit"
        ),
    }
    units = Unit.objects.filter(organisation__in=whole.organisations).order_by("name")
    return [UnitRow(u, {code: measures[code].get(u.pk, 0) for code, _ in UNIT_MEASURES}) for u in units]
