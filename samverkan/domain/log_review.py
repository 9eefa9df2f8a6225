"""Log review (logggranskning): which entries of the audit log deserve a security officer's look.

Sources:

- Patientdatalagen (2008:355) 4 kap. 3 §: a care provider checks the access log systematically
  and regularly; socialtjänsten's and the agencies' own rules on information security say the
  same for their registers (SSBTEK-style direct access carries the condition that the user
  follows up the logs). ARCHITECTURE.md: every disclosure is logged, hash-chained.
- :func:`samverkan.domain.deadlines.is_outside_working_hours` for working hours and Swedish
  holidays.

A finding is never proof of wrongdoing, only a reason to look. The standing reports, with the
readings chosen here (the law sets no numbers):

- **Protected identity** (:attr:`FindingKind.PROTECTED_IDENTITY`): an official looked up a person
  with skyddade personuppgifter. Every such lookup is listed.
- **Colleague** (:attr:`FindingKind.COLLEAGUE`): the person looked up is an official of the same
  organisation, the looking official included. Identity: the official's optional link to a
  person record (:class:`Official.person_id`); without one, the names: the same surname
  (:func:`normalise_name`) and the official's first name equal to one of the person's given names
  (persons are registered with all given names, officials with the name they use).
- **Same surname** (:attr:`FindingKind.SAME_SURNAME`): the person has the looking official's
  surname (normalised, the whole surname; a double surname is compared as a whole). Not reported
  again when the person is already a colleague.
- **High volume** (:attr:`FindingKind.HIGH_VOLUME`): an official's lookups on one day (Swedish
  local date) are more than :data:`VOLUME_FACTOR` (3) times the unit's normal *and* at least
  :data:`VOLUME_MINIMUM` (20). The unit's normal is the median of the daily counts of all the
  unit's officials over the reviewed period, counting only days on which the official made at
  least one lookup. A day's count is the number of **distinct persons** looked up: one request
  writes one entry per outcome, and looking at the same person twice in a day is one lookup.
- **Outside working hours** (:attr:`FindingKind.OUTSIDE_HOURS`): a lookup outside 07:00–18:00 on a
  working day (weekends, public holidays, midsommar-, jul- and nyårsafton are outside).
- **Fast review** (:attr:`FindingKind.FAST_REVIEW`): a secrecy review (sekretessprövning) decided
  within :data:`FAST_REVIEW_SECONDS` (30) seconds of the review task being created: too fast for
  an assessment of the harm to the person to have been made.

A lookup is an entry of one of :data:`LOOKUP_EVENTS` that names an official (``actor``). The
findings of one request are reported once (:func:`lookup_key` prefers the request's id).
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from samverkan.domain.deadlines import LOG_REVIEW_SOURCE, is_outside_working_hours, is_working_day, to_swedish_time

#: Audit events that are an official's lookup of data about a person.
LOOKUP_EVENTS: frozenset[str] = frozenset(
    {"disclosure.released", "disclosure.denied", "disclosure.review_requested", "read.cross_org"}
)
#: Audit events of a decided secrecy review.
REVIEW_EVENTS: frozenset[str] = frozenset({"review.approved", "review.refused"})
#: The event written when a finding is marked reviewed.
MARKED_EVENT = "logreview.marked"

VOLUME_FACTOR = 3
VOLUME_MINIMUM = 20
FAST_REVIEW_SECONDS = 30
NOTE_MAX_LENGTH = 2000


class FindingKind(StrEnum):
    PROTECTED_IDENTITY = "protected_identity"
    COLLEAGUE = "colleague"
    SAME_SURNAME = "same_surname"
    HIGH_VOLUME = "high_volume"
    OUTSIDE_HOURS = "outside_hours"
    FAST_REVIEW = "fast_review"

    @property
    def label(self) -> str:
        return FINDING_LABELS[self]

    @property
    def description(self) -> str:
        return FINDING_DESCRIPTIONS[self]


FINDING_LABELS: Mapping[FindingKind, str] = {
    FindingKind.PROTECTED_IDENTITY: "Slagning på person med skyddade personuppgifter",
    FindingKind.COLLEAGUE: "Slagning på kollega",
    FindingKind.SAME_SURNAME: "Slagning på person med samma efternamn",
    FindingKind.HIGH_VOLUME: "Ovanligt många slagningar",
    FindingKind.OUTSIDE_HOURS: "Slagning utanför arbetstid",
    FindingKind.FAST_REVIEW: "Snabbt avgjord sekretessprövning",
}

FINDING_DESCRIPTIONS: Mapping[FindingKind, str] = {
    FindingKind.PROTECTED_IDENTITY: "Varje gång en handläggare har begärt uppgifter om en person med skyddade "
    "personuppgifter.",
    FindingKind.COLLEAGUE: "Personen är anställd i samma organisation (eller handläggaren själv): kopplad "
    "personpost, annars samma efternamn och förnamnet bland personens förnamn.",
    FindingKind.SAME_SURNAME: "Personen har samma efternamn som handläggaren (hela efternamnet, oavsett "
    "stora och små bokstäver).",
    FindingKind.HIGH_VOLUME: f"Fler än {VOLUME_FACTOR} gånger enhetens normala antal personer per dag (medianen "
    f"under perioden) och minst {VOLUME_MINIMUM} personer samma dag.",
    FindingKind.OUTSIDE_HOURS: "Före 07.00 eller från 18.00, på helger och helgdagar samt midsommar-, jul- och "
    "nyårsafton (svensk tid).",
    FindingKind.FAST_REVIEW: f"Sekretessprövningen avgjordes inom {FAST_REVIEW_SECONDS} sekunder från att "
    "den kom in: för snabbt för en verklig menprövning.",
}

SOURCE = LOG_REVIEW_SOURCE

_SPACES = re.compile(r"\s+")
_HYPHEN = re.compile(r"\s*[-‐‑–]\s*")


@lru_cache(maxsize=65536)
def normalise_name(name: str) -> str:
    """Compare names case-insensitively, with accents kept (Åberg ≠ Aberg), spaces and hyphens tidied."""
    text = unicodedata.normalize("NFC", name or "").strip()
    text = _HYPHEN.sub("-", text)
    return _SPACES.sub(" ", text).casefold()


@lru_cache(maxsize=65536)
def given_names(first_name: str) -> frozenset[str]:
    """A person's given names (``"Anna Maria"`` → anna, maria; ``"Karl-Johan"`` kept whole too)."""
    whole = normalise_name(first_name)
    parts = {p for p in whole.split(" ") if p}
    return frozenset(parts | ({whole} if whole else set()))


