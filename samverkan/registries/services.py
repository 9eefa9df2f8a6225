"""Writes of the agencies' records and of proactive notices.

Every record write is one transaction: it checks the record (:func:`records.parse_record`:
Swedish errors, nothing stored), refuses duplicates, stores the row, appends the audit entry
``registry.recorded`` and — when the record is an event the agency must tell a socialnämnd on its
own initiative (:func:`samverkan.domain.disclosure.proactive_notice`) — writes a pending
:class:`~samverkan.registries.models.Notice` for every aktuellt ärende about ekonomiskt bistånd
the person is in. The notice is delivered after commit by a background task
(:mod:`samverkan.registries.tasks`) through the secrecy gate (``disclosure_proactive``); if the
worker is down it waits, and ``samverkan notices deliver`` sends every pending one.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import logging
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction

from samverkan.accounts.models import Organisation, User
from samverkan.cases.models import Case
from samverkan.core import clock
from samverkan.disclosures.audit import audit_append
from samverkan.disclosures.services import disclosure_proactive
from samverkan.domain.disclosure import AgencyEvent, proactive_categories, proactive_notice
from samverkan.domain.organisations import OrganisationType
from samverkan.people.models import Person
from samverkan.registries import records as rec
from samverkan.registries.models import AgencyRecord, Notice

logger = logging.getLogger(__name__)

#: The audit event of every record write.
AUDIT_RECORDED = "registry.recorded"
#: Purpose stated to the gate for a proactive notice.
NOTICE_PURPOSE = "Uppgifter på eget initiativ till socialnämnden i ett aktuellt ärende om ekonomiskt bistånd"


def model_for(kind: str) -> type[AgencyRecord]:
    return apps.get_model("registries", rec.KIND_SPECS[kind].model_name)


def _invalid(exc: rec.RecordInvalid) -> ValidationError:
    by_field: dict[str, list[str]] = {}
    for error in exc.errors:
        by_field.setdefault(error.field, []).append(error.message)
    return ValidationError(by_field)


def _agency_of(organisation: Organisation, kind: str) -> str:
    spec = rec.KIND_SPECS.get(kind)
    if spec is None:
        raise ValidationError({"kind": f"Okänd posttyp {kind!r}."})
    if not spec.kept_by(organisation.org_type):
        raise ValidationError(f"{spec.label} registreras bara hos {spec.owners_label}, inte hos {organisation.name}.")
    return organisation.org_type


#: The rule per kind that refuses a manual record the organisation already holds for the person (entered twice
#: by mistake): the fields compared and the Swedish message (:attr:`records.KindSpec.same`).
SAME_RECORD: Mapping[str, rec.SameRecord] = {kind: spec.same for kind, spec in rec.KIND_SPECS.items()}


def _duplicate_problem(kind: str, organisation: Organisation, person: Person, data: rec.RecordData) -> str | None:
    """A Swedish message when the same record is already stored (manual entry twice)."""
    rule = rec.KIND_SPECS[kind].same
    same = {name: data.values[name] for name in rule.fields}
    if model_for(kind)._default_manager.filter(organisation=organisation, person=person, **same).exists():
        return rule.message
    return None


def _audit_recorded(
    *, actor: User | None, organisation: Organisation, person: Person, categories: list[str], extra: dict[str, Any]
) -> None:
    """The audit entry of every write of an agency's own record (new record or changed status)."""
    audit_append(
        event=AUDIT_RECORDED,
        actor=actor,
        organisation=organisation,
        person=person,
        categories=categories,
        purpose="Myndighetens egen registrering",
        extra=extra,
    )


@dataclass
class RecordOutcome:
    """What :func:`record_store` did: the row, whether it was new, and the notices it caused."""

    instance: AgencyRecord
    created: bool
    notices: list[Notice] = field(default_factory=list)


