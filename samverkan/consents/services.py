"""Writes of the consent registry. Each one is a transaction that records its audit entry.

The disclosing organisation obtains and checks a consent itself (docs/domain.md §4), so every
write is made by an official of ``consent.discloser`` (or by the person, for a request or a
withdrawal). What makes a consent valid is decided by :func:`samverkan.domain.consent.validate_consent`;
its Swedish errors come back as ValidationErrors naming the form field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from samverkan.accounts.models import Organisation, User
from samverkan.cases.models import Case
from samverkan.consents.case_types import case_type_problem
from samverkan.consents.models import Consent
from samverkan.core.clock import today
from samverkan.core.validation import CONSENT_END, CONSENT_START, HAPPENED
from samverkan.disclosures.audit import audit_append
from samverkan.disclosures.validation import parse_day, validation_error
from samverkan.domain.consent import ConsentDraft, validate_consent
from samverkan.domain.errors import DomainError
from samverkan.people.models import Person
from samverkan.people.selectors import persons_visible_to

#: Domain field → form field.
_FIELDS = {
    "taken_by": "taken_by_name",
    "recipient_organisation": "recipient",
    "discloser_organisation": "recipient",
    "subject_birth_date": "identity_number",
}


def _organisation_of(user: User, field: str | None = None) -> Organisation:
    organisation = user.organisation
    if organisation is None:
        message = "Ditt konto hör inte till någon organisation."
        raise ValidationError({field: message} if field else message)
    return organisation


def _is_minor(person: Person, on: dt.date) -> bool:
    b = person.birth_date
    return on.year - b.year - ((on.month, on.day) < (b.month, b.day)) < 18


def _check_dates(*, valid_from: dt.date | None, valid_to: dt.date | None, taken_on: dt.date | None) -> None:
    """Each date within its plausible range, all refused at once (before the rules, which would
    otherwise judge a consent from 1800 as one for a child)."""
    errors: dict[str, str] = {}
    for field, value, allowed in (
        ("valid_from", valid_from, CONSENT_START),
        ("valid_to", valid_to, CONSENT_END),
        ("taken_on", taken_on, HAPPENED),
    ):
        if value is not None and (problem := allowed.problem(value)) is not None:
            errors[field] = problem
    if errors:
        raise ValidationError(errors, code="date_range")


def _validate(
    *,
    discloser: Organisation,
    recipient: Organisation,
    person: Person,
    categories: Sequence[str],
    purpose: str,
    valid_from: dt.date | None,
    valid_to: dt.date | None,
    form: str,
    taken_by_name: str,
    taken_on: dt.date | None,
    guardians_total: int,
    guardians_consenting: Sequence[str],
    given_by: str = Consent.GivenBy.PERSON,
    child_view: str = "",
    child_agrees: bool | None = None,
) -> None:
    if isinstance(categories, str):
        raise ValidationError({"categories": "Ange uppgiftskategorierna som en lista."})
    _check_dates(valid_from=valid_from, valid_to=valid_to, taken_on=taken_on)
    if recipient.pk == discloser.pk:
        raise ValidationError(
            {"recipient": "Mottagaren måste vara en annan organisation än den som lämnar ut uppgifterna."}
        )
    draft = ConsentDraft(
        discloser=discloser.org_type,
        recipient=recipient.org_type,
        categories=tuple(str(c) for c in categories),
        purpose=purpose,
        valid_from=valid_from,
        valid_to=valid_to,
        form=form,
        taken_by=taken_by_name,
        taken_on=taken_on,
        discloser_organisation=discloser.code,
        recipient_organisation=recipient.code,
        subject_is_minor=_is_minor(person, valid_from or today()),
        guardians_total=guardians_total,
        guardians_consenting=tuple(guardians_consenting),
        given_by=given_by,
        subject_birth_date=person.birth_date,
        child_view=child_view,
        child_agrees=child_agrees,
    )
    try:
        validate_consent(draft)
    except DomainError as exc:
        raise validation_error(exc, _FIELDS) from exc


def _case_type_for(recipient: Organisation, case_type: object) -> str:
    """The kind of ärende at ``recipient`` the consent is given for: required, and one the recipient handles."""
    value = str(case_type or "").strip()
    if not value:
        raise ValidationError(
            {
                "case_type": "Ange vilket slags ärende hos mottagaren samtycket gäller. Ett samtycke häver sekretessen "
                "bara för det ändamål det lämnades för (12 kap. 2 § offentlighets- och sekretesslagen)."
            },
            code="required",
        )
    problem = case_type_problem(recipient.org_type, recipient.name, value)
    if problem is not None:
        raise ValidationError({"case_type": problem}, code="invalid_choice")
    return value


def _require_person_known(person: Person, organisation: Organisation) -> None:
    if not persons_visible_to(organisation).filter(pk=person.pk).exists():
        raise ValidationError(
            {
                "identity_number": f"Personen finns inte i något ärende hos {organisation.name}. Samtycket "
                "registreras av den organisation som ska lämna ut uppgifterna och har ett ärende om personen."
            }
        )


def _audit(event: str, consent: Consent, actor: User | None, **extra: object) -> None:
    audit_append(
        event=event,
        actor=actor,
        organisation=consent.discloser,
        recipient=consent.recipient,
        person=consent.person,
        categories=consent.categories,
        basis="consent",
        purpose=consent.purpose,
        extra={
            "consent_id": consent.pk,
            "case_type": consent.case_type,
            "status": consent.status,
            "form": consent.form,
            "valid_from": consent.valid_from,
            "valid_to": consent.valid_to,
            **extra,
        },
    )


@dataclass(frozen=True)
class _Registration:
    """A registration's input once checked: the parsed days and the stripped texts."""

    valid_from: dt.date | None
    valid_to: dt.date | None
    taken_on: dt.date | None
    purpose: str
    taken_by_name: str
    child_view: str


