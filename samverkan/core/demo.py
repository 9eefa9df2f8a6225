"""The synthetic demo world: organisations, officials for every role, persons, households, cases.

Deterministic (a fixed random seed) and idempotent: every row is found by its natural key
before it is created, so running ``samverkan demo-data`` twice changes nothing.
Later parts of the mission add their own steps with :func:`register_demo_step` in their
``hooks.py``; each step receives the :class:`DemoWorld`.

Synthetic people only: the persons, households and their ärenden are drawn in
:mod:`samverkan.core.demo_population` (test identity numbers, common name lists).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from samverkan.accounts.models import Organisation, RoleAssignment, Unit, User
from samverkan.core.demo_population import seed_cases, seed_persons
from samverkan.core.demo_population import synthetic_identity_number as synthetic_identity_number
from samverkan.domain.organisations import OrganisationType, Role
from samverkan.people.models import Household, Person

DEMO_PASSWORD = "samverkan-demo"
SEED = 20261123
REFERENCE_DATE = dt.date(2026, 11, 2)


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


register_demo_step(DemoStep("organisations", 10, _seed_organisations))
register_demo_step(DemoStep("users", 20, _seed_users))
register_demo_step(DemoStep("persons", 30, seed_persons))
register_demo_step(DemoStep("cases", 40, seed_cases))


def seed_demo_world(log: Callable[[str], None] = print) -> DemoWorld:
    """Run every registered step in order, each in its own transaction."""
    world = DemoWorld(rng=random.Random(SEED), log=log)
    for step in sorted(_STEPS, key=lambda s: s.order):
        with transaction.atomic():
            step.run(world)
        log(f"  {step.name}: klart")
    return world
