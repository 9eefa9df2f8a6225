"""An organisation's own administrator manages its officials (issue 16): reads and writes, each write audited.

The system administrator of an organisation (``Role.SYSTEM_ADMINISTRATOR``) adds officials to the
organisation's own units, gives them the roles that exist at the organisation's type
(:func:`~samverkan.domain.organisations.role_allowed_at`), moves them between its units and deactivates
or reactivates them. Another organisation's officials are not among :func:`officials_of` (their pages
are 404). Nothing here ever makes an account staff or superuser: the platform operator is a separate
account (``samverkan.core.demo.PLATFORM_OPERATOR``).

Audit events (actor: the administrator; organisation: theirs; the official by id, never by name):
``account.official_added``, ``account.unit_changed``, ``account.roles_changed``,
``account.deactivated``, ``account.reactivated``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from samverkan.accounts.models import Organisation, RoleAssignment, Unit, User
from samverkan.disclosures.audit import AuditEvent, audit_append, audit_append_many
from samverkan.domain.organisations import Role, role_allowed_at

OWN_ADMIN_ROLE_KEPT = "Du kan inte ta bort din egen roll som systemförvaltare. Be en annan systemförvaltare."
OWN_ACCOUNT_KEPT = "Du kan inte avaktivera ditt eget konto. Be en annan systemförvaltare."


def officials_of(organisation: Organisation) -> QuerySet[User]:
    """The organisation's officials (active and deactivated), by name."""
    return (
        User.objects.filter(unit__organisation=organisation)
        .select_related("unit__organisation")
        .prefetch_related("role_assignments")
        .order_by("last_name", "first_name", "username")
    )


def units_of(organisation: Organisation) -> QuerySet[Unit]:
    return Unit.objects.filter(organisation=organisation).order_by("name")


def role_refusal(role: Role, organisation: Organisation) -> str | None:
    """The Swedish reason a role cannot be given at ``organisation``, or None."""
    if role_allowed_at(role, organisation.type):
        return None
    return f"Rollen {role.label} finns inte hos {organisation.type.label}."


def _checked_roles(roles: Iterable[str | Role], organisation: Organisation) -> list[Role]:
    chosen: list[Role] = []
    for value in roles:
        try:
            role = Role(value)
        except ValueError as exc:
            raise ValidationError({"roles": "Välj roller i listan."}) from exc
        if (reason := role_refusal(role, organisation)) is not None:
            raise ValidationError({"roles": reason})
        if role not in chosen:
            chosen.append(role)
    if not chosen:
        raise ValidationError({"roles": "Välj minst en roll."})
    return sorted(chosen)


def _checked_unit(unit: Unit | None, organisation: Organisation) -> Unit:
    if unit is None or unit.organisation_id != organisation.pk:
        raise ValidationError({"unit": "Välj en av organisationens enheter."})
    return unit


def _administrator(actor: User) -> Organisation:
    organisation = actor.organisation
    if organisation is None or not actor.is_active or not actor.has_role(Role.SYSTEM_ADMINISTRATOR):
        raise ValidationError("Bara organisationens systemförvaltare hanterar handläggarnas konton.")
    return organisation


def _own(actor: User, official: User) -> Organisation:
    organisation = _administrator(actor)
    if official.unit is None or official.unit.organisation_id != organisation.pk:
        # The views find the official among officials_of(): another organisation's is a 404 before this.
        raise ValidationError("Handläggaren hör inte till din organisation.")
    return organisation


@transaction.atomic
def official_add(
    *,
    actor: User,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    unit: Unit | None,
    roles: Iterable[str | Role],
    password: str,
) -> User:
    """Add an official to one of the actor's organisation's units, with roles allowed there."""
    organisation = _administrator(actor)
    unit = _checked_unit(unit, organisation)
    chosen = _checked_roles(roles, organisation)
    username = username.strip()
    if not username:
        raise ValidationError({"username": "Ange ett användarnamn."})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": "Användarnamnet är upptaget. Välj ett annat."})
    official = User(
        username=username,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email.strip(),
        unit=unit,
        is_staff=False,
        is_superuser=False,
        is_active=True,
    )
    try:
        validate_password(password, official)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    official.set_password(password)
    official.save()
    RoleAssignment.objects.bulk_create([RoleAssignment(user=official, role=r.value) for r in chosen])
    audit_append(
        event="account.official_added",
        actor=actor,
        organisation=organisation,
        extra={"official": official.pk, "unit": unit.pk, "roles": [r.value for r in chosen]},
    )
    return official


@transaction.atomic
def official_change(*, actor: User, official: User, unit: Unit | None, roles: Iterable[str | Role]) -> list[str]:
    """Set the official's unit and roles; returns the audit events written (none when nothing changed)."""
    organisation = _own(actor, official)
    unit = _checked_unit(unit, organisation)
    chosen = set(_checked_roles(roles, organisation))
    current = {Role(r) for r in RoleAssignment.objects.filter(user=official).values_list("role", flat=True)}
    if official.pk == actor.pk and Role.SYSTEM_ADMINISTRATOR in current and Role.SYSTEM_ADMINISTRATOR not in chosen:
        raise ValidationError({"roles": OWN_ADMIN_ROLE_KEPT})
    events: list[AuditEvent] = []
    if unit.pk != official.unit_id:
        events.append(
            AuditEvent(
                event="account.unit_changed",
                actor=actor,
                organisation=organisation,
                extra={"official": official.pk, "from_unit": official.unit_id, "to_unit": unit.pk},
            )
        )
        official.unit = unit
        official.save(update_fields=["unit"])
    added, removed = sorted(chosen - current), sorted(current - chosen)
    if added or removed:
        RoleAssignment.objects.filter(user=official, role__in=[r.value for r in removed]).delete()
        RoleAssignment.objects.bulk_create([RoleAssignment(user=official, role=r.value) for r in added])
        official.__dict__.pop("_roles_cache", None)
        events.append(
            AuditEvent(
                event="account.roles_changed",
                actor=actor,
                organisation=organisation,
                extra={
                    "official": official.pk,
                    "added": [r.value for r in added],
                    "removed": [r.value for r in removed],
                    "roles": sorted(r.value for r in chosen),
                },
            )
        )
    audit_append_many(events)
    return [e.event for e in events]


@transaction.atomic
def official_set_active(*, actor: User, official: User, active: bool) -> bool:
    """Deactivate (the official can no longer log in, and an open session ends) or reactivate an official.
    Returns whether anything changed."""
    organisation = _own(actor, official)
    if not active and official.pk == actor.pk:
        raise ValidationError(OWN_ACCOUNT_KEPT)
    if official.is_active == active:
        return False
    official.is_active = active
    official.save(update_fields=["is_active"])
    audit_append(
        event="account.reactivated" if active else "account.deactivated",
        actor=actor,
        organisation=organisation,
        extra={"official": official.pk},
    )
    return True
