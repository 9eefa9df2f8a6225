"""Writes of the oversight app: marking a finding reviewed, linking an official's person record,
and logging what a security officer looked at. Each write records its audit entry in the same
transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from samverkan.accounts.models import Organisation, User
from samverkan.core.clock import now
from samverkan.disclosures.audit import audit_append
from samverkan.domain import log_review as rules
from samverkan.domain.organisations import Role
from samverkan.domain.pii import find_identity_numbers
from samverkan.people.models import Person
from samverkan.reports import selectors
from samverkan.reports.models import OfficialPerson, ReviewMark


def _security_officer_organisation(user: User) -> Organisation:
    organisation = user.organisation
    if organisation is None or not user.has_role(Role.SECURITY_OFFICER):
        raise ValidationError("Bara organisationens informationssäkerhetsansvariga granskar loggen.")
    return organisation


@transaction.atomic
def finding_mark_reviewed(*, reviewer: User, key: str, note: str, period: selectors.Period | None = None) -> ReviewMark:
    """Mark one finding of the reviewer's organisation as reviewed, with a note; audited ``logreview.marked``.

    The finding is detected again from the log (it must exist, in the reviewer's scope); a
    finding is marked once. ``period`` is the report's period (see :func:`selectors.finding_by_key`).
    """
    organisation = _security_officer_organisation(reviewer)
    text = (note or "").strip()
    if not text:
        raise ValidationError({"note": "Skriv vad granskningen visade."}, code="required")
    if len(text) > rules.NOTE_MAX_LENGTH:
        raise ValidationError({"note": f"Anteckningen får vara högst {rules.NOTE_MAX_LENGTH} tecken."}, code="length")
    if find_identity_numbers(text):
        raise ValidationError(
            {"note": "Skriv inte person- eller samordningsnummer i anteckningen; fyndet pekar redan ut personen."},
            code="personal_data",
        )
    finding = selectors.finding_by_key(organisation, key, period=period)
    if finding is None:
        raise ValidationError("Fyndet finns inte (längre) i er logg. Ladda om rapporten.", code="not_found")
    if finding.mark is not None:
        raise ValidationError(
            f"Fyndet är redan granskat av {finding.mark.reviewed_by.get_full_name()}.", code="already_marked"
        )
    try:
        with transaction.atomic():
            mark = ReviewMark.objects.create(
                organisation=organisation,
                kind=finding.kind.value,
                key=finding.key,
                note=text,
                reviewed_by=reviewer,
                reviewed_at=now(),
                official=finding.official,
                person=finding.person,
                audit_entry=finding.entry,
                day=finding.day,
            )
    except IntegrityError as exc:  # marked by someone else at the same moment
        raise ValidationError("Fyndet har just granskats av någon annan.", code="already_marked") from exc
    audit_append(
        event=rules.MARKED_EVENT,
        actor=reviewer,
        organisation=organisation,
        person=finding.person,
        purpose="Logggranskning",
        extra={
            "finding": finding.key,
            "kind": finding.kind.value,
            "official_id": finding.official.pk if finding.official is not None else None,
            "audit_entry_id": finding.entry.pk if finding.entry is not None else None,
            "review_mark_id": mark.pk,
            "note": text,
        },
    )
    return mark


@transaction.atomic
def logreview_access_record(
    *, officer: User, action: str, person: Person | None = None, filters: Mapping[str, Any] | None = None
) -> None:
    """Log that a security officer searched the log for a person or exported it (reads of personal data are logged)."""
    if action not in {"searched", "exported"}:
        raise ValueError(f"unknown log-review action {action!r}")
    organisation = _security_officer_organisation(officer)
    audit_append(
        event=f"logreview.{action}",
        actor=officer,
        organisation=organisation,
        person=person,
        purpose="Logggranskning",
        extra={k: v for k, v in (filters or {}).items() if v not in (None, "")},
    )


@transaction.atomic
def official_person_link(*, linked_by: User, official: User, person: Person) -> OfficialPerson:
    """Record that ``person`` is ``official``'s own person record (for the colleague report); audited."""
    organisation = _security_officer_organisation(linked_by)
    if official.organisation != organisation:
        raise ValidationError({"official": "Handläggaren hör inte till din organisation."})
    link, _ = OfficialPerson.objects.update_or_create(
        official=official, defaults={"person": person, "linked_by": linked_by, "linked_at": now()}
    )
    audit_append(
        event="logreview.official_linked",
        actor=linked_by,
        organisation=organisation,
        person=person,
        purpose="Logggranskning: handläggarens egen personpost",
        extra={"official_id": official.pk},
    )
    return link


NO_PERSON_RECORD = (
    "Ingen person med det numret finns i Samverkan. Då kan ingen heller slå upp handläggaren, "
    "och någon koppling behövs inte."
)


def official_person_link_by_number(*, linked_by: User, official: User, identity_number: str) -> OfficialPerson:
    """:func:`official_person_link` for the person with ``identity_number`` (already normalised)."""
    person = Person.objects.filter(identity_number=identity_number).first()
    if person is None:
        raise ValidationError({"identity_number": NO_PERSON_RECORD})
    return official_person_link(linked_by=linked_by, official=official, person=person)


@transaction.atomic
def official_person_unlink(*, unlinked_by: User, official: User) -> bool:
    """Remove ``official``'s link to a person record (the colleague report falls back to names); audited.

    Returns False when there was no link (nothing changes, nothing is logged).
    """
    organisation = _security_officer_organisation(unlinked_by)
    if official.organisation != organisation:
        raise ValidationError({"official": "Handläggaren hör inte till din organisation."})
    link = OfficialPerson.objects.select_for_update().filter(official=official).first()
    if link is None:
        return False
    person = link.person
    link.delete()
    audit_append(
        event="logreview.official_unlinked",
        actor=unlinked_by,
        organisation=organisation,
        person=person,
        purpose="Logggranskning: handläggarens egen personpost",
        extra={"official_id": official.pk},
    )
    return True


def period_from(start: dt.date | None, end: dt.date | None) -> selectors.Period | None:
    if start is None or end is None or end < start:
        return None
    return selectors.Period(start, end)
