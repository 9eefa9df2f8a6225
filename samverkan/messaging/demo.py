"""Demo seeding for communication: routines, contact persons, questions (one overdue), call-backs (one open, one
overdue), the contact person's term meeting with one vårdcentral (the other unbooked) and an absence.

Idempotent: every row is found by its natural key before it is made (a routine by unit and
topic, a question by sender, person and topic). Deterministic: persons are chosen in a fixed
order. The questions are dated relative to today (the deadlines only mean something against
the present day), so one of them is always overdue when the demo is started. Everything goes
through the services, so each question passed the gate and has its audit entry.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from samverkan.accounts.models import User
from samverkan.cases.models import Case
from samverkan.core.clock import today
from samverkan.core.demo import DemoWorld
from samverkan.domain.consent import latest_valid_to
from samverkan.domain.contact_person import term_of
from samverkan.domain.deadlines import next_working_day, previous_working_day
from samverkan.domain.organisations import Role
from samverkan.messaging.models import (
    Absence,
    AdminAnswer,
    AdminQuestion,
    Callback,
    ContactAssignment,
    TermMeeting,
    Topic,
)
from samverkan.messaging.services import (
    absence_register,
    admin_question_answer,
    admin_question_send,
    callback_request,
    contact_assignment_set,
    routing_rule_set,
    term_meeting_book,
)
from samverkan.people.models import Person

#: Switchboard numbers of the demo units (fictional), so every sender can be reached.
UNIT_PHONES = {
    "sorby-socialnamnd/ekb": "0155-24 50 00",
    "region-malarmark/vc-angen": "0155-24 60 00",
    "region-malarmark/vc-bjorkhagen": "0155-24 70 00",
    "fk/lfk-sorby": "0155-24 80 00",
    "af/sorby": "0155-24 90 00",
}

_VC_ROUTINE = {
    Topic.REVIEW_MEETING: Role.REHAB_COORDINATOR,
    Topic.CONTACT: Role.REHAB_COORDINATOR,
    Topic.OTHER: Role.REHAB_COORDINATOR,
    Topic.REMINDER: Role.REHAB_COORDINATOR,
    Topic.SUPPLEMENT: Role.SICK_LISTING_DOCTOR,
}
ROUTINES: dict[str, dict[Topic, Role]] = {
    "region-malarmark/vc-angen": _VC_ROUTINE,
    # Björkhagen has no sick-listing doctor on the platform: a komplettering to it has no recipient.
    "region-malarmark/vc-bjorkhagen": _VC_ROUTINE,
    "fk/lfk-sorby": {
        Topic.REVIEW_MEETING: Role.INSURANCE_INVESTIGATOR,
        Topic.REHAB_NEED: Role.INSURANCE_INVESTIGATOR,
        Topic.CONTACT: Role.FK_CONTACT_PERSON,
        Topic.OTHER: Role.INSURANCE_INVESTIGATOR,
        Topic.REMINDER: Role.INSURANCE_INVESTIGATOR,
    },
    "sorby-socialnamnd/ekb": {
        Topic.REVIEW_MEETING: Role.SOCIAL_WORKER,
        Topic.CONTACT: Role.SOCIAL_WORKER,
        Topic.OTHER: Role.SOCIAL_WORKER,
        Topic.REMINDER: Role.SOCIAL_WORKER,
    },
    "af/sorby": {
        Topic.CONTACT: Role.EMPLOYMENT_OFFICER,
        Topic.OTHER: Role.EMPLOYMENT_OFFICER,
        Topic.REMINDER: Role.EMPLOYMENT_OFFICER,
    },
}


def _patients(world: DemoWorld, vc: str) -> QuerySet[Person]:
    """Persons sick-listed at the vårdcentral with an aktuellt sjukpenningärende at FK."""
    return (
        Person.objects.filter(protected_identity=False)
        .filter(cases__organisation=world.org("region-malarmark"), cases__unit__code=vc, cases__status="active")
        .filter(cases__organisation=world.org("fk"), cases__case_type="sickness", cases__status="active")
        .distinct()
        .order_by("pk")
    )


def _case(world: DemoWorld, org: str, person: Person) -> Case:
    case = (
        Case.objects.filter(organisation=world.org(org), status="active", members__person=person).order_by("pk").first()
    )
    assert case is not None
    return case


def _question(
    world: DemoWorld,
    *,
    sender: str,
    person: Person,
    org: str,
    to: str,
    topic: Topic,
    body: str,
    days_ago: int,
    **extra: object,
) -> AdminQuestion:
    user = world.user(sender)
    existing = AdminQuestion.objects.filter(sender=user, person=person, topic=topic).first()
    if existing is not None:
        return existing
    on = today() - dt.timedelta(days=days_ago)
    return admin_question_send(
        sender=user,
        case=_case(world, org, person),
        recipient_organisation=world.org(to),
        topic=topic,
        body=body,
        on=on,
        consent_valid_to=latest_valid_to(on),
        **extra,  # type: ignore[arg-type]  # the demo rows' optional keyword arguments
    )


def _answer(world: DemoWorld, question: AdminQuestion, *, by: str, body: str, days_ago: int, **extra: object) -> None:
    if question.answers.exists():
        return
    admin_question_answer(
        question=question,
        author=world.user(by),
        body=body,
        on=today() - dt.timedelta(days=days_ago),
        **extra,  # type: ignore[arg-type]  # the demo rows' optional keyword arguments
    )


def seed_messaging(world: DemoWorld) -> None:
    _routines_and_contact_persons(world)
    patients = list(_patients(world, "vc-angen")[:4])
    if len(patients) < 4:  # pragma: no cover - the demo world always has them
        world.log("  kommunikation: för få patienter i demovärlden, inga frågor skapade")
        return
    meeting, overdue, supplement, impulse = patients
    _questions_from_the_vardcentral(world, meeting=meeting, overdue=overdue)
    _supplement_answered(world, supplement)
    _impulse_answered(world, impulse)
    _social_services_question(world, exclude=patients)
    _callbacks(world, patient=supplement)
    _term_meeting(world)
    _absence(world)


def _routines_and_contact_persons(world: DemoWorld) -> None:
    """The units' switchboard numbers and routines, and Försäkringskassan's contact person for both vårdcentraler."""
    for key, phone in UNIT_PHONES.items():
        unit = world.unit(key)
        if not unit.phone:
            unit.phone = phone
            unit.save(update_fields=["phone"])
    for key, routine in ROUTINES.items():
        unit = world.unit(key)
        for topic, role in routine.items():
            routing_rule_set(unit=unit, topic=topic, role=role)
    for vc in ("vc-angen", "vc-bjorkhagen"):
        contact_assignment_set(
            unit=world.unit(f"region-malarmark/{vc}"),
            contact=world.user("anna.sjoberg"),
            since=dt.date(2026, 1, 15),
        )


def _questions_from_the_vardcentral(world: DemoWorld, *, meeting: Person, overdue: Person) -> None:
    """A request for an avstämningsmöte (on the patient's consent) and a question to FK that is overdue."""
    _question(
        world,
        sender="helena.strom",
        person=meeting,
        org="region-malarmark",
        to="fk",
        topic=Topic.REVIEW_MEETING,
        body="Vi önskar ett avstämningsmöte om återgång i arbete. Patienten vill delta digitalt.",
        meeting_reason="Sjukskrivningen har pågått länge och patienten behöver stöd för att pröva arbete på deltid.",
        days_ago=2,
        record_consent=True,
    )
    _question(
        world,
        sender="helena.strom",
        person=overdue,
        org="region-malarmark",
        to="fk",
        topic=Topic.OTHER,
        body="Vilken försäkringsutredare handlägger ärendet? Vi behöver stämma av planeringen.",
        days_ago=14,
        secrecy_reviewed=True,
    )


def _supplement_answered(world: DemoWorld, supplement: Person) -> None:
    """FK asks for a komplettering; the doctor answers with a reason without medical details."""
    asked = _question(
        world,
        sender="fredrik.holm",
        person=supplement,
        org="fk",
        to="region-malarmark",
        topic=Topic.SUPPLEMENT,
        body="Läkarintyget saknar en beskrivning av aktivitetsbegränsningen. Kan intyget kompletteras?",
        days_ago=9,
        secrecy_reviewed=True,
    )
    _answer(
        world,
        asked,
        by="peter.lund",
        kind=AdminAnswer.Kind.REASON,
        body="Patienten har inte kunnat komma på bokat besök. Ett nytt intyg skickas efter nästa besök.",
        days_ago=6,
        secrecy_reviewed=True,
    )


def _impulse_answered(world: DemoWorld, impulse: Person) -> None:
    """The vårdcentral tells FK of a need to map rehabilitation outside the care (the impulse), and FK answers."""
    told = _question(
        world,
        sender="helena.strom",
        person=impulse,
        org="region-malarmark",
        to="fk",
        topic=Topic.REHAB_NEED,
        body="Patienten behöver stöd från arbetsgivaren och Arbetsförmedlingen utöver vårdens insatser. "
        "Vi informerar om behovet av att kartlägga rehabiliteringsbehovet.",
        days_ago=20,
        record_consent=True,
    )
    _answer(
        world,
        told,
        by="fredrik.holm",
        body="Tack. Vi kontaktar den försäkrade och bokar ett första samtal om rehabiliteringen.",
        days_ago=16,
        secrecy_reviewed=True,
    )


def _social_services_question(world: DemoWorld, *, exclude: list[Person]) -> None:
    """The socialnämnd asks FK about a client's sjukpenning, and FK answers."""
    client = (
        Person.objects.filter(protected_identity=False)
        .filter(
            cases__organisation=world.org("sorby-socialnamnd"),
            cases__case_type="assistance",
            cases__status="active",
            cases__responsible=world.user("sara.lind"),
        )
        .filter(cases__organisation=world.org("fk"), cases__status="active")
        .exclude(pk__in=[p.pk for p in exclude])
        .distinct()
        .order_by("pk")
        .first()
    )
    if client is None:
        return
    contact = _question(
        world,
        sender="sara.lind",
        person=client,
        org="sorby-socialnamnd",
        to="fk",
        topic=Topic.OTHER,
        body="Klienten har ansökt om sjukpenning. När kan beslut väntas? Vi planerar biståndet.",
        days_ago=5,
        secrecy_reviewed=True,
    )
    _answer(
        world,
        contact,
        by="fredrik.holm",
        body="Utredningen pågår; beslut väntas inom två veckor.",
        days_ago=3,
        secrecy_reviewed=True,
    )


def _absence(world: DemoWorld) -> None:
    """Försäkringskassan's contact person is away, with a stand-in named in the automatic reply."""
    anna = world.user("anna.sjoberg")
    if not Absence.objects.filter(user=anna).exists():
        absence_register(
            user=anna,
            starts_on=today() - dt.timedelta(days=1),
            ends_on=today() + dt.timedelta(days=12),
            stand_in=User.objects.get(username="maria.nystrom"),
            message="Allmänna frågor om rutiner: ring Försäkringskassans kundcenter för partner, 0771-17 90 00.",
        )


def _callbacks(world: DemoWorld, *, patient: Person) -> None:
    """An open call-back about a patient (FK asks the vårdcentral's rehabkoordinator, by name, due tomorrow's working
    day) and an overdue one without an ärende, routed by Försäkringskassan's routine for contacts."""
    fredrik = world.user("fredrik.holm")
    if not Callback.objects.filter(requester=fredrik).exists():
        callback_request(
            requester=fredrik,
            recipient=world.user("helena.strom"),
            subject="Avstämning inför kompletteringen – ring mig gärna",
            channel=Callback.Channel.PHONE,
            case=_case(world, "fk", patient),
            time_window="förmiddag kl. 9–11",
            secrecy_reviewed=True,
        )
    helena = world.user("helena.strom")
    if not Callback.objects.filter(requester=helena).exists():
        callback_request(
            requester=helena,
            recipient_organisation=world.org("fk"),
            subject="Fråga om rutinen vid övergången till Arbetsförmedlingen",
            channel=Callback.Channel.VIDEO,
            time_window="torsdag kl. 13–15",
            on=previous_working_day(today() - dt.timedelta(days=4)),
        )


def _term_meeting(world: DemoWorld) -> None:
    """This term's meeting between Försäkringskassan's contact person and Vårdcentralen Ängen is booked; Björkhagen's
    is not, so the contact person's start page reminds about it."""
    assignment = ContactAssignment.objects.get(unit=world.unit("region-malarmark/vc-angen"))
    period = term_of(today())
    if TermMeeting.objects.filter(unit=assignment.unit, term_year=period.year, term=period.term.value).exists():
        return
    day = next_working_day(today() + dt.timedelta(days=2))
    if not period.contains(day):  # pragma: no cover - only in the last days of a term
        return
    term_meeting_book(
        assignment=assignment,
        booked_by=assignment.contact,
        meeting_on=day,
        meeting_time=dt.time(13, 0),
        place="Vårdcentralen Ängen, konferensrummet",
    )
