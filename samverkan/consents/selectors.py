"""Reads of the consent registry, scoped to the organisation that recorded the consents."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from samverkan.accounts.models import Organisation
from samverkan.consents.models import Consent
from samverkan.core.clock import today
from samverkan.core.prepared import PreparedRead
from samverkan.domain.consent import (
    ConsentForm,
    ConsentGiver,
    ConsentRecord,
    ConsentStatus,
    child_say_counts,
    consent_status,
)
from samverkan.domain.organisations import CaseType
from samverkan.people.models import Person

#: Statuses the gate considers: a withdrawn consent is passed on so the decision can say why it no longer counts.
_FOR_GATE = (Consent.Status.ACTIVE, Consent.Status.WITHDRAWN)


def consents_recorded_by(organisation: Organisation) -> QuerySet[Consent]:
    """Every consent the organisation has recorded (it discloses on them); in an organisation whose units are
    separated, on a request bounded to a unit (``accounts.access.scope_to_unit``), those of the unit's persons."""
    found = Consent.objects.filter(discloser=organisation).select_related("person", "recipient", "case")
    if getattr(organisation, "unit_scope", None) is not None:
        from samverkan.people.selectors import persons_visible_to

        found = found.filter(person__in=persons_visible_to(organisation).values("pk"))
    return found


def consents_of_person(*, organisation: Organisation, person: Person) -> QuerySet[Consent]:
    return consents_recorded_by(organisation).filter(person=person)


def pending_consent_requests(organisation: Organisation) -> QuerySet[Consent]:
    """Consents a person has asked the organisation to register, not yet confirmed."""
    return consents_recorded_by(organisation).filter(status=Consent.Status.REQUESTED).order_by("created_at")


def consent_list(
    *, organisation: Organisation, status: str | None = None, person: Person | None = None
) -> QuerySet[Consent]:
    qs = consents_recorded_by(organisation)
    if status:
        qs = qs.filter(status=status)
    if person is not None:
        qs = qs.filter(person=person)
    return qs.order_by("person__last_name", "person__first_name", "-valid_from", "-pk")


def to_record(
    consent: Consent, *, discloser: Organisation | None = None, recipient: Organisation | None = None
) -> ConsentRecord:
    """The domain's view of a registered consent (pass the parties when they are at hand: no extra queries)."""
    return _record_of(
        {name: getattr(consent, name) for name in _GATE_FIELDS},
        person=consent.person,
        discloser=discloser or consent.discloser,
        recipient=recipient or consent.recipient,
    )


_GATE_FIELDS = (
    "pk",
    "categories",
    "purpose",
    "valid_from",
    "valid_to",
    "form",
    "status",
    "withdrawn_on",
    "case_type",
    "given_by",
    "child_view",
    "child_agrees",
)


def _gate_read(person: int, discloser: int, recipient: int, statuses: list[str], on: dt.date) -> QuerySet[Consent]:
    return (
        Consent.objects.filter(
            person_id=person, discloser_id=discloser, recipient_id=recipient, status__in=statuses, valid_from__lte=on
        )
        .order_by("pk")
        .values_list(*_GATE_FIELDS)
    )


#: The gate's read of one party's consents, compiled once: it runs on every request (ADR 0008).
_GATE_READ = PreparedRead(_gate_read)


def consent_records_for_gate(
    *, person: Person, discloser: Organisation, recipient: Organisation, on: dt.date | None = None
) -> tuple[ConsentRecord, ...]:
    """The consents the gate weighs for one disclosure: recorded by ``discloser`` for ``recipient``.

    Only the disclosing organisation's own registry counts (docs/domain.md §4), and only consents
    naming this recipient organisation (two kommuners socialnämnder are the same type but not the
    same party). Withdrawn and expired ones are included so the decision can explain why they no
    longer count; unconfirmed and rejected requests are not consents at all. ``on`` limits the
    list to consents that had begun by that day.
    """
    rows = _GATE_READ.rows(person.pk, discloser.pk, recipient.pk, [str(s) for s in _FOR_GATE], on or dt.date.max)
    return tuple(
        _record_of(dict(zip(_GATE_FIELDS, row, strict=True)), person=person, discloser=discloser, recipient=recipient)
        for row in rows
    )


