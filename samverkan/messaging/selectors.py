"""Reads for communication, always scoped to the official's organisation.

An administrative question belongs to both parties: the sending and the receiving
organisation see it, nobody else (another organisation's id gives 404 in the views).
It is never shown to the person (:func:`admin_questions_visible_to_person`).
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import product

from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Replace
from django.utils.timezone import localdate

from samverkan.accounts.models import Organisation, Unit, User
from samverkan.cases.models import Case
from samverkan.core.clock import today
from samverkan.domain.callback import callback_in_time, callback_overdue
from samverkan.domain.contact_person import TermMeetingReminder, TermPeriod, term_meeting_reminder, term_of
from samverkan.domain.deadlines import DeadlineStatus, answered_in_time, deadline_status
from samverkan.domain.organisations import Role
from samverkan.messaging.models import (
    HIDDEN_FROM_PERSON,
    Absence,
    AdminQuestion,
    BlockedEmail,
    Callback,
    ContactAssignment,
    Notification,
    SentEmail,
    TermMeeting,
)
from samverkan.messaging.routing import QUESTION_ORG_TYPES, QUESTION_ROLES, partner_organisations
from samverkan.people.models import Person
from samverkan.people.selectors import person_matches

# --- Administrative questions ------------------------------------------------------------------


def questions_for_organisation(organisation: Organisation) -> QuerySet[AdminQuestion]:
    """Questions the organisation sent or received."""
    return (
        AdminQuestion.objects.filter(Q(sender_organisation=organisation) | Q(recipient_organisation=organisation))
        .select_related(
            "person",
            "sender",
            "sender_unit",
            "sender_organisation",
            "recipient_organisation",
            "recipient_unit",
            "assigned_to",
            "sender_case",
            "recipient_case",
        )
        .order_by("-sent_at", "-pk")
    )


#: The lists of the question inbox: (GET value, Swedish label).
QUESTION_VIEWS = (
    ("att-besvara", "Att besvara"),
    ("vantar", "Väntar på svar"),
    ("besvarade", "Besvarade"),
    ("stangda", "Stängda"),
)


def question_list(*, organisation: Organisation, view: str) -> QuerySet[AdminQuestion]:
    qs = questions_for_organisation(organisation)
    if view == "att-besvara":
        return qs.filter(recipient_organisation=organisation, status=AdminQuestion.Status.OPEN).order_by(
            "deadline", "pk"
        )
    if view == "vantar":
        return qs.filter(sender_organisation=organisation, status=AdminQuestion.Status.OPEN).order_by("deadline", "pk")
    if view == "besvarade":
        return qs.filter(status=AdminQuestion.Status.ANSWERED)
    if view == "stangda":
        return qs.filter(status=AdminQuestion.Status.CLOSED)
    return qs


#: The question list's choices beyond :data:`QUESTION_VIEWS`: (GET value, Swedish label).
QUESTION_EXTRA_VIEWS = (
    ("forsenade", "Svarstiden har gått ut"),
    ("alla", "Alla"),
)


def question_search(
    *,
    organisation: Organisation,
    user: User,
    view: str = "att-besvara",
    query: str = "",
    whose: str = "all",
    counterpart: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
    new_answers: bool = False,
) -> QuerySet[AdminQuestion]:
    """The question list with its filters: the view (to answer, awaiting an answer, answered, closed, overdue or
    all), the official's own questions (sent or assigned to them), the unit's, the other organisation, the day
    it was sent, answers the official has not read yet, and a search by the person (name or identity number in
    any accepted spelling), the question's number or the own case's reference."""
    if view == "forsenade":
        found = questions_for_organisation(organisation).filter(status=AdminQuestion.Status.OPEN, deadline__lt=today())
        found = found.order_by("deadline", "pk")
    elif view == "alla":
        found = questions_for_organisation(organisation)
    else:
        found = question_list(organisation=organisation, view=view)
    if whose == "mine":
        found = found.filter(Q(sender=user) | Q(assigned_to=user))
    elif whose == "unit":
        found = found.filter(Q(sender_unit=user.unit) | Q(recipient_unit=user.unit))
    if counterpart:
        found = found.filter(
            Q(sender_organisation=organisation, recipient_organisation__code=counterpart)
            | Q(recipient_organisation=organisation, sender_organisation__code=counterpart)
        )
    if since is not None:
        found = found.filter(sent_on__gte=since)
    if until is not None:
        found = found.filter(sent_on__lte=until)
    if new_answers:
        found = found.filter(
            notifications__user=user,
            notifications__kind=Notification.Kind.ANSWER_RECEIVED,
            notifications__read_at__isnull=True,
        )
    text = (query or "").strip()
    if text:
        number = text.lower().removeprefix("fråga").removeprefix("nr").strip()
        matches = (
            person_matches(text, path="person__")
            | Q(sender_organisation=organisation, sender_case__reference__iexact=text)
            | Q(recipient_organisation=organisation, recipient_case__reference__iexact=text)
        )
        if number.isdigit() and len(number) <= 9:
            matches |= Q(pk=int(number))
        found = found.filter(matches)
    return found


def question_counterparts(organisation: Organisation) -> list[tuple[str, str]]:
    """The organisations the organisation may exchange questions with, and those it has: (code, name)."""
    own = questions_for_organisation(organisation).order_by()
    found = {(partner.code, partner.name) for partner in partner_organisations(organisation)}
    found |= set(
        own.exclude(sender_organisation=organisation).values_list(
            "sender_organisation__code", "sender_organisation__name"
        )
    )
    found |= set(
        own.exclude(recipient_organisation=organisation).values_list(
            "recipient_organisation__code", "recipient_organisation__name"
        )
    )
    return sorted(found, key=lambda pair: (pair[1], pair[0]))


def question_counts(organisation: Organisation) -> dict[str, int]:
    """How many questions the organisation has to answer, and how many it waits for."""
    open_qs = AdminQuestion.objects.filter(status=AdminQuestion.Status.OPEN)
    return {
        "to_answer": open_qs.filter(recipient_organisation=organisation).count(),
        "awaiting": open_qs.filter(sender_organisation=organisation).count(),
        "overdue": open_qs.filter(recipient_organisation=organisation, deadline__lt=today()).count(),
    }


def questions_for_case(case: Case) -> QuerySet[AdminQuestion]:
    """The questions about a case of the viewer's own organisation (sent from it or received in it)."""
    return (
        AdminQuestion.objects.filter(Q(sender_case=case) | Q(recipient_case=case))
        .select_related("sender_organisation", "recipient_organisation", "sender", "assigned_to")
        .order_by("-sent_at", "-pk")
    )


