"""Demo seeding of the case file (step 96, after the other steps have made their requests and cases).

In one of Sara Lind's aktuella ärenden om ekonomiskt bistånd: a journal note, a household lookup through the
secrecy gate saved to the journal (what the gate released, with sources and citations) and a correction of the
note. And one ärende opened by mistake on a person who already has an aktuellt ärende, struck out (makulerat)
with its reason. Idempotent: nothing is added to a case whose journal already holds a saved lookup, and the
makulerat ärende is found by its summary. Everything goes through the services, so every row has its audit entry.
"""

from __future__ import annotations

from samverkan.cases import services
from samverkan.cases.models import Case, JournalEntry
from samverkan.core import clock
from samverkan.core.demo import DemoWorld
from samverkan.disclosures.services import disclosure_request
from samverkan.registries.lookup import default_period, household_plan

NOTE = (
    "Nybesök. Sökanden berättar att sjukpenningen från Försäkringskassan har dröjt och att hushållet saknar "
    "pengar till hyran. Vi hämtar uppgifter från myndigheterna för att kunna bedöma ansökan."
)
CORRECTION = "Rättelse: besöket var ett telefonsamtal, inte ett besök på kontoret."
LOOKUP_COMMENT = "Underlag för beslut om ekonomiskt bistånd för december."
MISTAKE_SUMMARY = "Upplagt av misstag (dubblett) – demo"
MISTAKE_REASON = "Dubblett: personen har redan ett aktuellt ärende om ekonomiskt bistånd hos enheten."


def _demo_case(world: DemoWorld) -> Case | None:
    return (
        Case.objects.filter(
            organisation=world.org("sorby-socialnamnd"),
            case_type="assistance",
            status=Case.Status.ACTIVE,
            responsible=world.user("sara.lind"),
            subject__protected_identity=False,
        )
        .order_by("pk")
        .first()
    )


def _journal(world: DemoWorld, case: Case) -> int:
    if JournalEntry.objects.filter(case=case, kind=JournalEntry.Kind.LOOKUP).exists():
        return 0
    sara = world.user("sara.lind")
    note = services.journal_note_write(case=case, actor=sara, text=NOTE)
    plan = household_plan(requester=sara, case=case, period=default_period(clock.today()), sources=["fk", "af"])
    ids = [
        disclosure_request(
            requester=sara,
            discloser=r.discloser,
            person=r.person,
            case=case,
            categories=list(r.categories),
            purpose=r.purpose,
            period=r.period,
        ).request.pk
        for r in plan.requests
    ]
    services.journal_lookup_save(case=case, actor=sara, request_ids=ids, text=LOOKUP_COMMENT)
    services.journal_note_write(case=case, actor=sara, text=CORRECTION, corrects=note)
    return 3


def _mistake(world: DemoWorld, case: Case) -> int:
    organisation = world.org("sorby-socialnamnd")
    if Case.objects.filter(organisation=organisation, summary=MISTAKE_SUMMARY).exists():
        return 0
    sara = world.user("sara.lind")
    duplicate = services.case_create(
        organisation=organisation,
        unit=case.unit,
        case_type="social_other",
        subject_identity_number=case.subject.identity_number,
        responsible=sara,
        opened_on=clock.today(),
        actor=sara,
        summary=MISTAKE_SUMMARY,
    )
    services.case_cancel(case=duplicate, reason=MISTAKE_REASON, actor=sara)
    return 1


def seed_case_file(world: DemoWorld) -> None:
    case = _demo_case(world)
    if case is None:
        return
    entries = _journal(world, case)
    cancelled = _mistake(world, case)
    world.log(f"    journal: {entries} nya anteckningar i {case.reference}; {cancelled} makulerat ärende")