def _record_of(
    values: dict[str, Any], *, person: Person, discloser: Organisation, recipient: Organisation
) -> ConsentRecord:
    """The domain's view of a consent from its values (a row of :data:`_GATE_FIELDS`), the parties at hand."""
    return ConsentRecord(
        recorded_by=discloser.type,
        recipient=recipient.type,
        categories=tuple(values["categories"]),
        purpose=values["purpose"],
        valid_from=values["valid_from"],
        valid_to=values["valid_to"],
        form=ConsentForm(values["form"]),
        withdrawn_on=values["withdrawn_on"] if values["status"] == Consent.Status.WITHDRAWN else None,
        id=values["pk"],
        case_type=CaseType(values["case_type"]) if values["case_type"] else None,
        given_by=ConsentGiver(values["given_by"]),
        subject_birth_date=person.birth_date,
        child_view=values["child_view"],
        child_agrees=values["child_agrees"],
    )


def consent_records_for_gate_many(
    *, parties: Iterable[tuple[Person, Organisation, Organisation]], on: dt.date
) -> dict[tuple[int, int, int], tuple[ConsentRecord, ...]]:
    """:func:`consent_records_for_gate` for many (person, discloser, recipient) at once, in one query.

    Keyed by (person id, discloser id, recipient id); every triple asked about is in the result.
    """
    wanted = {(p.pk, d.pk, r.pk): (d, r) for p, d, r in parties}
    found: dict[tuple[int, int, int], list[ConsentRecord]] = {key: [] for key in wanted}
    if not wanted:
        return {}
    qs = (
        Consent.objects.filter(
            person_id__in=sorted({k[0] for k in wanted}),
            discloser_id__in=sorted({k[1] for k in wanted}),
            recipient_id__in=sorted({k[2] for k in wanted}),
            status__in=_FOR_GATE,
            valid_from__lte=on,
        )
        .select_related("person")
        .order_by("pk")
    )
    for consent in qs:
        key = (consent.person_id, consent.discloser_id, consent.recipient_id)
        if key in wanted:
            discloser, recipient = wanted[key]
            found[key].append(to_record(consent, discloser=discloser, recipient=recipient))
    return {key: tuple(records) for key, records in found.items()}


def consents_counting_for(
    *,
    person: Person,
    discloser: Organisation,
    recipient: Organisation,
    on: dt.date | None = None,
    case_type: str | None = None,
) -> list[Consent]:
    """Consents that are in force on ``on`` (today by default) for this person and these parties
    (and, when ``case_type`` is given, given for an ärende of that kind at the recipient); a consent
    given only by the guardians no longer counts from the child's 15th birthday (ADR 0009)."""
    day = on or today()
    candidates = (
        Consent.objects.filter(
            person=person,
            discloser=discloser,
            recipient=recipient,
            status__in=_FOR_GATE,
            valid_from__lte=day,
            valid_to__gte=day,
        )
        .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day))
        .filter(Q() if case_type is None else Q(case_type=case_type))
        .select_related("discloser", "recipient", "person")
        .order_by("pk")
    )
    return [c for c in candidates if _in_force(to_record(c), day)]


def _in_force(record: ConsentRecord, day: dt.date) -> bool:
    """Active on ``day``, and given by someone who may give it at the person's age that day (ADR 0009)."""
    return consent_status(record, day) is ConsentStatus.ACTIVE and child_say_counts(record, day)[0]


def consent_state(consent: Consent, on: dt.date | None = None) -> str:
    """Swedish status text for lists: registered consents say whether they are in force today."""
    if consent.status != Consent.Status.ACTIVE:
        return consent.get_status_display()
    day = on or today()
    record = to_record(consent)
    status = consent_status(record, day)
    if status is ConsentStatus.ACTIVE and not child_say_counts(record, day)[0]:
        if record.given_by is ConsentGiver.GUARDIANS:
            return "Gäller inte: personens eget samtycke behövs"
        return "Gäller inte: vårdnadshavarna lämnar samtycket"
    return status.label.capitalize()


def child_say(consent: Consent, on: dt.date | None = None) -> str:
    """Swedish text on who gave the consent for a child and what the child said, or why that is not
    enough at the person's age today (OSL 12 kap. 3 §; ADR 0009); "" for an adult's own consent."""
    record = to_record(consent)
    counts, text = child_say_counts(record, on or today())
    return text.strip() if counts else f"Samtycket {text}"
