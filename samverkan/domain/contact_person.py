"""Försäkringskassan's contact person for a vårdcentral: when they may answer a question about a person.

Sources:

- Region Sörmland–Försäkringskassan, *Riktlinjer för kommunikation med Försäkringskassan* (2020,
  seed 004), Kontaktperson på Försäkringskassan – Uppdrag: "Korta frågor kopplade till en person
  kan besvaras, om samtycke finns och försäkringsutredare bedömer att sekretessen inte bryts.
  Diskussion kring enskilda frågor kopplade till en person bör ske med ordinarie utredare."
- Offentlighets- och sekretesslagen (2009:400) 28 kap. 1 § (secrecy in socialförsäkringen) and
  12 kap. 2 § (the person's consent lifts it).

The rule (:func:`contact_person_answer_problem`): the contact person's own secrecy review is not a
basis. An answer about a person needs both

1. a consent registered in Försäkringskassan's own consent register that counts for the answer
   under the gate's rules (:func:`samverkan.domain.consent.consent_counts`), and
2. an assessment by a försäkringsutredare – someone other than the contact person answering –
   that answering does not break secrecy, made on or after the day the question was sent and no
   later than the answer.

The meeting once a term (same seed, same section): "Möte mellan försäkringsutredare (utsedd
kontaktperson) och rehabiliteringskoordinator har möjlighet att en gång per termin träffas fysiskt,
max 1 timme per träff." A term is the school year's half: the **vårtermin** is January–June and
the **hösttermin** July–December (:func:`term_of`). One meeting per (contact person, vårdcentral)
and term; the contact person is reminded when a term has started with nothing booked and a few
days before a booked meeting (:func:`term_meeting_reminder`). The meeting is about routines and
news, never about individual patients.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from samverkan.domain.errors import InputError
from samverkan.domain.statutes import OSL_12_2, OSL_28_1, Citation

#: Where the rule comes from (seed 004), for explanations.
SOURCE = (
    "Riktlinjer för kommunikation med Försäkringskassan (Region Sörmland och Försäkringskassan, 2020): "
    "Kontaktperson på Försäkringskassan – Uppdrag"
)

#: Statutes behind the rule.
CITATIONS: tuple[Citation, ...] = (OSL_28_1, OSL_12_2)


@dataclass(frozen=True, slots=True)
class SecrecyAssessment:
    """A försäkringsutredare's assessment that answering does not break secrecy."""

    by_investigator: bool
    by_the_contact_person: bool
    on: dt.date


def contact_person_answer_problem(
    *,
    consent_counts: bool,
    assessment: SecrecyAssessment | None,
    question_sent_on: dt.date,
    answered_on: dt.date,
) -> InputError | None:
    """Why the contact person may not send this answer about a person (None when they may).

    The error names the form field: ``record_consent`` for a missing consent, ``secrecy_assessment``
    for a missing or unfit assessment. Messages are in Swedish and cite the law.
    """
    if not consent_counts:
        return InputError(
            "record_consent",
            "Som kontaktperson för vårdcentralen får du besvara en fråga om en person bara om det finns ett samtycke "
            "registrerat hos Försäkringskassan som gäller för svaret, och en försäkringsutredare har bedömt att "
            f"sekretessen inte bryts. Din egen sekretessprövning räcker inte ({OSL_28_1.text}, {OSL_12_2.text}). "
            "Registrera personens samtycke, eller lämna frågan till ordinarie utredare.",
            code="contact_person_consent",
        )
    if assessment is None or not assessment.by_investigator:
        return InputError(
            "secrecy_assessment",
            "En försäkringsutredare ska först bedöma att sekretessen inte bryts innan kontaktpersonen svarar på en "
            f"fråga om en person ({OSL_28_1.text}). Be personens utredare göra bedömningen på frågan.",
            code="contact_person_assessment",
        )
    if assessment.by_the_contact_person:
        return InputError(
            "secrecy_assessment",
            "Bedömningen av sekretessen ska göras av en annan försäkringsutredare än kontaktpersonen som svarar, "
            "helst personens ordinarie utredare.",
            code="contact_person_assessment",
        )
    if assessment.on < question_sent_on or assessment.on > answered_on:
        return InputError(
            "secrecy_assessment",
            f"Bedömningen ({assessment.on.isoformat()}) ska vara gjord för den här frågan: tidigast den dag frågan "
            f"kom ({question_sent_on.isoformat()}) och senast när svaret skickas ({answered_on.isoformat()}).",
            code="contact_person_assessment",
        )
    return None


# --- The meeting once a term ------------------------------------------------------------------