def admin_questions_visible_to_person(*, person: Person) -> QuerySet[AdminQuestion]:
    """The administrative questions the person may see in the portal: **none**.

    Seed 004 (Riktlinjer för kommunikation med Försäkringskassan, 2020): the dialogue between
    Försäkringskassan and vården through the administrative question "syns ej i 'Mina Intyg' på
    1177.se. För att patienten ska få insyn i den dialogen behöver den gå in och läsa i sin
    journal." The portal calls this selector so the exclusion is explicit and tested; the person
    reads the dialogue in their journal (or asks for the records, which is a separate request).
    """
    assert HIDDEN_FROM_PERSON
    return AdminQuestion.objects.none()


def deadline_state(question: AdminQuestion, on: dt.date) -> DeadlineStatus:
    return deadline_status(question.deadline, on, answered_on=question.answered_on, sent_on=question.sent_on)


# --- The dashboard per unit --------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerTimeStats:
    """Answer times of the questions a unit answered (days from sending to the first answer)."""

    answered: int
    median_days: float | None
    mean_days: float | None
    within_deadline: int

    @property
    def share_within_deadline(self) -> float | None:
        """Share (0–1) answered within the agreed 7 days, None when nothing was answered."""
        return self.within_deadline / self.answered if self.answered else None

    @property
    def percent_within_deadline(self) -> int | None:
        share = self.share_within_deadline
        return None if share is None else round(share * 100)


def answer_time_stats(pairs: Iterable[tuple[dt.date, dt.date]]) -> AnswerTimeStats:
    """Statistics over (sent_on, answered_on) pairs."""
    days: list[int] = []
    within = 0
    for sent_on, answered_on in pairs:
        days.append((answered_on - sent_on).days)
        if answered_in_time(sent_on, answered_on):
            within += 1
    if not days:
        return AnswerTimeStats(answered=0, median_days=None, mean_days=None, within_deadline=0)
    return AnswerTimeStats(
        answered=len(days),
        median_days=float(statistics.median(days)),
        mean_days=round(statistics.fmean(days), 1),
        within_deadline=within,
    )


