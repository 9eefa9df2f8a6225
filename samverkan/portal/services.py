"""Writes made from Mina sidor. Each is a transaction that records its audit entry.

The person acts on their own behalf (the audit entry has no official as actor): withdrawing a
consent (effective at once for every later disclosure, OSL 12 kap. 2 §), asking an agency to
register a new consent (the agency still obtains and checks it itself, docs/domain.md §4), and
logging in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from samverkan.accounts.models import Organisation, User
from samverkan.consents.models import Consent
from samverkan.consents.services import consent_request_by_person, consent_withdraw
from samverkan.core.clock import now
from samverkan.disclosures.audit import audit_append
from samverkan.people.models import Person
from samverkan.portal.access import POLICY_ROLES
from samverkan.portal.models import PortalPolicy

LOGIN_METHODS = ("oidc", "demo")
#: Who decides an organisation's policy for Mina sidor.


@transaction.atomic
def portal_login_record(*, person: Person, method: str) -> None:
    """Record that the person logged in to Mina sidor (``method``: ``oidc`` or ``demo``)."""
    if method not in LOGIN_METHODS:
        raise ValueError(f"unknown login method {method!r}")
    audit_append(event="portal.login", actor=None, organisation=None, person=person, extra={"method": method})


@transaction.atomic
def portal_consent_withdraw(*, person: Person, consent: Consent) -> Consent:
    """The person withdraws one of their own consents; it counts for no disclosure from today."""
    if consent.person_id != person.pk:
        raise ValidationError("Du kan bara återkalla dina egna samtycken.")
    return consent_withdraw(consent=consent, withdrawn_by_person=person)


@transaction.atomic
def portal_consent_request(
    *,
    person: Person,
    discloser: Organisation,
    recipient: Organisation,
    categories: Sequence[str],
    purpose: str,
    valid_to: dt.date | None,
    case_type: str | None = None,
) -> Consent:
    """The person asks ``discloser`` to register a consent; it counts only once the discloser confirms it.

    ``case_type`` is the kind of ärende at the recipient the consent is for (required).
    """
    return consent_request_by_person(
        person=person,
        discloser=discloser,
        recipient=recipient,
        categories=list(categories),
        purpose=purpose,
        valid_to=valid_to,
        case_type=case_type,
    )


@transaction.atomic
def portal_policy_set(*, organisation: Organisation, show_official_names: bool, changed_by: User) -> PortalPolicy:
    """Decide whether the organisation's officials are named to the person in "Vem har sett mina uppgifter"."""
    own_administrator = changed_by.organisation == organisation and changed_by.has_role(*POLICY_ROLES)
    if not (changed_by.is_superuser or own_administrator):
        raise ValidationError(
            "Bara organisationens systemförvaltare eller informationssäkerhetsansvarig kan ändra dess policy för Mina sidor."
        )
    policy, _ = PortalPolicy.objects.select_for_update().get_or_create(
        organisation=organisation, defaults={"changed_at": now(), "changed_by": changed_by}
    )
    policy.show_official_names = show_official_names
    policy.changed_by = changed_by
    policy.changed_at = now()
    policy.save()
    audit_append(
        event="portal.policy_changed",
        actor=changed_by,
        organisation=organisation,
        extra={"show_official_names": show_official_names},
    )
    return policy
