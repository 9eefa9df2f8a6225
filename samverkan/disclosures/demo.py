"""Demo seeding for the secrecy gate: consents, past requests, an open review queue and a full log.

Idempotent: every consent and request is found by its natural key (person, parties, purpose)
before it is made. Deterministic: the persons are chosen by a fixed order, not at random.
Everything goes through the services, so every row has its audit entry.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from samverkan.accounts.models import Organisation, User
from samverkan.cases.models import Case
from samverkan.consents.models import Consent
from samverkan.consents.services import consent_register, consent_request_by_person, consent_withdraw
from samverkan.core.demo import DemoWorld
from samverkan.disclosures.documents import document_release
from samverkan.disclosures.models import DisclosureRequest, ReviewTask
from samverkan.disclosures.services import disclosure_request, review_decide
from samverkan.domain.organisations import CaseType
from samverkan.people.models import Person

AF_DUTY = ["identity", "jobseeker_registration", "jobseeker_category", "activity_report_date"]
FK_DUTY = ["identity", "benefit_granted", "payment_period", "payment_amount", "payment_date"]

PURPOSE_CASE_NOTES = "Planering av insatser i ärendet om ekonomiskt bistånd"
PURPOSE_WORK_CAPACITY = "Bedömning av arbetsförmåga inför planering av bistånd"
PURPOSE_REHAB = "Samordning av rehabilitering och planering av ekonomiskt bistånd"
PURPOSE_PORTAL = "Utredning av rätt till ekonomiskt bistånd"
REQUEST_PURPOSE = "Utredning av rätt till ekonomiskt bistånd (demo)"


def _clients_with_case_at(world: DemoWorld, agency: Organisation, case_type: str) -> QuerySet[Person]:
    """Persons with an aktuellt ärende om ekonomiskt bistånd at Sörby and a case of ``case_type`` at ``agency``."""
    return (
        Person.objects.filter(protected_identity=False)
        .filter(cases__organisation=agency, cases__case_type=case_type)
        .filter(
            case_memberships__case__organisation=world.org("sorby-socialnamnd"),
            case_memberships__case__case_type="assistance",
            case_memberships__case__status=Case.Status.ACTIVE,
        )
        .distinct()
        .order_by("pk")
    )


def _assistance_case(world: DemoWorld, person: Person) -> Case:
    case = (
        Case.objects.filter(
            organisation=world.org("sorby-socialnamnd"),
            case_type="assistance",
            status=Case.Status.ACTIVE,
            members__person=person,
        )
        .order_by("pk")
        .first()
    )
    assert case is not None
    return case


def _social_worker(world: DemoWorld, case: Case) -> User:
    return case.responsible or world.user("sara.lind")


def _consent(
    world: DemoWorld,
    *,
    by: str,
    person: Person,
    categories: list[str],
    purpose: str,
    valid_from: dt.date,
    case_type: str = CaseType.ASSISTANCE.value,
) -> Consent:
    """A consent to Sörby's socialnämnd, given for its ärende om ekonomiskt bistånd (where its requests are made)."""
    official = world.user(by)
    existing = Consent.objects.filter(
        person=person, discloser=official.organisation, recipient=world.org("sorby-socialnamnd"), purpose=purpose
    ).first()
    if existing is not None:
        return existing
    return consent_register(
        registered_by=official,
        person=person,
        recipient=world.org("sorby-socialnamnd"),
        categories=categories,
        purpose=purpose,
        valid_from=valid_from,
        valid_to=valid_from + dt.timedelta(days=330),
        form="written",
        case_type=case_type,
        taken_on=valid_from,
    )


def _request(
    world: DemoWorld, *, person: Person, discloser: Organisation, categories: list[str], on: dt.date
) -> DisclosureRequest:
    existing = DisclosureRequest.objects.filter(person=person, discloser=discloser, purpose=REQUEST_PURPOSE).first()
    if existing is not None:
        return existing
    case = _assistance_case(world, person)
    return disclosure_request(
        requester=_social_worker(world, case),
        discloser=discloser,
        person=person,
        case=case,
        categories=categories,
        purpose=REQUEST_PURPOSE,
        period=(on - dt.timedelta(days=90), on),
        on=on,
    ).request