@dataclass
class UnitDashboard:
    unit: Unit
    on: dt.date
    not_due: list[AdminQuestion] = field(default_factory=list)
    due_soon: list[AdminQuestion] = field(default_factory=list)
    overdue: list[AdminQuestion] = field(default_factory=list)
    awaiting: int = 0
    stats: AnswerTimeStats = field(default_factory=lambda: AnswerTimeStats(0, None, None, 0))
    period_start: dt.date | None = None

    @property
    def open_count(self) -> int:
        return len(self.not_due) + len(self.due_soon) + len(self.overdue)


STATS_DAYS = 365


def unit_dashboard(*, organisation: Organisation, unit: Unit, on: dt.date | None = None) -> UnitDashboard:
    """Open, due and overdue questions received by ``unit``, and its answer times over the last year."""
    if unit.organisation_id != organisation.pk:
        raise ValueError("unit of another organisation")
    day = on or today()
    board = UnitDashboard(unit=unit, on=day, period_start=day - dt.timedelta(days=STATS_DAYS))
    open_questions = (
        AdminQuestion.objects.filter(recipient_unit=unit, status=AdminQuestion.Status.OPEN)
        .select_related("sender_organisation", "sender", "assigned_to", "person", "escalation__escalated_to")
        .order_by("deadline", "pk")
    )
    for question in open_questions:
        state = deadline_state(question, day)
        if state is DeadlineStatus.OVERDUE:
            board.overdue.append(question)
        elif state is DeadlineStatus.DUE_SOON:
            board.due_soon.append(question)
        else:
            board.not_due.append(question)
    board.awaiting = AdminQuestion.objects.filter(sender_unit=unit, status=AdminQuestion.Status.OPEN).count()
    pairs = AdminQuestion.objects.filter(
        recipient_unit=unit, answered_on__isnull=False, sent_on__gte=board.period_start
    ).values_list("sent_on", "answered_on")
    board.stats = answer_time_stats((sent, answered) for sent, answered in pairs if answered is not None)
    return board


# --- Notifications -----------------------------------------------------------------------------