@transaction.atomic
def record_store(
    *,
    actor: User | None,
    organisation: Organisation,
    kind: str,
    person: Person,
    values: Mapping[str, Any],
    external_id: str = "",
    source: str = AgencyRecord.Source.MANUAL,
    allow_same: bool = False,
    notify: bool = True,
) -> RecordOutcome:
    """Check and store one record of ``kind`` for ``person`` at ``organisation``.

    ``values`` are the kind's fields (typed, or strings as in a file). ``external_id`` is the
    agency's own id; a blank one gets a new unique id. With ``allow_same`` (imports), a record
    whose ``external_id`` exists with exactly the same values is left as it is (``created``
    False); otherwise an existing ``external_id`` or an identical record is an error.
    """
    agency = _agency_of(organisation, kind)
    raw = dict(values)
    raw["external_id"] = external_id or f"SV-{uuid.uuid4().hex[:16].upper()}"
    try:
        data = rec.parse_record(kind, raw, agency=agency, require_identity=False)
    except rec.RecordInvalid as exc:
        raise _invalid(exc) from None
    data = rec.RecordData(
        kind=kind,
        external_id=data.external_id,
        identity_number=person.identity_number,
        values=data.values,
        agency=agency,
    )
    model = model_for(kind)
    existing = (
        model._default_manager.select_related("person")
        .filter(organisation=organisation, external_id=data.external_id)
        .first()
    )
    if existing is not None:
        if allow_same and rec.same_values(data, existing):
            return RecordOutcome(existing, created=False)
        raise ValidationError(
            {"external_id": f"Det finns redan en post med id {data.external_id} hos {organisation.name}."}
        )
    problem = _duplicate_problem(kind, organisation, person, data)
    if problem:
        raise ValidationError(problem, code="duplicate")
    instance = model._default_manager.create(
        organisation=organisation, person=person, source=source, external_id=data.external_id, **dict(data.values)
    )
    _audit_recorded(
        actor=actor,
        organisation=organisation,
        person=person,
        categories=sorted({item.category for item in rec.record_items(data)}),
        extra={"kind": kind, "record_id": instance.pk, "external_id": data.external_id, "source": source},
    )
    notices = []
    if notify:
        notices = notices_for_record(
            actor=actor, organisation=organisation, person=person, data=data, instance=instance
        )
    return RecordOutcome(instance, created=True, notices=notices)


class RecordWriter:
    """``<kind>_record(actor=…, organisation=…, person=…, <the kind's fields>, external_id="")``.

    One manual record of one kind through :func:`record_store`; returns the stored row. The
    keyword arguments are the kind's fields (:data:`records.KIND_SPECS`): those the kind requires
    must be given and no others are taken (a :class:`TypeError`, as for a written-out signature,
    which :attr:`__signature__` shows); the others default to the kind's defaults.
    """

    def __init__(self, kind: str, doc: str) -> None:
        spec = rec.KIND_SPECS[kind]
        self.kind = kind
        self.__name__ = self.__qualname__ = f"{kind}_record"
        self.__doc__ = doc
        keyword = inspect.Parameter.KEYWORD_ONLY
        self.__signature__ = inspect.Signature(
            [
                *(inspect.Parameter(name, keyword) for name in ("actor", "organisation", "person")),
                *(inspect.Parameter(f.name, keyword, default=_default(f)) for f in spec.fields),
                inspect.Parameter("external_id", keyword, default=""),
            ],
            return_annotation=AgencyRecord,
        )

    def __call__(
        self, *, actor: User | None, organisation: Organisation, person: Person, external_id: str = "", **values: Any
    ) -> AgencyRecord:
        bound = self.__signature__.bind(
            actor=actor, organisation=organisation, person=person, external_id=external_id, **values
        )
        bound.apply_defaults()
        return record_store(
            actor=actor,
            organisation=organisation,
            kind=self.kind,
            person=person,
            values={name: bound.arguments[name] for name in rec.KIND_SPECS[self.kind].field_names},
            external_id=external_id,
        ).instance

    def __repr__(self) -> str:
        return f"<RecordWriter {self.__name__}>"