#: Where the term meeting comes from (seed 004).
TERM_MEETING_SOURCE = (
    "Riktlinjer för kommunikation med Försäkringskassan (Region Sörmland och Försäkringskassan, 2020), "
    "Kontaktperson på Försäkringskassan – Uppdrag: ”Möte mellan försäkringsutredare (utsedd kontaktperson) och "
    "rehabiliteringskoordinator har möjlighet att en gång per termin träffas fysiskt, max 1 timme per träff.”"
)
#: The longest a term meeting lasts (seed 004: "max 1 timme per träff").
TERM_MEETING_MAX_MINUTES = 60
#: The contact person is reminded this many days before a booked meeting.
TERM_MEETING_REMINDER_DAYS_BEFORE = 3


class Term(StrEnum):
    """The two terms of the year: vårtermin January–June, hösttermin July–December (seed 004: "per termin")."""

    SPRING = "vt"
    AUTUMN = "ht"

    @property
    def label(self) -> str:
        return "Vårtermin" if self is Term.SPRING else "Hösttermin"


@dataclass(frozen=True, slots=True, order=True)
class TermPeriod:
    """One term of one year, with its first and last day."""

    year: int
    term: Term

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, 1 if self.term is Term.SPRING else 7, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.year, 6, 30) if self.term is Term.SPRING else dt.date(self.year, 12, 31)

    @property
    def label(self) -> str:
        """``"hösttermin 2026"``."""
        return f"{self.term.label.lower()} {self.year}"

    def contains(self, day: dt.date) -> bool:
        return self.first_day <= day <= self.last_day

    def next(self) -> TermPeriod:
        return (
            TermPeriod(self.year, Term.AUTUMN) if self.term is Term.SPRING else TermPeriod(self.year + 1, Term.SPRING)
        )


def term_of(day: dt.date) -> TermPeriod:
    """The term ``day`` falls in: January–June is the vårtermin, July–December the hösttermin.

    2026-06-30 → vårtermin 2026; 2026-07-01 → hösttermin 2026; 2026-12-31 → hösttermin 2026;
    2027-01-01 → vårtermin 2027.
    """
    if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
        raise InputError("day", f"Ska vara ett datum (ÅÅÅÅ-MM-DD), inte {day!r}.", code="date")
    return TermPeriod(day.year, Term.SPRING if day.month <= 6 else Term.AUTUMN)


class TermMeetingReminder(StrEnum):
    """Why the contact person is reminded about a vårdcentral's term meeting."""

    NOT_BOOKED = "not_booked"
    UPCOMING = "upcoming"


def term_meeting_reminder(*, on: dt.date, meeting_on: dt.date | None, held: bool = False) -> TermMeetingReminder | None:
    """Whether the contact person should be reminded on ``on`` about the current term's meeting with a vårdcentral.

    ``meeting_on`` is the day of this term's booked meeting (None when none is booked). The term has
    started from its first day, so with nothing booked the reminder is ``not_booked``; with a meeting
    booked and not yet held, ``upcoming`` from :data:`TERM_MEETING_REMINDER_DAYS_BEFORE` days before
    it up to and including the day itself. Otherwise None.
    """
    period = term_of(on)
    if held:
        return None
    if meeting_on is None:
        return TermMeetingReminder.NOT_BOOKED
    if not period.contains(meeting_on):
        raise InputError("meeting_on", "Mötet ska ligga i den termin det gäller.", code="term")
    if meeting_on - dt.timedelta(days=TERM_MEETING_REMINDER_DAYS_BEFORE) <= on <= meeting_on:
        return TermMeetingReminder.UPCOMING
    return None


def term_meeting_problem(*, meeting_on: dt.date, on: dt.date) -> InputError | None:
    """Why a term meeting may not be booked for ``meeting_on`` on ``on`` (None when it may).

    It is booked for the current term or the next one, and not in the past.
    """
    current = term_of(on)
    if meeting_on < on:
        return InputError("meeting_on", "Mötet kan inte bokas till en dag som redan har passerat.", code="past")
    if term_of(meeting_on) not in (current, current.next()):
        return InputError(
            "meeting_on",
            f"Boka mötet för den här terminen ({current.label}) eller nästa ({current.next().label}): "
            "kontaktpersonen träffar vårdcentralen en gång per termin.",
            code="term",
        )
    return None


__all__ = [
    "CITATIONS",
    "SOURCE",
    "TERM_MEETING_MAX_MINUTES",
    "TERM_MEETING_REMINDER_DAYS_BEFORE",
    "TERM_MEETING_SOURCE",
    "SecrecyAssessment",
    "Term",
    "TermMeetingReminder",
    "TermPeriod",
    "contact_person_answer_problem",
    "term_meeting_problem",
    "term_meeting_reminder",
    "term_of",
]
