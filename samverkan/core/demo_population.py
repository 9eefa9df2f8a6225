"""The demo world's population: households of synthetic persons and their ärenden at the organisations.

Deterministic: every draw comes from the world's seeded random generator in a fixed order, so the same
persons and ärenden come out on every run (a second run finds them by their natural keys). Identity
numbers use the serial numbers 980–999 as Skatteverket's test numbers do, with a correct check digit.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import TYPE_CHECKING

from stdnum import luhn

from samverkan.cases.models import Case, CaseMember
from samverkan.domain.dates import age_on
from samverkan.domain.organisations import CaseType
from samverkan.people.models import Household, Person

if TYPE_CHECKING:
    from samverkan.core.demo import DemoWorld

FIRST_NAMES_F = [
    "Anna",
    "Maria",
    "Eva",
    "Karin",
    "Sara",
    "Lena",
    "Emma",
    "Johanna",
    "Elin",
    "Ida",
    "Amira",
    "Fatima",
    "Linnea",
    "Hanna",
    "Maja",
    "Ebba",
    "Alice",
    "Wilma",
    "Olivia",
    "Nora",
    "Leila",
    "Sofia",
    "Malin",
    "Jenny",
]
FIRST_NAMES_M = [
    "Erik",
    "Lars",
    "Anders",
    "Johan",
    "Per",
    "Karl",
    "Mikael",
    "Ali",
    "Ahmed",
    "Oskar",
    "Lucas",
    "Elias",
    "Hugo",
    "William",
    "Noah",
    "Adam",
    "Viktor",
    "Daniel",
    "Jonas",
    "Mohammed",
    "Omar",
    "Emil",
    "Filip",
    "Isak",
]
SURNAMES = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Jansson",
    "Hansson",
    "Bengtsson",
    "Jönsson",
    "Lindberg",
    "Jakobsson",
    "Magnusson",
    "Lindström",
    "Olofsson",
    "Lindqvist",
    "Lindgren",
    "Berg",
    "Axelsson",
    "Bergström",
    "Lundberg",
    "Mohammed",
    "Ali",
    "Hussein",
    "Yilmaz",
    "Nyberg",
    "Holmberg",
    "Sandberg",
    "Hedlund",
    "Åberg",
    "Öberg",
]
STREETS = ["Storgatan", "Kyrkogatan", "Skolvägen", "Björkvägen", "Ängsvägen", "Järnvägsgatan", "Parkvägen", "Sjövägen"]


def synthetic_identity_number(birth: dt.date, serial: int, *, coordination: bool = False) -> str:
    """A valid-format synthetic number ``YYYYMMDD-NNNC`` with serial 980–999 (test-number range)."""
    day = birth.day + 60 if coordination else birth.day
    nine = f"{birth:%y%m}{day:02d}{serial:03d}"
    check = luhn.calc_check_digit(nine)
    return f"{birth:%Y%m}{day:02d}-{serial:03d}{check}"


class _PersonMaker:
    """Creates the demo's persons with free synthetic test numbers (the same person again on a second seeding)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()
        self.existing = {p.identity_number: p for p in Person.objects.all()}

    def number(self, birth: dt.date, coordination: bool = False) -> str:
        for serial in self.rng.sample(range(980, 1000), 20):
            candidate = synthetic_identity_number(birth, serial, coordination=coordination)
            if candidate not in self.used:
                self.used.add(candidate)
                return candidate
        raise RuntimeError("no free test number")  # pragma: no cover - 20 serials per day suffice here

    def person(
        self,
        first: str,
        last: str,
        birth: dt.date,
        household: Household,
        address: tuple[str, str, str],
        protected: bool = False,
        coordination: bool = False,
    ) -> Person:
        ident = self.number(birth, coordination)
        if ident in self.existing:
            return self.existing[ident]
        p = Person.objects.create(
            identity_number=ident,
            identity_type="samordningsnummer" if coordination else "personnummer",
            birth_date=birth,
            first_name=first,
            last_name=last,
            protected_identity=protected,
            street_address="" if protected else address[0],
            postal_code="" if protected else address[1],
            city="" if protected else address[2],
            household=household,
        )
        self.existing[ident] = p
        return p