@dataclass(frozen=True, slots=True)
class Official:
    id: int
    first_name: str
    last_name: str
    organisation_id: int | None = None
    unit_id: int | None = None
    #: The official's own person record, when linked (samverkan.reports.models.OfficialPerson).
    person_id: int | None = None


@dataclass(frozen=True, slots=True)
class PersonName:
    id: int
    first_name: str
    last_name: str


def same_surname(person: PersonName, official: Official) -> bool:
    surname = normalise_name(official.last_name)
    return bool(surname) and normalise_name(person.last_name) == surname


def is_same_person(person: PersonName, official: Official) -> bool:
    """The person is the official: the linked person record, or (without a link) the names match."""
    if official.person_id is not None:
        return official.person_id == person.id
    first = normalise_name(official.first_name)
    return same_surname(person, official) and bool(first) and first in given_names(person.first_name)


class OfficialIndex:
    """The officials of an organisation, indexed for :func:`relationship` (one pass over many lookups)."""

    def __init__(self, officials: Iterable[Official]) -> None:
        self.by_person: dict[int, Official] = {}
        self.by_surname: dict[str, list[Official]] = defaultdict(list)
        for official in sorted(officials, key=lambda o: o.id):
            if official.person_id is not None:
                self.by_person.setdefault(official.person_id, official)
            else:
                self.by_surname[normalise_name(official.last_name)].append(official)

    def colleague(self, person: PersonName) -> Official | None:
        """The official the person is (the first by id), or None."""
        linked = self.by_person.get(person.id)
        candidates = [o for o in self.by_surname.get(normalise_name(person.last_name), []) if is_same_person(person, o)]
        matches = ([linked] if linked is not None else []) + candidates
        return min(matches, key=lambda o: o.id) if matches else None


def colleague_among(person: PersonName, officials: Iterable[Official]) -> Official | None:
    """The official of the organisation the person is (the first by id), or None."""
    return OfficialIndex(officials).colleague(person)


@dataclass(frozen=True, slots=True)
class Relationship:
    kind: FindingKind
    official: Official  # the colleague, or the looking official for the same surname


def relationship(
    person: PersonName, actor: Official, colleagues: Iterable[Official] | OfficialIndex
) -> Relationship | None:
    """Colleague (any official of the organisation, the actor included) before same surname as the actor.

    Pass an :class:`OfficialIndex` of the organisation's officials (the actor among them) when
    checking many lookups.
    """
    index = colleagues if isinstance(colleagues, OfficialIndex) else OfficialIndex([actor, *colleagues])
    colleague = index.colleague(person)
    if colleague is not None:
        return Relationship(FindingKind.COLLEAGUE, colleague)
    if same_surname(person, actor):
        return Relationship(FindingKind.SAME_SURNAME, actor)
    return None


