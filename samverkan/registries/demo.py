"""Demo seeding of the agencies' registers (step 45, before the gate's step 50).

For every person the agency knows through its own cases, the sandbox generates the agency's
records (:func:`samverkan.registries.sources.sandbox.generate_records`, as of the demo world's
reference day) and they are stored with source ``sandbox``: what the officials see in their own
register is exactly what a lookup through the sandbox returns. Deterministic (each person's
records come from a generator seeded by agency and identity number) and idempotent (rows are
matched by ``external_id``).

The retroactive decisions about persons with an aktuellt ärende om ekonomiskt bistånd are the
events an agency must tell the socialnämnd at once; for those a proactive notice is written and
queued, so the demo's inbox is not empty; so is the latest payment of an a-kassa or of Centrala
studiestödsnämnden made in the last two weeks (both disclose on their own initiative too). CSN and
Skatteverket are national registers reached by system integration: they hold records for every person.
"""

from __future__ import annotations

import datetime as dt

from samverkan.accounts.models import Organisation
from samverkan.core.demo import DemoWorld
from samverkan.domain.organisations import INTEGRATION_ONLY_TYPES
from samverkan.people.models import Person
from samverkan.registries import records as rec
from samverkan.registries import services
from samverkan.registries.models import AgencyRecord, BenefitDecision
from samverkan.registries.sources.sandbox import generate_records


def _known_persons(organisation: Organisation) -> list[Person]:
    if organisation.type in INTEGRATION_ONLY_TYPES:
        # National registers (CSN, Skatteverket) know every person; they keep no ärenden in Samverkan.
        return list(Person.objects.order_by("pk"))
    return list(Person.objects.filter(case_memberships__case__organisation=organisation).distinct().order_by("pk"))


#: Payment kinds whose latest payment, when recent, is told to the nämnd on the agency's own initiative
#: (SoL (2025:400) 15 kap. 10 §: "dessa myndigheter och arbetslöshetskassorna på eget initiativ").
_PROACTIVE_PAYMENTS = {
    rec.Agency.UNEMPLOYMENT_FUND: "unemployment_fund_payment",
    rec.Agency.CSN: "study_support_payment",
}
#: A payment at most this many days before the reference day is new enough to be told.
_RECENT_DAYS = 14


def _notify_recent_payments(organisation: Organisation, kind: str, on: dt.date) -> None:
    model = services.model_for(kind)
    recent = (
        model._default_manager.filter(
            organisation=organisation,
            source=AgencyRecord.Source.SANDBOX,
            # Both payment kinds have ``paid_on`` (the base model does not, so the filter is spelled as data).
            **{"paid_on__gt": on - dt.timedelta(days=_RECENT_DAYS), "paid_on__lte": on},
        )
        .select_related("person", "organisation")
        .order_by("pk")
    )
    for payment in recent:
        services.notices_for_record(
            actor=None,
            organisation=organisation,
            person=payment.person,
            data=rec.record_from_model(kind, payment, agency=organisation.org_type),
            instance=payment,
            on=on,
        )


def seed_registries(world: DemoWorld) -> None:
    on = world.reference_date
    total = 0
    for organisation in Organisation.objects.filter(org_type__in=rec.AGENCY_CODES).order_by("code"):
        persons = _known_persons(organisation)
        by_number = {p.identity_number: p for p in persons}
        rows = [r for p in persons for r in generate_records(organisation.org_type, p.identity_number, on=on)]
        created = services.records_seed(organisation=organisation, rows=rows, persons=by_number)
        total += sum(len(v) for v in created.values())
        if organisation.org_type in (rec.Agency.FK, rec.Agency.PM):
            retroactive = BenefitDecision.objects.filter(
                organisation=organisation,
                source=BenefitDecision.Source.SANDBOX,
                retroactive_amount__isnull=False,
                payout_date__gt=on,
            ).select_related("person")
            for decision in retroactive.order_by("pk"):
                data = rec.record_from_model("benefit_decision", decision, agency=organisation.org_type)
                services.notices_for_record(
                    actor=None,
                    organisation=organisation,
                    person=decision.person,
                    data=data,
                    instance=decision,
                    on=on,
                )
        kind = _PROACTIVE_PAYMENTS.get(rec.Agency(organisation.org_type))
        if kind is not None:
            _notify_recent_payments(organisation, kind, on)
    world.log(f"    registren: {total} nya poster")