def _checked_registration(
    *,
    discloser: Organisation,
    person: Person,
    recipient: Organisation,
    case: Case | None,
    categories: Sequence[str],
    purpose: str,
    valid_from: dt.date | str | None,
    valid_to: dt.date | str | None,
    form: str,
    taken_by_name: str,
    taken_on: dt.date | str | None,
    guardians_total: int,
    guardians_consenting: Sequence[str],
    given_by: str,
    child_view: str,
    child_agrees: bool | None,
) -> _Registration:
    """The checks of :func:`consent_register`, in order: the person, the case, the days, then the consent itself."""
    _require_person_known(person, discloser)
    if case is not None and (case.organisation_id != discloser.pk or not case.members.filter(person=person).exists()):
        raise ValidationError({"case": "Ärendet hör inte till din organisation eller gäller inte personen."})
    start = parse_day(valid_from, "valid_from", required=True)
    end = parse_day(valid_to, "valid_to")
    given = parse_day(taken_on, "taken_on")
    purpose = (purpose or "").strip()
    taken_by_name = (taken_by_name or "").strip()
    child_view = (child_view or "").strip()
    _validate(
        discloser=discloser,
        recipient=recipient,
        person=person,
        categories=categories,
        purpose=purpose,
        valid_from=start,
        valid_to=end,
        form=form,
        taken_by_name=taken_by_name,
        taken_on=given,
        guardians_total=guardians_total,
        guardians_consenting=guardians_consenting,
        given_by=given_by,
        child_view=child_view,
        child_agrees=child_agrees,
    )
    return _Registration(start, end, given, purpose, taken_by_name, child_view)


