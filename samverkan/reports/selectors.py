"""Reads for the log review: the audit log as a security officer may see it, and the standing reports.

**Scope** (who sees what). A security officer of organisation X reviews:

- in the search: every entry where X is the organisation whose data or secrecy the entry
  concerns (``organisation``, e.g. X disclosed), where X received data (``recipient``), or where
  the acting official belongs to X (``actor``'s unit is in X). So FK's security officer sees
  both what FK's officials did and what others were given from FK; never an entry that
  concerns two other organisations only.
- in the standing reports: the lookups and reviews **made by X's own officials** (for lookups the
  actor belongs to X; for fast reviews the review task is in X's queue). Each organisation
  reviews its own staff; the other party reviews its own.

An official's unit is the unit the official belongs to now (audit entries do not store a unit).
For an entry about a person with protected identity the unit is never shown (docs/domain.md §10):
where the official works could point to where the person lives or is cared for.

The detection rules are :mod:`samverkan.domain.log_review`; here are the queries that find the
candidates efficiently (each report filters on ``event`` and the period first, which the index
``(event, created_at)`` serves) and hand them to the rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import CharField, Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractHour, TruncDate, Upper

from samverkan.accounts.models import Organisation, Unit, User
from samverkan.core import clock
from samverkan.disclosures.models import AuditEntry, ReviewTask
from samverkan.domain import log_review as rules
from samverkan.domain.deadlines import SWEDISH_TIME, WORKDAY_END, WORKDAY_START, non_working_reason, to_swedish_time
from samverkan.domain.disclosure import CATEGORY_ALIASES
from samverkan.domain.identity import InvalidIdentityNumber, normalize_identity_number
from samverkan.domain.log_review import FindingKind
from samverkan.people.models import Person
from samverkan.reports.labels import EVENT_GROUPS
from samverkan.reports.models import OfficialPerson, ReviewMark

# --- Periods ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Swedish local dates, both inclusive."""

    start: dt.date
    end: dt.date

    @property
    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """[start 00:00, the day after end 00:00) in Swedish time, as aware datetimes."""
        begin = dt.datetime.combine(self.start, dt.time(0), tzinfo=SWEDISH_TIME)
        finish = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(0), tzinfo=SWEDISH_TIME)
        return begin, finish

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def default_period(today: dt.date, days: int = 30) -> Period:
    return Period(today - dt.timedelta(days=days - 1), today)


# --- Scope --------------------------------------------------------------------------------------


def officials_of(organisation: Organisation) -> QuerySet[User]:
    return User.objects.filter(unit__organisation=organisation)


def official_ids(organisation: Organisation) -> list[int]:
    return list(officials_of(organisation).order_by("pk").values_list("pk", flat=True))


def audit_scope(organisation: Organisation) -> QuerySet[AuditEntry]:
    """Every entry the organisation's security officer may see (see the module docstring)."""
    return AuditEntry.objects.filter(
        Q(organisation=organisation) | Q(recipient=organisation) | Q(actor__in=officials_of(organisation).values("pk"))
    )


def _in_period(qs: QuerySet[AuditEntry], period: Period) -> QuerySet[AuditEntry]:
    begin, finish = period.bounds
    return qs.filter(created_at__gte=begin, created_at__lt=finish)


def lookups_by_officials_of(organisation: Organisation, period: Period) -> QuerySet[AuditEntry]:
    """Lookups (``rules.LOOKUP_EVENTS``) made by the organisation's officials in the period.

    The officials are given as a list of ids, not a subquery: with the real number in hand the
    PostgreSQL planner reads the period through the ``(event, created_at)`` index instead of
    each official's whole history through the ``actor`` index (see bench/audit.py).
    """
    return _in_period(AuditEntry.objects.filter(event__in=sorted(rules.LOOKUP_EVENTS)), period).filter(
        actor_id__in=official_ids(organisation)
    )


# --- Search -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilters:
    identity_number: str = ""
    official: User | None = None
    category: str = ""
    basis: str = ""  # duty | consent | none
    event_group: str = ""
    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def person_number(self) -> str | None:
        """The identity number in normal form, or None when none (or a malformed one) was given."""
        if not self.identity_number.strip():
            return None
        try:
            return normalize_identity_number(self.identity_number, on=clock.today())
        except InvalidIdentityNumber:
            return None