def seed_persons(world: DemoWorld, households: int = 130) -> None:
    maker = _PersonMaker(world.rng)
    for index in range(households):
        household, _ = Household.objects.get_or_create(code=f"H{index + 1:04d}")
        world.households.append(household)
        world.persons.extend(_household_members(world.rng, maker, household, index))


def _household_members(rng: random.Random, maker: _PersonMaker, household: Household, index: int) -> list[Person]:
    """One household: an adult, perhaps a partner and children; the first six are pensioners living alone."""
    person = maker.person
    surname = rng.choice(SURNAMES)
    address = (f"{rng.choice(STREETS)} {rng.randint(1, 60)}", f"611 {rng.randint(30, 49)}", "Sörby")
    protected = index in (7, 42, 99)
    coordination = index in (15, 77)
    shape = rng.random()
    adult_birth = dt.date(rng.randint(1958, 2003), rng.randint(1, 12), rng.randint(1, 28))
    female = rng.random() < 0.5
    first = rng.choice(FIRST_NAMES_F if female else FIRST_NAMES_M)
    members = [person(first, surname, adult_birth, household, address, protected, coordination)]
    if shape > 0.55:  # a partner
        birth = dt.date(min(2004, adult_birth.year + rng.randint(-4, 4)), rng.randint(1, 12), rng.randint(1, 28))
        members.append(
            person(
                rng.choice(FIRST_NAMES_M if female else FIRST_NAMES_F),
                surname,
                birth,
                household,
                address,
                protected,
            )
        )
    if shape > 0.35 and adult_birth.year > 1970:  # children
        for _ in range(rng.randint(1, 3)):
            birth = dt.date(rng.randint(max(adult_birth.year + 19, 2008), 2024), rng.randint(1, 12), rng.randint(1, 28))
            members.append(
                person(rng.choice(FIRST_NAMES_F + FIRST_NAMES_M), surname, birth, household, address, protected)
            )
    if index < 6:  # a few pensioners living alone
        members = [
            person(
                rng.choice(FIRST_NAMES_F),
                rng.choice(SURNAMES),
                dt.date(rng.randint(1938, 1958), rng.randint(1, 12), rng.randint(1, 28)),
                household,
                address,
            )
        ]
    return members


def _open_case(
    world: DemoWorld,
    org_code: str,
    unit_code: str,
    case_type: CaseType,
    subject: Person,
    members: Sequence[tuple[Person, str]],
    responsible: str | None,
    opened_on: dt.date,
    status: str = Case.Status.ACTIVE,
    summary: str = "",
) -> Case:
    org = world.org(org_code)
    existing = Case.objects.filter(organisation=org, case_type=case_type.value, subject=subject).first()
    if existing is not None:
        return existing
    count = Case.objects.filter(organisation=org, reference__startswith=f"{opened_on.year}-").count()
    case = Case.objects.create(
        organisation=org,
        unit=world.unit(f"{org_code}/{unit_code}"),
        reference=f"{opened_on.year}-{count + 1:05d}",
        case_type=case_type.value,
        status=status,
        subject=subject,
        responsible=world.user(responsible) if responsible else None,
        opened_on=opened_on,
        closed_on=opened_on + dt.timedelta(days=90) if status == Case.Status.CLOSED else None,
        summary=summary,
    )
    for person, relation in members:
        CaseMember.objects.get_or_create(case=case, person=person, defaults={"relation": relation})
    return case


def _age(person: Person, on: dt.date) -> int:
    return age_on(person.birth_date, on)


#: The socialsekreterare the demo's ärenden om ekonomiskt bistånd go to, in turn.
SOCIAL_WORKERS = ("sara.lind", "omar.haddad")