def notifications_for(user: User, *, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(user=user).select_related("question").order_by("-created_at", "-pk")
    return qs.filter(read_at__isnull=True) if unread_only else qs


# --- E-mail ------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_GENITIVE = re.compile(r"(?:s|['’]s?|:s)$", re.IGNORECASE)
#: Longest surname, in words, looked for ("af Klint", "van der Berg").
_MAX_SURNAME_WORDS = 3
#: Candidates per query (well below every database's limit on bound parameters).
_IN_CHUNK = 2000


def _casings(words: tuple[str, ...]) -> set[str]:
    """Spellings of a word sequence as names are stored: each word lower or capitalised, and title/upper case."""
    joined = " ".join(words)
    variants = {joined, joined.upper(), joined.title()}
    if len(words) <= _MAX_SURNAME_WORDS:
        for choice in product((str.lower, str.capitalize), repeat=len(words)):
            variants.add(" ".join(f(w) for f, w in zip(choice, words, strict=True)))
    return variants


def surname_candidates(text: str) -> set[str]:
    """Every spelling under which a word or word group of ``text`` could be a stored surname.

    Words with a genitive ending are also tried without it (``Anderssons`` → ``Andersson``);
    ``é`` is folded to ``e`` on both sides, as :mod:`samverkan.domain.pii` does.
    """
    words = [w.replace("é", "e").replace("É", "E") for w in _WORD.findall(text or "")]
    found: set[str] = set()
    for size in range(1, _MAX_SURNAME_WORDS + 1):
        for start in range(len(words) - size + 1):
            group = tuple(words[start : start + size])
            found |= _casings(group)
            stripped = _GENITIVE.sub("", group[-1])
            if stripped and stripped != group[-1]:
                found |= _casings((*group[:-1], stripped))
    return found


def guard_names_for(*, organisation: Organisation, texts: Iterable[str]) -> list[str]:
    """Names of persons in the organisation's cases that may occur in ``texts`` (for the e-mail guard).

    Efficient at any register size: instead of loading every name, the surnames are looked up
    by the words of the text (an indexed ``IN`` over the case members' surnames), and only those
    few persons' full names are handed to :func:`samverkan.domain.pii.find_names`, which decides.
    """
    candidates = set()
    for text in texts:
        candidates |= surname_candidates(text)
    if not candidates:
        return []
    members = Person.objects.filter(case_memberships__case__organisation=organisation).annotate(
        folded=Replace(Replace(F("last_name"), Value("é"), Value("e")), Value("É"), Value("E"))
    )
    ordered = sorted(candidates)
    names: set[str] = set()
    for start in range(0, len(ordered), _IN_CHUNK):
        chunk = ordered[start : start + _IN_CHUNK]
        rows = members.filter(folded__in=chunk).values_list("first_name", "last_name").distinct()
        names.update(f"{first} {last}" for first, last in rows)
    return sorted(names)


def sent_emails_of(user: User) -> QuerySet[SentEmail]:
    return SentEmail.objects.filter(sender=user).select_related("recipient").order_by("-sent_at", "-pk")


def blocked_email_count(user: User) -> int:
    return BlockedEmail.objects.filter(sender=user).count()


def email_recipients(user: User) -> QuerySet[User]:
    """Officials who can be e-mailed (everyone with an address, except oneself)."""
    return (
        User.objects.filter(is_active=True, unit__isnull=False)
        .exclude(email="")
        .exclude(pk=user.pk)
        .select_related("unit__organisation")
        .order_by("unit__organisation__name", "last_name", "first_name")
    )


# --- Absence -----------------------------------------------------------------------------------


def absence_on(user: User, on: dt.date | None = None) -> Absence | None:
    day = on or today()
    return (
        Absence.objects.filter(user=user, starts_on__lte=day, ends_on__gte=day, cancelled_at__isnull=True)
        .select_related("stand_in__unit")
        .order_by("starts_on", "pk")
        .first()
    )


def absences_of(user: User) -> QuerySet[Absence]:
    return (
        Absence.objects.filter(user=user, cancelled_at__isnull=True).select_related("stand_in").order_by("-starts_on")
    )


# --- Contact directory -------------------------------------------------------------------------


def fk_contact_assignments() -> QuerySet[ContactAssignment]:
    return ContactAssignment.objects.select_related("unit__organisation", "contact__unit").order_by(
        "unit__organisation__name", "unit__name"
    )


def officials_with_role(role: Role) -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True, role_assignments__role=role.value, unit__isnull=False)
        .select_related("unit__organisation")
        .order_by("unit__organisation__name", "unit__name", "last_name")
        .distinct()
    )


# --- Call-back requests ------------------------------------------------------------------------


def callbacks_for(user: User) -> QuerySet[Callback]:
    """Call-backs the official asked for or is to make, and those to their unit (a colleague may make them)."""
    own = Q(requester=user) | Q(recipient=user)
    if user.unit is not None:
        own |= Q(recipient_unit_id=user.unit_id, recipient_organisation_id=user.unit.organisation_id)
    return (
        Callback.objects.filter(own)
        .select_related(
            "requester__unit",
            "requester_organisation",
            "recipient__unit",
            "recipient_organisation",
            "recipient_unit",
            "case",
            "person",
            "done_by",
        )
        .order_by("status", "due_on", "pk")
    )


def callbacks_to(user: User) -> QuerySet[Callback]:
    return callbacks_for(user).filter(recipient=user)


def callbacks_from(user: User) -> QuerySet[Callback]:
    return callbacks_for(user).filter(requester=user)


def callback_counts(user: User, on: dt.date | None = None) -> dict[str, int]:
    day = on or today()
    open_to = Callback.objects.filter(recipient=user, status=Callback.Status.OPEN)
    return {
        "to_me": open_to.count(),
        "overdue": open_to.filter(due_on__lt=day).count(),
        "from_me": Callback.objects.filter(requester=user, status=Callback.Status.OPEN).count(),
    }


def callbacks_for_case(case: Case) -> QuerySet[Callback]:
    return Callback.objects.filter(case=case).select_related("recipient", "recipient_organisation").order_by("-pk")