def _seed_consents(
    world: DemoWorld,
    *,
    approved_client: Person,
    withdrawn_client: Person,
    waiting_client: Person,
    portal_client: Person,
    rehab_client: Person,
) -> None:
    """Consents, each recorded by the agency that will disclose on it (docs/domain.md §4)."""
    on = world.reference_date
    start = on - dt.timedelta(days=30)
    af = world.org("af")
    _consent(
        world,
        by="ali.karimi",
        person=approved_client,
        categories=["case_notes"],
        purpose=PURPOSE_CASE_NOTES,
        valid_from=start,
    )
    _consent(
        world,
        by="ali.karimi",
        person=waiting_client,
        categories=["case_notes", "work_capacity_assessment"],
        purpose=PURPOSE_CASE_NOTES,
        valid_from=start,
    )
    _consent(
        world,
        by="fredrik.holm",
        person=rehab_client,
        categories=["rehab_plan"],
        purpose=PURPOSE_REHAB,
        valid_from=start,
    )
    withdrawn = _consent(
        world,
        by="ali.karimi",
        person=withdrawn_client,
        categories=["work_capacity_assessment"],
        purpose=PURPOSE_WORK_CAPACITY,
        valid_from=start,
    )
    if withdrawn.status == Consent.Status.ACTIVE:
        consent_withdraw(consent=withdrawn, withdrawn_by_user=world.user("ali.karimi"), on=on - dt.timedelta(days=5))
    if not Consent.objects.filter(person=portal_client, discloser=af, purpose=PURPOSE_PORTAL).exists():
        consent_request_by_person(
            person=portal_client,
            discloser=af,
            recipient=world.org("sorby-socialnamnd"),
            categories=["work_capacity_assessment"],
            purpose=PURPOSE_PORTAL,
            valid_to=on + dt.timedelta(days=180),
            case_type=CaseType.ASSISTANCE.value,
            on=on,
        )


def _seed_reviewed_request(world: DemoWorld, approved_client: Person) -> None:
    """Past requests: duty data released at once, consent-based AF data reviewed by AF."""
    on = world.reference_date
    af = world.org("af")
    approved = _request(world, person=approved_client, discloser=af, categories=[*AF_DUTY, "case_notes"], on=on)
    task = ReviewTask.objects.filter(request=approved, status=ReviewTask.Status.OPEN).first()
    if task is not None:
        review_decide(
            task=task,
            decided_by=world.user("ali.karimi"),
            approve=True,
            motivation="Personen har lämnat skriftligt samtycke till Arbetsförmedlingen och uppgifterna behövs för "
            "planeringen. Inget men för personen.",
            on=on,
        )
        # AF answers the released case notes in Samverkan with a written answer (issue 21.3).
        notes = task.decision
        notes.refresh_from_db()
        if not notes.documents.exists():
            document_release(
                decision=notes,
                released_by=world.user("ali.karimi"),
                title="Anteckningar om planeringen",
                answer="Personen deltar i Rusta och matcha sedan september. Nästa uppföljning med "
                "arbetsförmedlaren är bokad i december. Inga hinder mot heltidsarbete har noterats.",
            )


def seed_gate(world: DemoWorld) -> None:
    on = world.reference_date
    af, fk = world.org("af"), world.org("fk")
    af_clients = list(_clients_with_case_at(world, af, "jobseeker")[:4])
    fk_clients = [p for p in _clients_with_case_at(world, fk, "sickness") if p not in af_clients][:1]
    if len(af_clients) < 4 or not fk_clients:
        world.log("  sekretessgrind: för få klienter i demovärlden, hoppar över")
        return
    approved_client, withdrawn_client, waiting_client, portal_client = af_clients
    rehab_client = fk_clients[0]
    _seed_consents(
        world,
        approved_client=approved_client,
        withdrawn_client=withdrawn_client,
        waiting_client=waiting_client,
        portal_client=portal_client,
        rehab_client=rehab_client,
    )
    _seed_reviewed_request(world, approved_client)
    _request(world, person=waiting_client, discloser=af, categories=[*AF_DUTY, "case_notes"], on=on)
    _request(world, person=withdrawn_client, discloser=af, categories=["work_capacity_assessment"], on=on)
    _request(world, person=rehab_client, discloser=fk, categories=[*FK_DUTY, "rehab_plan", "health_information"], on=on)