def _category_filter(qs: QuerySet[AuditEntry], code: str) -> QuerySet[AuditEntry]:
    from django.db import connection

    # The category under its code and under any older code it was logged with (the log is never rewritten).
    codes = [code, *(old for old, new in CATEGORY_ALIASES.items() if new == code)]
    condition = Q()
    for each in codes:
        if connection.vendor == "postgresql":
            condition |= Q(categories__contains=[each])
        else:
            # SQLite has no JSON containment; the stored list is canonical JSON, so the quoted code is exact.
            condition |= Q(categories__icontains=f'"{each}"')
    return qs.filter(condition)


def audit_search(*, organisation: Organisation, filters: AuditFilters) -> QuerySet[AuditEntry]:
    qs = audit_scope(organisation)
    if filters.identity_number.strip():
        number = filters.person_number
        qs = qs.filter(person__identity_number=number) if number else qs.none()
    if filters.official is not None:
        qs = qs.filter(actor=filters.official)
    if filters.category:
        qs = _category_filter(qs, filters.category)
    if filters.basis:
        qs = qs.filter(basis="" if filters.basis == "none" else filters.basis)
    if filters.event_group in EVENT_GROUPS:
        condition = Q()
        for prefix in EVENT_GROUPS[filters.event_group][1]:
            condition |= Q(event__startswith=prefix) if prefix.endswith(".") else Q(event=prefix)
        qs = qs.filter(condition)
    if filters.start is not None:
        qs = qs.filter(created_at__gte=Period(filters.start, filters.start).bounds[0])
    if filters.end is not None:
        qs = qs.filter(created_at__lt=Period(filters.end, filters.end).bounds[1])
    return qs.select_related("actor__unit", "organisation", "recipient", "person").order_by("-sequence")


#: Without a person, an official or a first day, the search covers the last 30 days.
DEFAULT_SEARCH_DAYS = 30


def with_default_window(filters: AuditFilters, today: dt.date) -> tuple[AuditFilters, bool]:
    """The filters with the default window applied when the search is otherwise unbounded (and whether it was)."""
    if filters.person_number or filters.official is not None or filters.start is not None:
        return filters, False
    start = today - dt.timedelta(days=DEFAULT_SEARCH_DAYS - 1)
    return (
        AuditFilters(
            identity_number=filters.identity_number,
            official=filters.official,
            category=filters.category,
            basis=filters.basis,
            event_group=filters.event_group,
            start=start,
            end=filters.end,
        ),
        True,
    )


def search_person(filters: AuditFilters) -> Person | None:
    number = filters.person_number
    return Person.objects.filter(identity_number=number).first() if number else None


# --- Findings -----------------------------------------------------------------------------------


@dataclass
class Finding:
    kind: FindingKind
    key: str
    detail: str
    at: dt.datetime | None = None
    day: dt.date | None = None
    official: User | None = None
    person: Person | None = None
    entry: AuditEntry | None = None
    task_id: int | None = None
    mark: ReviewMark | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def reviewed(self) -> bool:
        return self.mark is not None

    @property
    def unit(self) -> Unit | None:
        """The official's unit; never for a person with protected identity."""
        if self.person is not None and self.person.protected_identity:
            return None
        return self.official.unit if self.official is not None else None

    @property
    def local_time(self) -> dt.datetime | None:
        return to_swedish_time(self.at) if self.at is not None else None


def _official(user: User, linked: dict[int, int]) -> rules.Official:
    return rules.Official(
        id=user.pk,
        first_name=user.first_name,
        last_name=user.last_name,
        organisation_id=user.unit.organisation_id if user.unit is not None else None,
        unit_id=user.unit_id,
        person_id=linked.get(user.pk),
    )


def _person_name(person: Person) -> rules.PersonName:
    return rules.PersonName(id=person.pk, first_name=person.first_name, last_name=person.last_name)


def _entry_key(kind: FindingKind, entry: AuditEntry) -> str:
    return rules.lookup_key(kind, entry_id=entry.pk, request_id=(entry.extra or {}).get("request_id"))