def _default(spec: rec.FieldSpec) -> Any:
    if spec.required:
        return inspect.Parameter.empty
    if spec.type in (rec.FieldType.BOOL, rec.FieldType.CHOICE):
        return spec.default
    return "" if spec.type is rec.FieldType.TEXT else None


benefit_application_record = RecordWriter("benefit_application", "FK/PM: that an application for a benefit was made.")
benefit_decision_record = RecordWriter(
    "benefit_decision", "FK/PM: a decision on a benefit, possibly with a retroactive amount and its payout date."
)
benefit_payment_record = RecordWriter("benefit_payment", "FK/PM: a payment of a benefit.")
jobseeker_registration_record = RecordWriter(
    "jobseeker_registration", "AF: registration as a job seeker, with category and a-kassa."
)
labour_market_programme_record = RecordWriter(
    "labour_market_programme", "AF: participation in a labour-market programme."
)
activity_report_record = RecordWriter("activity_report", "AF: an aktivitetsrapport that came in.")
establishment_allowance_decision_record = RecordWriter(
    "establishment_allowance_decision",
    "AF: a decision on etableringsersättning (entitlement, amount, period, extent, change).",
)
unemployment_fund_payment_record = RecordWriter(
    "unemployment_fund_payment", "A-kassa: a payment of arbetslöshetsersättning."
)
unemployment_fund_decision_record = RecordWriter(
    "unemployment_fund_decision", "A-kassa: a decision on arbetslöshetsersättning (period, dagpenning, extent)."
)


@transaction.atomic
def benefit_application_set_status(*, actor: User | None, application: Any, status: str) -> Any:
    """FK/PM: an application was decided or withdrawn."""
    if status not in dict(rec.APPLICATION_STATUSES):
        raise ValidationError({"status": "Välj en status i listan."})
    if application.status == status:
        raise ValidationError({"status": "Ansökan har redan den statusen."})
    application.status = status
    application.save(update_fields=["status"])
    _audit_recorded(
        actor=actor,
        organisation=application.organisation,
        person=application.person,
        categories=["application_submitted"],
        extra={"kind": "benefit_application", "record_id": application.pk, "status": status, "change": "status"},
    )
    return application


# --- Proactive notices ---------------------------------------------------------------------------


def active_assistance_cases(person: Person) -> list[Case]:
    """Every aktuellt ärende about ekonomiskt bistånd, at any socialnämnd, with the person in its household.

    Read by the agency's own service, never shown to the agency: it decides only whether a
    notice is due and to whom.
    """
    return list(
        Case.objects.filter(
            case_type="assistance",
            status=Case.Status.ACTIVE,
            members__person=person,
            organisation__org_type=OrganisationType.SOCIAL_SERVICES.value,
        )
        .select_related("organisation")
        .distinct()
        .order_by("pk")
    )


def notices_for_record(
    *,
    actor: User | None,
    organisation: Organisation,
    person: Person,
    data: rec.RecordData,
    instance: models.Model,
    on: dt.date | None = None,
) -> list[Notice]:
    """Write a pending notice per aktuellt ärende when the record is a reason to tell the nämnd.

    Must run inside the transaction that stored the record; delivery is enqueued on commit.
    """
    kind = rec.agency_event(data)
    if kind is None:
        return []
    day = on or clock.today()
    cases = active_assistance_cases(person)
    if not cases:
        return []
    retroactive = data.kind == "benefit_decision" and data.values.get("retroactive_amount") is not None
    decision = proactive_notice(
        AgencyEvent(
            discloser=organisation.type,
            kind=kind,
            on=day,
            active_assistance_case=True,
            household_member=True,
            retroactive=retroactive,
        )
    )
    if not decision.required:
        return []
    categories = set(decision.categories)
    if retroactive and "payment_date" in proactive_categories(organisation.type, on=day):
        # The payout day of a retroactive amount is what the nämnd needs to ask for återsökning in
        # time (SFB 107 kap. 5 §); it is a category the agency discloses on its own initiative.
        categories.add("payment_date")
    payload = [
        item.to_json()
        for item in [
            rec.identity_item(full_name=person.full_name, identity_number=person.identity_number, agency=data.agency),
            *rec.record_items(data),
        ]
        if item.category in categories
    ]
    created: list[Notice] = []
    for case in cases:
        notice, new = Notice.objects.get_or_create(
            record_kind=data.kind,
            record_id=instance.pk,
            case=case,
            defaults={
                "discloser": organisation,
                "recipient": case.organisation,
                "person": person,
                "event": kind.value,
                "event_date": day,
                "categories": sorted(categories),
                "urgent": decision.urgent,
                "explanation": decision.explanation,
                "payload": payload,
                "created_by": actor,
            },
        )
        if new:
            created.append(notice)
            transaction.on_commit(functools.partial(_enqueue_delivery, notice.pk))
    return created


