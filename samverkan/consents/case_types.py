"""The kind of ärende at the recipient a consent is given for (docs/domain.md §4, OSL 12 kap. 2 §).

A consent lifts secrecy only for the purpose it was given for, so every consent names the kind of
ärende at the RECIPIENT (``Consent.case_type``); the gate counts it only for a request made in an
ärende of that kind. The choices offered for a recipient are its organisation type's case types
(:data:`~samverkan.domain.organisations.CASE_TYPES_BY_ORGANISATION_TYPE`).

:func:`infer_case_type` gives a case type to a consent registered before the field existed
(data migration ``consents.0002_consent_case_type``):

1. the consent's ``case`` when that case is at the recipient: its case type;
2. a recipient type with exactly one case type (PM → ``pension``, AF → ``jobseeker``, a-kassa →
   ``unemployment``, vård → ``sick_leave``, arbetsgivare → ``return_to_work``): that one;
3. a socialnämnd: ``assistance`` when the purpose speaks of ekonomiskt bistånd or försörjningsstöd,
   else ``social_other``;
4. Försäkringskassan: ``rehab_coordination`` when the purpose speaks of rehabilitering or samordning,
   ``sickness`` when it speaks of sjukpenning, sjukskrivning or arbetsförmåga, else ``benefit``;
5. a samordningsförbund has no ärenden: ``""`` (such a consent never counts anyway).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from samverkan.domain.organisations import CASE_TYPES_BY_ORGANISATION_TYPE, CaseType, OrganisationType

_ASSISTANCE = re.compile(r"ekonomiskt?\s+bistånd|försörjningsstöd", re.IGNORECASE)
_REHAB = re.compile(r"rehabilit|samordning", re.IGNORECASE)
_SICKNESS = re.compile(r"sjukpenning|sjukskriv|arbetsförmåga", re.IGNORECASE)


def case_types_of(organisation_type: str) -> list[CaseType]:
    """The kinds of ärende an organisation type handles, in the order of :class:`CaseType`."""
    try:
        kinds = CASE_TYPES_BY_ORGANISATION_TYPE[OrganisationType(organisation_type)]
    except ValueError:
        return []
    return [c for c in CaseType if c in kinds]


def case_type_choices(organisation_type: str) -> list[tuple[str, str]]:
    """Choices for a form: the recipient organisation type's kinds of ärende."""
    return [(c.value, c.label) for c in case_types_of(organisation_type)]


def infer_case_type(
    *, recipient_type: str, purpose: str, case_type: str | None = None, case_at_recipient: bool = False
) -> str:
    """The case type an existing consent was most likely given for (see the module docstring)."""
    kinds = case_types_of(recipient_type)
    if case_type and case_at_recipient and case_type in {k.value for k in kinds}:
        return case_type
    if len(kinds) == 1:
        return kinds[0].value
    text = purpose or ""
    if recipient_type == OrganisationType.SOCIAL_SERVICES.value:
        return (CaseType.ASSISTANCE if _ASSISTANCE.search(text) else CaseType.SOCIAL_OTHER).value
    if recipient_type == OrganisationType.FK.value:
        if _REHAB.search(text):
            return CaseType.REHAB_COORDINATION.value
        if _SICKNESS.search(text):
            return CaseType.SICKNESS.value
        return CaseType.BENEFIT.value
    return ""


def grouped_case_type_choices(organisation_types: Iterable[str]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Choices for a form where the recipient is chosen beside it: each recipient type's kinds of ärende,
    grouped under the type's name (the form checks that the kind chosen is one of the recipient's)."""
    present = set(organisation_types)
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    for org_type in OrganisationType:
        choices = case_type_choices(org_type.value)
        if org_type.value in present and choices:
            groups.append((org_type.label, choices))
    return groups


def case_type_problem(recipient_type: str, recipient_name: str, case_type: str) -> str | None:
    """Swedish text when ``case_type`` is not one of the recipient's kinds of ärende (None when it is)."""
    kinds = case_types_of(recipient_type)
    if case_type in {k.value for k in kinds}:
        return None
    offered = ", ".join(f"”{k.label}”" for k in kinds) or "inga"
    return f"{recipient_name} handlägger inte ärenden av det slaget. Välj ett av mottagarens slags ärenden: {offered}."
