"""Reads of cases, scoped to the official's organisation."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from samverkan.accounts.models import Organisation, User
from samverkan.cases.models import Case, CaseQuerySet, JournalEntry, JournalEntryQuerySet
from samverkan.core import clock
from samverkan.domain.identity import InvalidIdentityNumber, normalize_identity_number
from samverkan.people.models import Person


def cases_for_organisation(organisation: Organisation) -> CaseQuerySet:
    return Case.objects.for_organisation(organisation).select_related("subject", "unit", "responsible")


def _case_rows(organisation: Organisation) -> CaseQuerySet:
    """The organisation's cases as the lists show them (``cases/_case_table.html``): with the person and the
    responsible official, without the unit, which no list shows."""
    return Case.objects.for_organisation(organisation).select_related("subject", "responsible")


def my_cases(*, user: User, organisation: Organisation) -> CaseQuerySet:
    """ "Mina ärenden": the active cases the official is responsible for."""
    return _case_rows(organisation).active().filter(responsible=user)


def case_search(
    *,
    organisation: Organisation,
    user: User,
    query: str = "",
    status: str = "active",
    mine: bool = False,
    case_type: str = "",
) -> CaseQuerySet:
    """The organisation's cases, filtered: reference, person name or identity number; status; own; type."""
    cases = _case_rows(organisation)
    if status in Case.Status.values:
        cases = cases.filter(status=status)
    if mine:
        cases = cases.filter(responsible=user)
    if case_type:
        cases = cases.filter(case_type=case_type)
    text = (query or "").strip()
    if text:
        digits = "".join(c for c in text if c.isdigit())
        if len(digits) in (10, 12) and not any(c.isalpha() for c in text):
            try:
                number = normalize_identity_number(text, on=clock.today())
            except InvalidIdentityNumber:
                return cases.none()
            return cases.filter(members__person__identity_number=number).distinct().order_by("-opened_on", "-pk")
        condition = Q()
        for term in text.split():
            condition &= (
                Q(reference__icontains=term)
                | Q(subject__first_name__icontains=term)
                | Q(subject__last_name__icontains=term)
            )
        cases = cases.filter(condition)
    return cases.order_by("-opened_on", "-pk")


def unit_cases(*, organisation: Organisation, unit_id: int, status: str | None = Case.Status.ACTIVE) -> QuerySet[Case]:
    qs = cases_for_organisation(organisation).filter(unit_id=unit_id)
    return qs.filter(status=status) if status else qs


def cases_of_person(*, organisation: Organisation, person: Person) -> QuerySet[Case]:
    return cases_for_organisation(organisation).filter(members__person=person).distinct()


def household_members(case: Case) -> list[Person]:
    return [m.person for m in case.members.select_related("person").order_by("relation", "person__birth_date")]


def active_assistance_case_for(*, organisation: Organisation, person: Person) -> Case | None:
    """The aktuellt ärende about ekonomiskt bistånd in which the person is a household member."""
    return (
        cases_for_organisation(organisation)
        .active()
        .filter(case_type="assistance", members__person=person)
        .order_by("-opened_on")
        .first()
    )


def journal_for_case(case: Case) -> JournalEntryQuerySet:
    """The case's journal, newest first, with who wrote and who struck out each entry."""
    return JournalEntry.objects.filter(case=case).select_related("written_by", "voided_by", "corrects").newest_first()


def journal_entry_in(*, organisation: Organisation, case_id: int, entry_id: int) -> JournalEntry:
    """One entry of a case of the organisation (``JournalEntry.DoesNotExist`` for any other)."""
    return JournalEntry.objects.select_related("case", "written_by").get(
        pk=entry_id, case_id=case_id, case__in=Case.objects.for_organisation(organisation)
    )