def outside_working_hours(moment: dt.datetime) -> bool:
    return is_outside_working_hours(moment)


def local_day(moment: dt.datetime) -> dt.date:
    return to_swedish_time(moment).date()


def non_working_days(start: dt.date, end: dt.date) -> list[dt.date]:
    """Every day from ``start`` to ``end`` inclusive that is not a working day (weekends, holidays)."""
    days = []
    day = start
    while day <= end:
        if not is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def is_fast_review(created_at: dt.datetime, decided_at: dt.datetime, *, seconds: int = FAST_REVIEW_SECONDS) -> bool:
    """Decided within ``seconds`` (inclusive) of the task's creation."""
    delta = (decided_at - created_at).total_seconds()
    return 0 <= delta <= seconds


# --- Volumes ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DailyVolume:
    actor_id: int
    unit_id: int | None
    day: dt.date
    lookups: int


@dataclass(frozen=True, slots=True)
class VolumeFinding:
    actor_id: int
    unit_id: int | None
    day: dt.date
    lookups: int
    unit_median: float

    @property
    def ratio(self) -> float:
        return self.lookups / self.unit_median if self.unit_median else float("inf")


def unit_medians(volumes: Iterable[DailyVolume]) -> dict[int | None, float]:
    by_unit: dict[int | None, list[int]] = defaultdict(list)
    for v in volumes:
        if v.lookups > 0:
            by_unit[v.unit_id].append(v.lookups)
    return {unit: float(statistics.median(counts)) for unit, counts in by_unit.items()}


def is_high_volume(
    lookups: int, unit_median: float, *, factor: int = VOLUME_FACTOR, minimum: int = VOLUME_MINIMUM
) -> bool:
    return lookups >= minimum and lookups > factor * unit_median


def volume_findings(
    volumes: Sequence[DailyVolume], *, factor: int = VOLUME_FACTOR, minimum: int = VOLUME_MINIMUM
) -> list[VolumeFinding]:
    """The official-days far above their unit's normal, highest ratio first."""
    medians = unit_medians(volumes)
    found = [
        VolumeFinding(v.actor_id, v.unit_id, v.day, v.lookups, medians[v.unit_id])
        for v in volumes
        if v.lookups > 0 and is_high_volume(v.lookups, medians[v.unit_id], factor=factor, minimum=minimum)
    ]
    return sorted(found, key=lambda f: (-f.ratio, f.day, f.actor_id))


# --- Finding keys -------------------------------------------------------------------------------


def lookup_key(kind: FindingKind, *, entry_id: int, request_id: object = None) -> str:
    """A stable key for a finding about one lookup: the request when known (one finding per request)."""
    if isinstance(request_id, int) and not isinstance(request_id, bool):
        return f"{kind.value}:request:{request_id}"
    if isinstance(request_id, str) and request_id.isdigit():
        return f"{kind.value}:request:{int(request_id)}"
    return f"{kind.value}:entry:{entry_id}"


def volume_key(*, actor_id: int, day: dt.date) -> str:
    return f"{FindingKind.HIGH_VOLUME.value}:actor:{actor_id}:{day.isoformat()}"


def review_key(*, task_id: int) -> str:
    return f"{FindingKind.FAST_REVIEW.value}:task:{task_id}"


_KEY = re.compile(
    r"^(?P<kind>[a-z_]+):(?:(?P<ref>request|entry|task):(?P<id>\d{1,18})|actor:(?P<actor>\d{1,18}):(?P<day>\d{4}-\d{2}-\d{2}))$"
)


@dataclass(frozen=True, slots=True)
class ParsedKey:
    kind: FindingKind
    ref: str  # request | entry | task | actor
    id: int
    day: dt.date | None = None


def parse_key(key: str) -> ParsedKey | None:
    """The parts of a finding key, or None when it is not one this module makes."""
    match = _KEY.match(key or "")
    if match is None:
        return None
    try:
        kind = FindingKind(match["kind"])
    except ValueError:
        return None
    if match["actor"] is not None:
        if kind is not FindingKind.HIGH_VOLUME:
            return None
        try:
            day = dt.date.fromisoformat(match["day"])
        except ValueError:
            return None
        return ParsedKey(kind, "actor", int(match["actor"]), day)
    ref = match["ref"]
    if (kind is FindingKind.FAST_REVIEW) != (ref == "task") or kind is FindingKind.HIGH_VOLUME:
        return None
    return ParsedKey(kind, ref, int(match["id"]))


def dedupe_by_key[T](items: Iterable[tuple[str, T]]) -> list[tuple[str, T]]:
    """Keep the first item for each key, in order."""
    seen: set[str] = set()
    kept = []
    for key, item in items:
        if key not in seen:
            seen.add(key)
            kept.append((key, item))
    return kept