@transaction.atomic
def consent_register(
    *,
    registered_by: User,
    person: Person,
    recipient: Organisation,
    categories: Sequence[str],
    purpose: str,
    valid_from: dt.date | str | None,
    valid_to: dt.date | str | None,
    form: str,
    case_type: str | None = None,
    taken_by_name: str = "",
    taken_on: dt.date | str | None = None,
    case: Case | None = None,
    guardians_total: int = 0,
    guardians_consenting: Sequence[str] = (),
    given_by: str = Consent.GivenBy.PERSON,
    child_view: str = "",
    child_agrees: bool | None = None,
) -> Consent:
    """Register a consent the official's organisation has obtained (it will disclose on it).

    ``case_type`` is the kind of ärende at the recipient the consent is given for (required, one of
    the recipient's kinds): the gate counts the consent only for requests made in such an ärende.
    ``given_by`` is who gave it: the person, or for a child under 15 the guardians, with the view of a
    child of 12–14 in ``child_view``/``child_agrees`` (OSL 12 kap. 3 §, FB 6 kap. 11 §; ADR 0009).
    """
    discloser = _organisation_of(registered_by)
    checked = _checked_registration(
        discloser=discloser,
        person=person,
        recipient=recipient,
        case=case,
        categories=categories,
        purpose=purpose,
        valid_from=valid_from,
        valid_to=valid_to,
        form=form,
        taken_by_name=taken_by_name,
        taken_on=taken_on,
        guardians_total=guardians_total,
        guardians_consenting=guardians_consenting,
        given_by=given_by,
        child_view=child_view,
        child_agrees=child_agrees,
    )
    kind = _case_type_for(recipient, case_type)
    start, end = checked.valid_from, checked.valid_to
    assert start is not None and end is not None
    consent = Consent.objects.create(
        person=person,
        discloser=discloser,
        recipient=recipient,
        categories=sorted(set(categories)),
        purpose=checked.purpose,
        case_type=kind,
        case=case,
        valid_from=start,
        valid_to=end,
        form=form,
        taken_by=registered_by,
        taken_by_name=checked.taken_by_name or registered_by.get_full_name() or registered_by.username,
        taken_on=checked.taken_on or (start if form == Consent.Form.WRITTEN else None),
        guardians_consenting=[g.strip() for g in guardians_consenting if g.strip()],
        given_by=given_by,
        child_view=checked.child_view,
        child_agrees=child_agrees,
        status=Consent.Status.ACTIVE,
        created_by=registered_by,
    )
    _audit(
        "consent.registered",
        consent,
        registered_by,
        case_id=case.pk if case else None,
        given_by=consent.given_by,
        child_agrees=consent.child_agrees,
    )
    return consent


@transaction.atomic
def consent_withdraw(
    *,
    consent: Consent,
    withdrawn_by_user: User | None = None,
    withdrawn_by_person: Person | None = None,
    on: dt.date | str | None = None,
) -> Consent:
    """Withdraw a consent: it counts for no disclosure from ``on`` (today) onwards."""
    if (withdrawn_by_user is None) == (withdrawn_by_person is None):
        raise ValidationError("Ange vem som återkallar samtycket: en handläggare eller personen själv.")
    locked = Consent.objects.select_for_update().select_related("discloser", "recipient", "person").get(pk=consent.pk)
    if withdrawn_by_user is not None and withdrawn_by_user.organisation != locked.discloser:
        raise ValidationError(
            f"Bara {locked.discloser.name}, som har registrerat samtycket, kan registrera att det återkallas."
        )
    if withdrawn_by_person is not None and withdrawn_by_person.pk != locked.person_id:
        raise ValidationError("Bara personen som samtycket gäller kan återkalla det själv.")
    if not locked.is_withdrawable:
        raise ValidationError(f"Samtycket kan inte återkallas: det är {locked.get_status_display().lower()}.")
    day = parse_day(on, "withdrawn_on") or today()
    locked.status = Consent.Status.WITHDRAWN
    locked.withdrawn_on = day
    locked.withdrawn_by_user = withdrawn_by_user
    locked.withdrawn_by_person = withdrawn_by_person is not None
    locked.save(update_fields=["status", "withdrawn_on", "withdrawn_by_user", "withdrawn_by_person", "updated_at"])
    _audit(
        "consent.withdrawn",
        locked,
        withdrawn_by_user,
        withdrawn_on=day,
        withdrawn_by="person" if withdrawn_by_person is not None else "official",
    )
    return locked


