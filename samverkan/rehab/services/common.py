"""What every rehabilitation service shares: the audit entry of a coordination and the checks of who may write."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError

from samverkan.accounts.models import Organisation, User
from samverkan.disclosures.audit import audit_append
from samverkan.domain.errors import InputError
from samverkan.domain.organisations import OrganisationType
from samverkan.rehab.access import FK_CASE_ROLES
from samverkan.rehab.models import RehabCoordination

BASIS_COORDINATION = "30 kap. 8–11 §§ socialförsäkringsbalken (2010:110)"


def audit(
    *,
    event: str,
    actor: User | None,
    coordination: RehabCoordination,
    extra: Mapping[str, Any],
    categories: Sequence[str] = (),
    basis: str = BASIS_COORDINATION,
    recipient: Organisation | None = None,
) -> None:
    audit_append(
        event=event,
        actor=actor,
        organisation=coordination.case.organisation,
        person=coordination.case.subject,
        categories=categories,
        basis=basis,
        purpose="Samordning av rehabiliteringsinsatser",
        recipient=recipient,
        extra={"case": coordination.case.reference, "coordination": coordination.pk, **extra},
    )


def require_fk_official(user: User, coordination: RehabCoordination | None = None) -> None:
    organisation = user.organisation
    if organisation is None or organisation.type is not OrganisationType.FK or not user.has_role(*FK_CASE_ROLES):
        raise ValidationError("Bara en handläggare på Försäkringskassan kan göra detta i en samordning.")
    if coordination is not None and coordination.case.organisation_id != organisation.pk:
        raise ValidationError("Samordningen hör inte till din organisation.")


def require_active(coordination: RehabCoordination) -> None:
    if not coordination.case.is_active:
        raise ValidationError("Samordningsärendet är avslutat och kan inte ändras.")


def domain_errors(problems: Sequence[InputError], field_map: Mapping[str, str]) -> ValidationError:
    errors: dict[str | None, list[str]] = {}
    for problem in problems:
        errors.setdefault(field_map.get(problem.field, problem.field), []).append(problem.detail)
    return ValidationError({k if k is not None else "__all__": v for k, v in errors.items()})