def _enqueue_delivery(notice_id: int) -> None:
    from samverkan.registries.tasks import deliver_notice

    try:
        deliver_notice.enqueue(notice_id=notice_id)
    except Exception:  # the notice stays pending; `samverkan notices deliver` sends it later
        logger.exception("Kunde inte köa leverans av meddelande %s", notice_id)


class _AlreadyHandled(Exception):
    """Another worker changed the notice's status first; roll back this attempt."""


#: Called (after commit) with the id of a benefit decision whose proactive notice reached a
#: socialnämnd. Återsökning registers here (samverkan/reclaims/hooks.py), so the registries never
#: import the apps that build on them.
_DECISION_NOTICE_LISTENERS: list[Callable[[int], None]] = []


def on_decision_notice_delivered(listener: Callable[[int], None]) -> None:
    if listener not in _DECISION_NOTICE_LISTENERS:
        _DECISION_NOTICE_LISTENERS.append(listener)


def notice_deliver(*, notice_id: int) -> Notice | None:
    """Send one pending notice through the gate; exactly once, however often it is called.

    Returns the notice (delivered, withheld, or still pending after a failed attempt), or None
    when it does not exist. The gate call and the status change are one transaction: the row is
    locked (``select_for_update``) and changed only from ``pending`` (a conditional update), so a
    second worker finds it handled and the gate is not asked twice.
    """
    try:
        with transaction.atomic():
            notice = (
                Notice.objects.select_for_update(of=("self",))
                .select_related("discloser", "recipient", "person", "case", "created_by")
                .filter(pk=notice_id)
                .first()
            )
            if notice is None:
                return None
            if notice.status != Notice.Status.PENDING:
                return notice
            result = disclosure_proactive(
                discloser=notice.discloser,
                recipient=notice.recipient,
                person=notice.person,
                case=notice.case,
                categories=list(notice.categories),
                purpose=NOTICE_PURPOSE,
                actor=notice.created_by,
                on=notice.event_date,
            )
            released = sorted(result.released)
            payload = [rec.Item.from_json(entry) for entry in notice.payload]
            kept = result.redact([(item.category, item) for item in payload])
            items = []
            for category, item in kept:
                entry = item.to_json()
                entry["basis"] = result.basis_text(category)
                items.append(entry)
            status = Notice.Status.DELIVERED if items else Notice.Status.WITHHELD
            changed = Notice.objects.filter(pk=notice.pk, status=Notice.Status.PENDING).update(
                status=status,
                released_categories=released,
                items=items,
                payload=[],
                gate_request_id=getattr(result.request, "pk", None),
                delivered_at=clock.now(),
                attempts=models.F("attempts") + 1,
                last_error="",
            )
            if changed != 1:
                raise _AlreadyHandled
            if status == Notice.Status.DELIVERED and notice.record_kind == "benefit_decision":
                for listener in _DECISION_NOTICE_LISTENERS:
                    transaction.on_commit(functools.partial(listener, notice.record_id))
    except _AlreadyHandled:
        return Notice.objects.get(pk=notice_id)
    except Exception as exc:
        logger.exception("Leverans av meddelande %s misslyckades", notice_id)
        Notice.objects.filter(pk=notice_id, status=Notice.Status.PENDING).update(
            attempts=models.F("attempts") + 1, last_error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        return Notice.objects.filter(pk=notice_id).first()
    notice.refresh_from_db()
    return notice


def notices_deliver_pending(*, limit: int | None = None) -> list[Notice]:
    """Deliver every pending notice, oldest first (the command and the periodic run)."""
    ids = list(
        Notice.objects.filter(status=Notice.Status.PENDING).order_by("created_at", "pk").values_list("pk", flat=True)
    )
    if limit is not None:
        ids = ids[:limit]
    delivered = []
    for pk in ids:
        notice = notice_deliver(notice_id=pk)
        if notice is not None:
            delivered.append(notice)
    return delivered


@transaction.atomic
def notice_mark_read(*, notice: Notice, user: User) -> Notice:
    """The socialnämnd has read the notice (first reader and time are kept)."""
    if notice.read_at is None:
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=clock.now(), read_by=user)
        notice.refresh_from_db(fields=["read_at", "read_by"])
    return notice


