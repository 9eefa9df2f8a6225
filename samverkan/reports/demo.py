"""Demo seeding for the log review: audit activity the standing reports flag.

At Socialnämnden i Sörby, through the real gate (:func:`disclosure_request`), so every row has
its audit entry and hash:

- Sara Lind asks Försäkringskassan about a person with protected identity (a working-hours
  lookup: flagged only as protected identity);
- Omar Haddad looks up one person at 21.40 on a weekday evening and one on a Saturday morning
  (outside working hours), and 22 different persons on one working day (far above the unit's
  normal of a few a day: high volume);
- Eva Berg, unit manager, looks up a person with her own surname, when the demo population has
  one with a case at Sörby (same surname).

**Timestamps.** The audit table refuses UPDATE (triggers, disclosures migration 0002), so the
times are set at insert: each request runs under :func:`samverkan.core.clock.pinned`, which points
``django.utils.timezone.now`` — the clock behind ``samverkan.core.clock.now``/``today``, the
audit log and ``auto_now_add`` — at the chosen moment for the duration of the call. The entries
thus carry past times but, being appended now, later sequence numbers than entries written
before them; the hash chain is unaffected (it orders by sequence, not time).

Idempotent: nothing is seeded when a request with :data:`PURPOSE` already exists. Deterministic:
persons are taken in primary-key order, moments are fixed offsets from today.
"""

from __future__ import annotations

import datetime as dt

from samverkan.accounts.models import User
from samverkan.cases.models import Case
from samverkan.core import clock
from samverkan.core.demo import DemoWorld
from samverkan.disclosures.models import DisclosureRequest
from samverkan.disclosures.services import disclosure_request
from samverkan.domain.deadlines import SWEDISH_TIME, previous_working_day
from samverkan.people.models import Person

PURPOSE = "Kontroll av uppgifter i ärendet om ekonomiskt bistånd (demo för logggranskning)"
FK_DUTY = ["identity", "benefit_granted", "payment_period", "payment_amount"]
VOLUME_LOOKUPS = 22


def _at(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SWEDISH_TIME)


def _sorby_case(world: DemoWorld, person: Person) -> Case | None:
    return (
        Case.objects.filter(organisation=world.org("sorby-socialnamnd"), members__person=person)
        .order_by("status", "pk")  # "active" before "closed"
        .first()
    )


def _lookup(world: DemoWorld, *, official: User, person: Person, moment: dt.datetime) -> None:
    case = _sorby_case(world, person)
    if case is None:
        return
    day = moment.astimezone(SWEDISH_TIME).date()
    with clock.pinned(moment, ticking=False):
        disclosure_request(
            requester=official,
            discloser=world.org("fk"),
            person=person,
            case=case,
            categories=FK_DUTY,
            purpose=PURPOSE,
            period=(day - dt.timedelta(days=60), day),
            on=day,
        )


def seed_oversight(world: DemoWorld) -> None:
    if DisclosureRequest.objects.filter(purpose=PURPOSE).exists():
        return
    sorby = world.org("sorby-socialnamnd")
    visible = Person.objects.filter(case_memberships__case__organisation=sorby).distinct().order_by("pk")
    protected = visible.filter(protected_identity=True).first()
    ordinary = list(visible.filter(protected_identity=False)[: VOLUME_LOOKUPS + 3])
    if protected is None or len(ordinary) < VOLUME_LOOKUPS + 3:
        world.log("  logggranskning: för få personer i demovärlden, hoppar över")
        return
    sara, omar, eva = world.user("sara.lind"), world.user("omar.haddad"), world.user("eva.berg")
    on = clock.today()

    # A lookup of a person with protected identity, in working hours on the last working day.
    _lookup(world, official=sara, person=protected, moment=_at(previous_working_day(on - dt.timedelta(days=1)), 10, 15))

    # Outside working hours: a weekday evening and a Saturday morning.
    evening = previous_working_day(on - dt.timedelta(days=2))
    saturday = on - dt.timedelta(days=(on.weekday() - 5) % 7 or 7)
    _lookup(world, official=omar, person=ordinary[0], moment=_at(evening, 21, 40))
    _lookup(world, official=omar, person=ordinary[1], moment=_at(saturday, 11, 5))

    # High volume: 22 different persons in one working morning.
    busy = previous_working_day(on - dt.timedelta(days=6))
    for index, person in enumerate(ordinary[2 : 2 + VOLUME_LOOKUPS]):
        _lookup(world, official=omar, person=person, moment=_at(busy, 8, 30) + dt.timedelta(minutes=7 * index))

    # Same surname as the official, if the demo population has such a person with a case at Sörby.
    namesake = visible.filter(protected_identity=False, last_name=eva.last_name).first()
    if namesake is not None:
        _lookup(
            world, official=eva, person=namesake, moment=_at(previous_working_day(on - dt.timedelta(days=3)), 9, 20)
        )
    world.log(f"  logggranskning: {VOLUME_LOOKUPS + 3 + (1 if namesake else 0)} slagningar för rapporterna")
