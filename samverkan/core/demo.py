"""The synthetic demo world: organisations, officials for every role, persons, households, cases.

Deterministic (a fixed random seed) and idempotent: every row is found by its natural key
before it is created, so running ``samverkan demo-data`` twice changes nothing.
Later parts of the mission add their own steps with :func:`register_demo_step` in their
``hooks.py``; each step receives the :class:`DemoWorld`.

Synthetic people only: identity numbers use the serial numbers 980–999 as Skatteverket's
test numbers do, with a correct check digit, and names are drawn from common name lists.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from stdnum import luhn

from samverkan.accounts.models import Organisation, RoleAssignment, Unit, User
from samverkan.cases.models import Case, CaseMember
from samverkan.domain.dates import age_on
from samverkan.domain.organisations import CaseType, OrganisationType, Role
from samverkan.people.models import Household, Person

DEMO_PASSWORD = "samverkan-demo"
SEED = 20261123
REFERENCE_DATE = dt.date(2026, 11, 2)

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


@dataclass
class DemoWorld:
    rng: random.Random
    organisations: dict[str, Organisation] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    persons: list[Person] = field(default_factory=list)
    households: list[Household] = field(default_factory=list)
    reference_date: dt.date = REFERENCE_DATE
    log: Callable[[str], None] = print

    def org(self, code: str) -> Organisation:
        return self.organisations[code]

    def unit(self, code: str) -> Unit:
        return self.units[code]

    def user(self, username: str) -> User:
        return self.users[username]


@dataclass(frozen=True)
class DemoStep:
    name: str
    order: int
    run: Callable[[DemoWorld], None]


_STEPS: list[DemoStep] = []


def register_demo_step(step: DemoStep) -> None:
    if all(s.name != step.name for s in _STEPS):
        _STEPS.append(step)


def synthetic_identity_number(birth: dt.date, serial: int, *, coordination: bool = False) -> str:
    """A valid-format synthetic number ``YYYYMMDD-NNNC`` with serial 980–999 (test-number range)."""
    day = birth.day + 60 if coordination else birth.day
    nine = f"{birth:%y%m}{day:02d}{serial:03d}"
    check = luhn.calc_check_digit(nine)
    return f"{birth:%Y%m}{day:02d}-{serial:03d}{check}"


# (code, name, type, municipality, [(unit code, unit name, handles_assistance, address)])
ORGANISATIONS = [
    (
        "sorby-socialnamnd",
        "Socialnämnden i Sörby kommun",
        OrganisationType.SOCIAL_SERVICES,
        "Sörby",
        [
            ("ekb", "Ekonomiskt bistånd", True, "Stadshusgatan 1, 611 30 Sörby"),
            ("stab", "Socialförvaltningens stab", False, "Stadshusgatan 1, 611 30 Sörby"),
        ],
    ),
    (
        "fk",
        "Försäkringskassan",
        OrganisationType.FK,
        "",
        [
            ("lfk-sorby", "Lokalt försäkringskontor Sörby", False, "Kungsgatan 12, 611 32 Sörby"),
            ("stab", "Försäkringskassan, säkerhet och samverkan", False, ""),
        ],
    ),
    (
        "pm",
        "Pensionsmyndigheten",
        OrganisationType.PM,
        "",
        [
            ("handlaggning", "Handläggning bostadstillägg", False, ""),
        ],
    ),
    (
        "af",
        "Arbetsförmedlingen",
        OrganisationType.AF,
        "",
        [
            ("sorby", "Arbetsförmedlingen Sörby", False, "Torget 3, 611 31 Sörby"),
        ],
    ),
    (
        "akassa-malardalen",
        "A-kassan Mälardalen",
        OrganisationType.UNEMPLOYMENT_FUND,
        "",
        [
            ("handlaggning", "Ersättningshandläggning", False, ""),
        ],
    ),
    (
        "region-malarmark",
        "Region Mälarmark",
        OrganisationType.HEALTHCARE,
        "",
        [
            ("vc-angen", "Vårdcentralen Ängen", False, "Ängsvägen 4, 611 40 Sörby"),
            ("vc-bjorkhagen", "Vårdcentralen Björkhagen", False, "Björkvägen 20, 611 45 Sörby"),
        ],
    ),
    (
        "sorby-bygg",
        "Sörby Bygg AB",
        OrganisationType.EMPLOYER,
        "",
        [
            ("hr", "Personalavdelningen", False, ""),
        ],
    ),
    (
        "finsam-sorby",
        "Samordningsförbundet Sörby",
        OrganisationType.FINSAM,
        "",
        [
            ("kansli", "Förbundets kansli", False, ""),
        ],
    ),
    # Reached by system integration only (as in SSBTEK): their registers answer the gate, no users.
    ("csn", "Centrala studiestödsnämnden", OrganisationType.CSN, "", [("integration", "Systemintegration", False, "")]),
    (
        "skatteverket",
        "Skatteverket",
        OrganisationType.TAX_AGENCY,
        "",
        [("integration", "Systemintegration", False, "")],
    ),
]

#: (username, first, last) of the platform operator: not an official of any organisation (no unit, no role).
PLATFORM_OPERATOR = ("drift", "Dana", "Drift")

# (username, first, last, org code, unit code, roles)
USERS = [
    ("sara.lind", "Sara", "Lind", "sorby-socialnamnd", "ekb", [Role.SOCIAL_WORKER]),
    ("omar.haddad", "Omar", "Haddad", "sorby-socialnamnd", "ekb", [Role.SOCIAL_WORKER]),
    ("eva.berg", "Eva", "Berg", "sorby-socialnamnd", "ekb", [Role.UNIT_MANAGER]),
    ("lars.ek", "Lars", "Ek", "sorby-socialnamnd", "stab", [Role.SECURITY_OFFICER]),
    ("admin", "Alva", "Admin", "sorby-socialnamnd", "stab", [Role.SYSTEM_ADMINISTRATOR]),
    ("fredrik.holm", "Fredrik", "Holm", "fk", "lfk-sorby", [Role.INSURANCE_INVESTIGATOR]),
    ("maria.nystrom", "Maria", "Nyström", "fk", "lfk-sorby", [Role.PERSONAL_CASE_OFFICER]),
    ("anna.sjoberg", "Anna", "Sjöberg", "fk", "lfk-sorby", [Role.FK_CONTACT_PERSON, Role.INSURANCE_INVESTIGATOR]),
    ("johan.dahl", "Johan", "Dahl", "fk", "lfk-sorby", [Role.COLLABORATION_LEAD]),
    ("birgitta.wall", "Birgitta", "Wall", "fk", "lfk-sorby", [Role.UNIT_MANAGER]),
    ("nils.kron", "Nils", "Kron", "fk", "stab", [Role.SECURITY_OFFICER]),
    ("pia.strand", "Pia", "Strand", "pm", "handlaggning", [Role.PENSION_OFFICER]),
    ("ali.karimi", "Ali", "Karimi", "af", "sorby", [Role.EMPLOYMENT_OFFICER]),
    ("tove.lund", "Tove", "Lund", "af", "sorby", [Role.UNIT_MANAGER]),
    ("kim.wallin", "Kim", "Wallin", "akassa-malardalen", "handlaggning", [Role.UNEMPLOYMENT_FUND_OFFICER]),
    ("helena.strom", "Helena", "Ström", "region-malarmark", "vc-angen", [Role.REHAB_COORDINATOR]),
    ("peter.lund", "Peter", "Lund", "region-malarmark", "vc-angen", [Role.SICK_LISTING_DOCTOR]),
    ("lina.as", "Lina", "Ås", "region-malarmark", "vc-angen", [Role.CARE_ADMINISTRATOR]),
    ("goran.vik", "Göran", "Vik", "region-malarmark", "vc-angen", [Role.UNIT_MANAGER]),
    ("mats.falk", "Mats", "Falk", "region-malarmark", "vc-bjorkhagen", [Role.REHAB_COORDINATOR]),
    ("karin.olsson", "Karin", "Olsson", "sorby-bygg", "hr", [Role.EMPLOYER_REPRESENTATIVE]),
    ("ingrid.sandberg", "Ingrid", "Sandberg", "finsam-sorby", "kansli", [Role.FINSAM_OFFICER]),
]


def _seed_organisations(world: DemoWorld) -> None:
    for code, name, org_type, municipality, units in ORGANISATIONS:
        org, _ = Organisation.objects.get_or_create(
            code=code, defaults={"name": name, "org_type": org_type.value, "municipality": municipality}
        )
        world.organisations[code] = org
        for unit_code, unit_name, handles, address in units:
            unit, _ = Unit.objects.get_or_create(
                organisation=org,
                code=unit_code,
                defaults={"name": unit_name, "handles_assistance": handles, "address": address},
            )
            world.units[f"{code}/{unit_code}"] = unit
    finsam = world.org("finsam-sorby")
    finsam.members.add(world.org("sorby-socialnamnd"), world.org("fk"), world.org("af"), world.org("region-malarmark"))


def _seed_users(world: DemoWorld) -> None:
    for username, first, last, org_code, unit_code, roles in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@example.invalid",
                unit=world.unit(f"{org_code}/{unit_code}"),
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
        elif user.is_staff or user.is_superuser:
            # No official of an organisation administers the platform (issue 16); a world seeded before is demoted.
            User.objects.filter(pk=user.pk).update(is_staff=False, is_superuser=False)
            user.is_staff = user.is_superuser = False
        for role in roles:
            RoleAssignment.objects.get_or_create(user=user, role=role.value)
        world.users[username] = user
    username, first, last = PLATFORM_OPERATOR
    operator = User.objects.filter(username=username).first()
    if operator is None:
        operator = User(username=username, first_name=first, last_name=last, email=f"{username}@example.invalid")
        operator.set_password(DEMO_PASSWORD)
    if operator.pk is None or operator.unit_id is not None or not (operator.is_staff and operator.is_superuser):
        # The platform operator: the Django admin of organisations, units and officials; no unit, no product page.
        operator.unit = None
        operator.is_staff = operator.is_superuser = True
        operator.save()
    world.users[username] = operator


def _seed_persons(world: DemoWorld, households: int = 130) -> None:
    rng = world.rng
    used: set[str] = set()
    existing = {p.identity_number: p for p in Person.objects.all()}

    def number(birth: dt.date, coordination: bool = False) -> str:
        for serial in rng.sample(range(980, 1000), 20):
            candidate = synthetic_identity_number(birth, serial, coordination=coordination)
            if candidate not in used:
                used.add(candidate)
                return candidate
        raise RuntimeError("no free test number")  # pragma: no cover - 20 serials per day suffice here

    def person(
        first: str,
        last: str,
        birth: dt.date,
        household: Household,
        address: tuple[str, str, str],
        protected: bool = False,
        coordination: bool = False,
    ) -> Person:
        ident = number(birth, coordination)
        if ident in existing:
            return existing[ident]
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
        existing[ident] = p
        return p

    for index in range(households):
        household, _ = Household.objects.get_or_create(code=f"H{index + 1:04d}")
        world.households.append(household)
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
                birth = dt.date(
                    rng.randint(max(adult_birth.year + 19, 2008), 2024), rng.randint(1, 12), rng.randint(1, 28)
                )
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
        world.persons.extend(members)


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


def _seed_cases(world: DemoWorld) -> None:
    rng = world.rng
    on = world.reference_date
    social_workers = ["sara.lind", "omar.haddad"]
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
                    social_workers[index % 2],
                    opened,
                )
            continue
        if roll < 0.7 or index < 10:
            status = Case.Status.CLOSED if roll > 0.62 else Case.Status.ACTIVE
            _open_case(
                world,
                "sorby-socialnamnd",
                "ekb",
                CaseType.ASSISTANCE,
                applicant,
                members,
                social_workers[index % 2],
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


register_demo_step(DemoStep("organisations", 10, _seed_organisations))
register_demo_step(DemoStep("users", 20, _seed_users))
register_demo_step(DemoStep("persons", 30, _seed_persons))
register_demo_step(DemoStep("cases", 40, _seed_cases))


def seed_demo_world(log: Callable[[str], None] = print) -> DemoWorld:
    """Run every registered step in order, each in its own transaction."""
    world = DemoWorld(rng=random.Random(SEED), log=log)
    for step in sorted(_STEPS, key=lambda s: s.order):
        with transaction.atomic():
            step.run(world)
        log(f"  {step.name}: klart")
    return world
