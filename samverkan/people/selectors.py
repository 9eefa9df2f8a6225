"""Reads of persons, always scoped to what the official's organisation may see."""

from __future__ import annotations

import contextlib

from django.db.models import Q, QuerySet

from samverkan.accounts.models import Organisation
from samverkan.core import clock
from samverkan.domain.identity import InvalidIdentityNumber, normalize_identity_number
from samverkan.people.models import Person


def persons_visible_to(organisation: Organisation) -> QuerySet[Person]:
    """Persons who are members of at least one case of the organisation (of the own unit, when the request is
    bounded to it: ``accounts.access.scope_to_unit``)."""
    found = Person.objects.filter(case_memberships__case__organisation=organisation)
    unit_id = getattr(organisation, "unit_scope", None)
    if unit_id is not None:
        found = found.filter(case_memberships__case__unit_id=unit_id)
    return found.distinct()


def person_search(*, organisation: Organisation, query: str, limit: int = 50) -> QuerySet[Person]:
    """Search by identity number (any accepted form) or by name, within the own organisation."""
    query = (query or "").strip()
    persons = persons_visible_to(organisation)
    if not query:
        return persons.none()
    digits = "".join(c for c in query if c.isdigit())
    if len(digits) in (10, 12):
        try:
            return persons.filter(identity_number=normalize_identity_number(query, on=clock.today()))
        except InvalidIdentityNumber:
            return persons.none()
    condition = Q()
    for term in query.split():
        condition &= Q(first_name__icontains=term) | Q(last_name__icontains=term)
    return persons.filter(condition).order_by("last_name", "first_name")[:limit]


def person_matches(text: str, *, path: str = "person__") -> Q:
    """A list's search by the person: an identity number in any accepted spelling, or any word of the name.

    ``path`` leads from the rows searched to the person (``"person__"``, ``"request__person__"``). An empty
    ``Q()`` matches nothing here only if the caller adds nothing else; callers OR it with their own numbers.
    """
    matches = Q(pk__in=[])
    digits = "".join(c for c in text if c.isdigit())
    if len(digits) in (10, 12):
        with contextlib.suppress(InvalidIdentityNumber):
            matches |= Q(**{f"{path}identity_number": normalize_identity_number(text, on=clock.today())})
    for word in text.split():
        if not word.isdigit():
            matches |= Q(**{f"{path}first_name__icontains": word}) | Q(**{f"{path}last_name__icontains": word})
    return matches