# --- Bulk loading (sandbox seeding and file import) ----------------------------------------------


@dataclass
class ImportSummary:
    created: int = 0
    unchanged: int = 0
    notices: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)


def records_store_many(
    *,
    actor: User | None,
    organisation: Organisation,
    rows: Iterable[rec.RecordData],
    source: str,
    persons: Mapping[str, Person],
) -> ImportSummary:
    """Store already-checked records in the caller's transaction (idempotent by ``external_id``)."""
    summary = ImportSummary()
    for data in rows:
        outcome = record_store(
            actor=actor,
            organisation=organisation,
            kind=data.kind,
            person=persons[data.identity_number],
            values=data.values,
            external_id=data.external_id,
            source=source,
            allow_same=True,
        )
        if outcome.created:
            summary.created += 1
            summary.by_kind[data.kind] = summary.by_kind.get(data.kind, 0) + 1
            summary.notices += len(outcome.notices)
        else:
            summary.unchanged += 1
    return summary


@transaction.atomic
def records_seed(
    *,
    organisation: Organisation,
    rows: Iterable[rec.RecordData],
    persons: Mapping[str, Person],
    source: str = AgencyRecord.Source.SANDBOX,
) -> dict[str, list[AgencyRecord]]:
    """Load an agency's existing records in bulk (the sandbox's demo data); idempotent by ``external_id``.

    The records are the agency's history, not new events: no notices are sent. One audit entry
    (``registry.imported``) records the load. Returns the rows created, by kind.
    """
    by_kind: dict[str, list[rec.RecordData]] = {}
    for data in rows:
        by_kind.setdefault(data.kind, []).append(data)
    created: dict[str, list[AgencyRecord]] = {}
    for kind, items in by_kind.items():
        spec = rec.KIND_SPECS[kind]
        if not spec.kept_by(organisation.org_type):
            raise ValidationError(f"{spec.label} registreras inte hos {organisation.name}.")
        model = model_for(kind)
        existing = set(
            model._default_manager.filter(
                organisation=organisation, external_id__in=[d.external_id for d in items]
            ).values_list("external_id", flat=True)
        )
        new = [
            model(
                organisation=organisation,
                person=persons[d.identity_number],
                source=source,
                external_id=d.external_id,
                **dict(d.values),
            )
            for d in items
            if d.external_id not in existing
        ]
        if new:
            created[kind] = model._default_manager.bulk_create(new)
    total = sum(len(v) for v in created.values())
    if total:
        audit_append(
            event="registry.imported",
            actor=None,
            organisation=organisation,
            purpose="Myndighetens befintliga register läses in",
            extra={"source": source, "created": total, "by_kind": {k: len(v) for k, v in sorted(created.items())}},
        )
    return created