def seed_cases(world: DemoWorld) -> None:
    rng = world.rng
    on = world.reference_date
    by_household: dict[int, list[Person]] = {}
    for p in world.persons:
        by_household.setdefault(p.household_id or 0, []).append(p)
    for index, household in enumerate(world.households):
        people = by_household.get(household.pk, [])
        if not people:
            continue
        adults = [p for p in people if _age(p, on) >= 18]
        applicant = adults[0] if adults else people[0]
        members = [(applicant, CaseMember.Relation.APPLICANT)] + [
            (p, CaseMember.Relation.PARTNER if _age(p, on) >= 18 else CaseMember.Relation.CHILD)
            for p in people
            if p != applicant
        ]
        opened = on - dt.timedelta(days=rng.randint(20, 400))
        roll = rng.random()
        if _age(applicant, on) >= 66:
            _pensioner_cases(world, applicant, members, index, opened, roll)
        else:
            _working_age_cases(world, applicant, members, index, opened, roll)


Members = Sequence[tuple[Person, str]]


def _pensioner_cases(
    world: DemoWorld, applicant: Person, members: Members, index: int, opened: dt.date, roll: float
) -> None:
    """Bostadstillägg at Pensionsmyndigheten, and for half of them ekonomiskt bistånd too."""
    _open_case(
        world,
        "pm",
        "handlaggning",
        CaseType.PENSION,
        applicant,
        [(applicant, "applicant")],
        "pia.strand",
        opened,
        summary="Bostadstillägg",
    )
    if roll < 0.5:
        _open_case(
            world,
            "sorby-socialnamnd",
            "ekb",
            CaseType.ASSISTANCE,
            applicant,
            members,
            SOCIAL_WORKERS[index % 2],
            opened,
        )


def _working_age_cases(
    world: DemoWorld, applicant: Person, members: Members, index: int, opened: dt.date, roll: float
) -> None:
    """Ekonomiskt bistånd, and by the household's roll a jobseeker's, sick-leave, a-kassa or employer's case."""
    if roll < 0.7 or index < 10:
        status = Case.Status.CLOSED if roll > 0.62 else Case.Status.ACTIVE
        _open_case(
            world,
            "sorby-socialnamnd",
            "ekb",
            CaseType.ASSISTANCE,
            applicant,
            members,
            SOCIAL_WORKERS[index % 2],
            opened,
            status=status,
            summary="Ansökan om försörjningsstöd",
        )
    if roll < 0.45:
        _open_case(
            world,
            "af",
            "sorby",
            CaseType.JOBSEEKER,
            applicant,
            [(applicant, "applicant")],
            "ali.karimi",
            opened - dt.timedelta(days=30),
        )
    if 0.3 < roll < 0.6 or index < 10:
        _open_case(
            world,
            "fk",
            "lfk-sorby",
            CaseType.SICKNESS,
            applicant,
            [(applicant, "applicant")],
            "fredrik.holm",
            opened - dt.timedelta(days=10),
        )
        vc = "vc-angen" if index % 3 else "vc-bjorkhagen"
        _open_case(
            world,
            "region-malarmark",
            vc,
            CaseType.SICK_LEAVE,
            applicant,
            [(applicant, "applicant")],
            "helena.strom" if vc == "vc-angen" else "mats.falk",
            opened - dt.timedelta(days=14),
            summary="Sjukskrivning",
        )
    if 0.4 < roll < 0.55:
        _open_case(
            world,
            "akassa-malardalen",
            "handlaggning",
            CaseType.UNEMPLOYMENT,
            applicant,
            [(applicant, "applicant")],
            "kim.wallin",
            opened - dt.timedelta(days=60),
        )
    if index % 17 == 3:
        _open_case(
            world,
            "sorby-bygg",
            "hr",
            CaseType.RETURN_TO_WORK,
            applicant,
            [(applicant, "applicant")],
            "karin.olsson",
            opened,
        )