def _lookup_findings(kind: FindingKind, entries: Iterable[AuditEntry], detail: Any) -> list[Finding]:
    found = []
    for key, entry in rules.dedupe_by_key((_entry_key(kind, e), e) for e in entries):
        text = detail(entry)
        if text is None:
            continue
        found.append(
            Finding(
                kind=kind,
                key=key,
                detail=text,
                at=entry.created_at,
                day=rules.local_day(entry.created_at),
                official=entry.actor,
                person=entry.person,
                entry=entry,
            )
        )
    return found


def _describe_lookup(entry: AuditEntry) -> str:
    from samverkan.reports.labels import event_label

    source = entry.organisation.name if entry.organisation is not None else "okänd organisation"
    return f"{event_label(entry.event)} – uppgifter från {source}"


def _lookup_entries(qs: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
    return qs.select_related("actor__unit", "person", "organisation").order_by("-created_at", "-sequence")


def protected_identity_findings(organisation: Organisation, period: Period) -> list[Finding]:
    entries = _lookup_entries(lookups_by_officials_of(organisation, period).filter(person__protected_identity=True))
    return _lookup_findings(FindingKind.PROTECTED_IDENTITY, entries, _describe_lookup)


def _officials_with_links(organisation: Organisation) -> list[rules.Official]:
    users = list(officials_of(organisation).select_related("unit"))
    linked = dict(
        OfficialPerson.objects.filter(official__unit__organisation=organisation).values_list("official_id", "person_id")
    )
    return [_official(u, linked) for u in users]


def linked_persons(organisation: Organisation) -> QuerySet[OfficialPerson]:
    return OfficialPerson.objects.filter(official__in=officials_of(organisation).values("pk"))


def persons_named_as_officials(organisation: Organisation) -> QuerySet[Person]:
    """Persons who may be officials of the organisation by name: an official's surname, and that
    official's first name within the person's given names (the rule in the domain confirms it)."""
    match = (
        officials_of(organisation)
        .annotate(
            _last=Upper("last_name"),
            _first=Upper("first_name"),
            _person_last=Upper(OuterRef("last_name"), output_field=CharField()),
            _person_first=Upper(OuterRef("first_name"), output_field=CharField()),
        )
        .filter(_last=F("_person_last"), _person_first__contains=F("_first"))
        .exclude(first_name="")
    )
    return Person.objects.filter(Exists(match))


def relation_findings(organisation: Organisation, period: Period) -> dict[FindingKind, list[Finding]]:
    """Lookups of colleagues and of persons with the looking official's surname."""
    officials = _officials_with_links(organisation)
    by_id = {o.id: o for o in officials}
    index = rules.OfficialIndex(officials)
    lookups = lookups_by_officials_of(organisation, period).filter(person__isnull=False)
    same_surname = lookups.annotate(_p=Upper("person__last_name"), _a=Upper("actor__last_name")).filter(_p=F("_a"))
    by_name = lookups.filter(person__in=persons_named_as_officials(organisation).values("pk"))
    by_link = lookups.filter(person__in=linked_persons(organisation).values("person_id"))
    entries: dict[int, AuditEntry] = {}
    for qs in (same_surname, by_name, by_link):
        entries.update({e.pk: e for e in _lookup_entries(qs)})
    ordered = sorted(entries.values(), key=lambda e: (e.created_at, e.sequence), reverse=True)
    users = {u.pk: u for u in officials_of(organisation).select_related("unit")}
    result: dict[FindingKind, list[Finding]] = {FindingKind.COLLEAGUE: [], FindingKind.SAME_SURNAME: []}
    seen: set[str] = set()
    for entry in ordered:
        actor = by_id.get(entry.actor_id or 0)
        if actor is None or entry.person is None:
            continue
        relation = rules.relationship(_person_name(entry.person), actor, index)
        if relation is None:
            continue
        key = _entry_key(relation.kind, entry)
        if key in seen:
            continue
        seen.add(key)
        if relation.kind is FindingKind.COLLEAGUE:
            who = users.get(relation.official.id)
            detail = (
                "Handläggaren har slagit på sig själv."
                if relation.official.id == actor.id
                else f"Personen är kollegan {who.get_full_name() if who else relation.official.id}."
            )
        else:
            detail = "Personen har samma efternamn som handläggaren."
        result[relation.kind].append(
            Finding(
                kind=relation.kind,
                key=key,
                detail=f"{detail} {_describe_lookup(entry)}.",
                at=entry.created_at,
                day=rules.local_day(entry.created_at),
                official=entry.actor,
                person=entry.person,
                entry=entry,
                extra={"colleague_id": relation.official.id},
            )
        )
    return result


def daily_volumes(organisation: Organisation, period: Period) -> list[rules.DailyVolume]:
    """Distinct persons looked up per official and Swedish local day."""
    rows = (
        lookups_by_officials_of(organisation, period)
        .annotate(day=TruncDate("created_at", tzinfo=SWEDISH_TIME))
        .values("actor", "day")
        .annotate(n=Count("person", distinct=True))
    )
    units = dict(officials_of(organisation).values_list("pk", "unit_id"))
    return [rules.DailyVolume(r["actor"], units.get(r["actor"]), r["day"], r["n"]) for r in rows]


def _decimal(value: float) -> str:
    """One decimal, Swedish comma, no trailing ",0"."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text.replace(".", ",")


def high_volume_findings(organisation: Organisation, period: Period) -> list[Finding]:
    volumes = rules.volume_findings(daily_volumes(organisation, period))
    users = officials_of(organisation).select_related("unit").in_bulk([v.actor_id for v in volumes])
    found = []
    for v in volumes:
        found.append(
            Finding(
                kind=FindingKind.HIGH_VOLUME,
                key=rules.volume_key(actor_id=v.actor_id, day=v.day),
                detail=(
                    f"{v.lookups} personer slagna samma dag; enhetens normala är {_decimal(v.unit_median)} per dag "
                    f"({_decimal(v.ratio)} gånger så många)."
                ),
                day=v.day,
                official=users.get(v.actor_id),
                extra={"lookups": v.lookups, "median": v.unit_median},
            )
        )
    return found


def _outside_hours_detail(entry: AuditEntry) -> str | None:
    if not rules.outside_working_hours(entry.created_at):
        return None
    local = to_swedish_time(entry.created_at)
    reason = non_working_reason(local.date())
    when = f"kl. {local:%H.%M}" + (f", {reason}" if reason else "")
    return f"{when}. {_describe_lookup(entry)}"


def outside_hours_findings(organisation: Organisation, period: Period) -> list[Finding]:
    candidates = lookups_by_officials_of(organisation, period).annotate(
        _hour=ExtractHour("created_at", tzinfo=SWEDISH_TIME), _day=TruncDate("created_at", tzinfo=SWEDISH_TIME)
    )
    condition = Q(_hour__lt=WORKDAY_START.hour) | Q(_hour__gte=WORKDAY_END.hour)
    free_days = rules.non_working_days(period.start, period.end)
    if free_days:
        condition |= Q(_day__in=free_days)
    return _lookup_findings(
        FindingKind.OUTSIDE_HOURS, _lookup_entries(candidates.filter(condition)), _outside_hours_detail
    )


def fast_review_findings(organisation: Organisation, period: Period) -> list[Finding]:
    begin, finish = period.bounds
    tasks = (
        ReviewTask.objects.filter(
            organisation=organisation,
            decided_at__isnull=False,
            decided_at__gte=begin,
            decided_at__lt=finish,
            decided_at__lte=F("created_at") + dt.timedelta(seconds=rules.FAST_REVIEW_SECONDS),
        )
        .select_related("decided_by__unit", "request__person", "request__recipient")
        .order_by("-decided_at", "-pk")
    )
    found = []
    for task in tasks:
        assert task.decided_at is not None
        if not rules.is_fast_review(task.created_at, task.decided_at):
            continue
        seconds = max(0, round((task.decided_at - task.created_at).total_seconds()))
        found.append(
            Finding(
                kind=FindingKind.FAST_REVIEW,
                key=rules.review_key(task_id=task.pk),
                detail=(
                    f"{task.get_status_display()} {seconds} sekunder efter att begäran från "
                    f"{task.request.recipient.name} kom in."
                ),
                at=task.decided_at,
                day=rules.local_day(task.decided_at),
                official=task.decided_by,
                person=task.request.person,
                task_id=task.pk,
            )
        )
    return found


REPORTS: dict[FindingKind, Any] = {
    FindingKind.PROTECTED_IDENTITY: protected_identity_findings,
    FindingKind.COLLEAGUE: lambda org, period: relation_findings(org, period)[FindingKind.COLLEAGUE],
    FindingKind.SAME_SURNAME: lambda org, period: relation_findings(org, period)[FindingKind.SAME_SURNAME],
    FindingKind.HIGH_VOLUME: high_volume_findings,
    FindingKind.OUTSIDE_HOURS: outside_hours_findings,
    FindingKind.FAST_REVIEW: fast_review_findings,
}


def attach_marks(organisation: Organisation, findings: Sequence[Finding]) -> list[Finding]:
    marks = {
        m.key: m
        for m in ReviewMark.objects.filter(organisation=organisation, key__in=[f.key for f in findings]).select_related(
            "reviewed_by"
        )
    }
    for finding in findings:
        finding.mark = marks.get(finding.key)
    return list(findings)


def findings(
    organisation: Organisation, period: Period, kind: FindingKind, *, reviewed: bool | None = None
) -> list[Finding]:
    """One standing report's findings, newest first, with their review marks (``reviewed`` filters)."""
    found = attach_marks(organisation, REPORTS[kind](organisation, period))
    if reviewed is not None:
        found = [f for f in found if f.reviewed == reviewed]
    return found


def all_findings(organisation: Organisation, period: Period) -> dict[FindingKind, list[Finding]]:
    relations = relation_findings(organisation, period)
    result = {
        FindingKind.PROTECTED_IDENTITY: protected_identity_findings(organisation, period),
        FindingKind.COLLEAGUE: relations[FindingKind.COLLEAGUE],
        FindingKind.SAME_SURNAME: relations[FindingKind.SAME_SURNAME],
        FindingKind.HIGH_VOLUME: high_volume_findings(organisation, period),
        FindingKind.OUTSIDE_HOURS: outside_hours_findings(organisation, period),
        FindingKind.FAST_REVIEW: fast_review_findings(organisation, period),
    }
    return {kind: attach_marks(organisation, found) for kind, found in result.items()}


def finding_by_key(organisation: Organisation, key: str, *, period: Period | None = None) -> Finding | None:
    """Re-detect the one finding ``key`` names, within the organisation's scope (None: no such finding).

    ``period`` is the report's period; it matters for high volumes only (the unit's normal is the
    median over the period). Without one, or when it does not contain the day, the 30 days up to
    the day are used, as in the default report.
    """
    parsed = rules.parse_key(key)
    if parsed is None:
        return None
    if parsed.kind is FindingKind.HIGH_VOLUME:
        assert parsed.day is not None
        if period is None or not (period.start <= parsed.day <= period.end):
            period = Period(parsed.day - dt.timedelta(days=29), parsed.day)
        candidates = [f for f in high_volume_findings(organisation, period) if f.key == key]
        return attach_marks(organisation, candidates)[0] if candidates else None
    if parsed.kind is FindingKind.FAST_REVIEW:
        task = ReviewTask.objects.filter(pk=parsed.id, organisation=organisation, decided_at__isnull=False).first()
        if task is None or task.decided_at is None:
            return None
        day = rules.local_day(task.decided_at)
        candidates = [f for f in fast_review_findings(organisation, Period(day, day)) if f.key == key]
        return attach_marks(organisation, candidates)[0] if candidates else None

    # A lookup finding: find its entry (within the report's period first), then run the report over that day.
    def first_entry(within: Period) -> AuditEntry | None:
        entries = lookups_by_officials_of(organisation, within)
        entries = (
            entries.filter(extra__request_id=parsed.id) if parsed.ref == "request" else entries.filter(pk=parsed.id)
        )
        return entries.order_by("sequence").first()

    entry = first_entry(period) if period is not None else None
    if entry is None:
        entry = first_entry(Period(dt.date(1900, 1, 1), dt.date(2999, 12, 31)))
    if entry is None:
        return None
    day = rules.local_day(entry.created_at)
    candidates = [f for f in REPORTS[parsed.kind](organisation, Period(day, day)) if f.key == key]
    return attach_marks(organisation, candidates)[0] if candidates else None
