"""Organisations, their units, and the officials who work there."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from samverkan.domain.organisations import (
    ORGANISATION_TYPE_LABELS,
    ROLE_LABELS,
    OrganisationType,
    Role,
    role_allowed_at,
)

ORGANISATION_TYPE_CHOICES = [(t.value, label) for t, label in ORGANISATION_TYPE_LABELS.items()]
ROLE_CHOICES = [(r.value, label) for r, label in ROLE_LABELS.items()]


class Organisation(models.Model):
    """An organisation on the platform; it owns its records, users and secrecy."""

    code = models.SlugField("kod", max_length=60, unique=True)
    name = models.CharField("namn", max_length=200)
    org_type = models.CharField("typ", max_length=30, choices=ORGANISATION_TYPE_CHOICES)
    municipality = models.CharField("kommun", max_length=100, blank=True)
    #: A samordningsförbund's members (Finsam); empty for other types.
    members = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="federations", verbose_name="medlemmar"
    )
    #: Not a column: the official's unit when ``@allowed`` bounds the request's organisation to it
    #: (``samverkan.accounts.access.scope_to_unit``, PDL 4 kap. 1 §); the selectors read it.
    unit_scope: int | None = None

    class Meta:
        verbose_name = "organisation"
        verbose_name_plural = "organisationer"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def type(self) -> OrganisationType:
        return OrganisationType(self.org_type)


class Unit(models.Model):
    """An organisational unit: a socialkontor's bistånd unit, an FK office, a vårdcentral."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="units")
    code = models.SlugField("kod", max_length=60)
    name = models.CharField("namn", max_length=200)
    handles_assistance = models.BooleanField(
        "handlägger ekonomiskt bistånd",
        default=False,
        help_text="Socialnämndens enhet för ekonomiskt bistånd (villkor för uppgiftsskyldigheten).",
    )
    address = models.CharField("besöksadress", max_length=200, blank=True)
    phone = models.CharField("telefon", max_length=40, blank=True)
    email = models.EmailField("funktionsbrevlåda", blank=True)

    class Meta:
        verbose_name = "enhet"
        verbose_name_plural = "enheter"
        ordering = ["organisation__name", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "code"], name="unit_code_unique_per_org")]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation.name})"


class User(AbstractUser):
    """An official. Belongs to one unit and has one or more roles there."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="users", verbose_name="enhet"
    )
    title = models.CharField("titel", max_length=100, blank=True)
    phone = models.CharField("telefon", max_length=40, blank=True)

    class Meta:
        verbose_name = "användare"
        verbose_name_plural = "användare"

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def organisation(self) -> Organisation | None:
        return self.unit.organisation if self.unit is not None else None

    @property
    def roles(self) -> frozenset[Role]:
        cached = getattr(self, "_roles_cache", None)
        if cached is None:
            cached = frozenset(Role(r) for r in self.role_assignments.values_list("role", flat=True))
            self._roles_cache = cached
        return cached

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    def role_labels(self) -> list[str]:
        return sorted(r.label for r in self.roles)


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField("roll", max_length=40, choices=ROLE_CHOICES)

    class Meta:
        verbose_name = "roll"
        verbose_name_plural = "roller"
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="role_unique_per_user")]

    def __str__(self) -> str:
        return Role(self.role).label

    def clean(self) -> None:
        unit = self.user.unit if self.user_id else None
        if unit is not None and not role_allowed_at(Role(self.role), unit.organisation.type):
            raise ValidationError(
                {"role": f"Rollen {Role(self.role).label} finns inte hos {unit.organisation.type.label}."}
            )