@transaction.atomic
def consent_request_by_person(
    *,
    person: Person,
    discloser: Organisation,
    recipient: Organisation,
    categories: Sequence[str],
    purpose: str,
    valid_to: dt.date | str | None,
    case_type: str | None = None,
    on: dt.date | None = None,
) -> Consent:
    """The person asks ``discloser`` to register a consent (e.g. in the portal); status ``requested``.

    It is not a basis for anything until an official of ``discloser`` confirms it
    (:func:`consent_confirm`): the disclosing organisation checks consent itself. It would
    apply from ``on`` (today).
    """
    start = on or today()
    end = parse_day(valid_to, "valid_to")
    purpose = (purpose or "").strip()
    _validate(
        discloser=discloser,
        recipient=recipient,
        person=person,
        categories=categories,
        purpose=purpose,
        valid_from=start,
        valid_to=end,
        form=Consent.Form.WRITTEN,
        taken_by_name="",
        taken_on=start,
        guardians_total=0,
        guardians_consenting=(),
    )
    kind = _case_type_for(recipient, case_type)
    assert end is not None
    consent = Consent.objects.create(
        person=person,
        discloser=discloser,
        recipient=recipient,
        categories=sorted(set(categories)),
        purpose=purpose,
        case_type=kind,
        valid_from=start,
        valid_to=end,
        form=Consent.Form.WRITTEN,
        taken_on=start,
        status=Consent.Status.REQUESTED,
    )
    _audit("consent.requested", consent, None)
    return consent


@transaction.atomic
def consent_confirm(*, consent: Consent, confirmed_by: User, form: str, taken_on: dt.date | str | None) -> Consent:
    """An official of the disclosing organisation checks a person's request and registers the consent."""
    locked = Consent.objects.select_for_update().select_related("discloser", "recipient", "person").get(pk=consent.pk)
    if confirmed_by.organisation != locked.discloser:
        raise ValidationError(f"Bara {locked.discloser.name} kan bekräfta samtycket.")
    if locked.status != Consent.Status.REQUESTED:
        raise ValidationError(f"Samtycket kan inte bekräftas: det är {locked.get_status_display().lower()}.")
    given = parse_day(taken_on, "taken_on", required=True)
    assert given is not None
    _case_type_for(locked.recipient, locked.case_type)
    start = max(locked.valid_from, given)
    name = confirmed_by.get_full_name() or confirmed_by.username
    _validate(
        discloser=locked.discloser,
        recipient=locked.recipient,
        person=locked.person,
        categories=locked.categories,
        purpose=locked.purpose,
        valid_from=start,
        valid_to=locked.valid_to,
        form=form,
        taken_by_name=name,
        taken_on=given,
        guardians_total=0,
        guardians_consenting=(),
    )
    locked.status = Consent.Status.ACTIVE
    locked.form = form
    locked.valid_from = start
    locked.taken_on = given
    locked.taken_by = confirmed_by
    locked.taken_by_name = name
    locked.created_by = confirmed_by
    locked.save()
    _audit("consent.confirmed", locked, confirmed_by)
    return locked


@transaction.atomic
def consent_reject(*, consent: Consent, rejected_by: User, reason: str) -> Consent:
    """Refuse to register a person's request (e.g. it could not be confirmed); the reason is kept."""
    locked = Consent.objects.select_for_update().select_related("discloser", "recipient", "person").get(pk=consent.pk)
    if rejected_by.organisation != locked.discloser:
        raise ValidationError(f"Bara {locked.discloser.name} kan avvisa begäran.")
    if locked.status != Consent.Status.REQUESTED:
        raise ValidationError(f"Begäran kan inte avvisas: samtycket är {locked.get_status_display().lower()}.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Skriv varför begäran avvisas."})
    locked.status = Consent.Status.REJECTED
    locked.rejection_reason = reason
    locked.save(update_fields=["status", "rejection_reason", "updated_at"])
    _audit("consent.rejected", locked, rejected_by)
    return locked