@dataclass(frozen=True)
class CallbackStats:
    """Call-backs an organisation (or unit) received in a period: how many, done in time, overdue now."""

    received: int
    in_time: int
    late: int
    overdue: int
    open: int


def callback_stats(
    *, organisation: Organisation, first: dt.date, last: dt.date, unit: Unit | None = None, on: dt.date | None = None
) -> CallbackStats:
    day = on or today()
    qs = Callback.objects.filter(recipient_organisation=organisation, requested_on__gte=first, requested_on__lte=last)
    if unit is not None:
        qs = qs.filter(recipient_unit=unit)
    in_time = late = overdue = open_ = 0
    for due_on, done_on in qs.values_list("due_on", "done_on"):
        if done_on is not None:
            if callback_in_time(due_on, done_on):
                in_time += 1
            else:
                late += 1
        elif callback_overdue(due_on, day):
            overdue += 1
        else:
            open_ += 1
    return CallbackStats(in_time + late + overdue + open_, in_time, late, overdue, open_)


# --- The contact person's meeting once a term --------------------------------------------------


@dataclass(frozen=True)
class TermMeetingRow:
    """One vårdcentral of a contact person, with the term's meeting (if any) and whether to remind."""

    assignment: ContactAssignment
    period: TermPeriod
    meeting: TermMeeting | None
    reminder: TermMeetingReminder | None

    @property
    def state(self) -> str:
        if self.meeting is None:
            return "Inte bokat"
        return self.meeting.get_status_display()


def term_meeting_assignments(user: User) -> QuerySet[ContactAssignment]:
    """The contact assignments the official may see: their own (FK) or their vårdcentral's (vården)."""
    organisation = user.organisation
    if organisation is None:
        return ContactAssignment.objects.none()
    qs = ContactAssignment.objects.select_related("unit__organisation", "contact__unit").order_by("unit__name")
    if user.has_role(Role.FK_CONTACT_PERSON):
        return qs.filter(contact=user)
    if user.unit_id is None:
        return ContactAssignment.objects.none()
    return qs.filter(unit__organisation=organisation, unit_id=user.unit_id)


def term_meeting_rows(user: User, on: dt.date | None = None) -> list[TermMeetingRow]:
    day = on or today()
    period = term_of(day)
    assignments = list(term_meeting_assignments(user))
    meetings = {
        m.unit_id: m
        for m in TermMeeting.objects.filter(
            unit__in=[a.unit for a in assignments], term_year=period.year, term=period.term.value
        )
    }
    rows = []
    for a in assignments:
        meeting = meetings.get(a.unit_id)
        reminder = term_meeting_reminder(
            on=day,
            meeting_on=localdate(meeting.starts_at) if meeting is not None else None,
            held=meeting is not None and meeting.status == TermMeeting.Status.HELD,
        )
        rows.append(TermMeetingRow(a, period, meeting, reminder))
    return rows


def term_meetings_visible_to(user: User) -> QuerySet[TermMeeting]:
    """Meetings of the vårdcentraler the official may see (as their contact person or at the vårdcentral)."""
    organisation = user.organisation
    if organisation is None:
        return TermMeeting.objects.none()
    qs = TermMeeting.objects.select_related("unit__organisation", "contact")
    if user.has_role(Role.FK_CONTACT_PERSON):
        return qs.filter(contact__unit__organisation=organisation).filter(
            Q(contact=user) | Q(unit__fk_contact_assignment__contact=user)
        )
    if user.unit_id is None:
        return TermMeeting.objects.none()
    return qs.filter(unit__organisation=organisation, unit_id=user.unit_id)


def term_meeting_history(user: User) -> QuerySet[TermMeeting]:
    return term_meetings_visible_to(user).order_by("-starts_at", "-pk")[:20]


def callback_recipients(user: User) -> QuerySet[User]:
    """Officials who can be asked to call back: those who work with questions, except oneself."""
    return (
        User.objects.filter(
            is_active=True,
            unit__isnull=False,
            unit__organisation__org_type__in=[t.value for t in QUESTION_ORG_TYPES],
            role_assignments__role__in=[r.value for r in QUESTION_ROLES],
        )
        .exclude(pk=user.pk)
        .select_related("unit__organisation")
        .distinct()
        .order_by("unit__organisation__name", "last_name", "first_name")
    )
