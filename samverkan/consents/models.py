"""The consent registry (samtycken, OSL 12 kap. 2 §).

A consent is obtained and checked by the organisation that will disclose (``discloser``):
a consent recorded anywhere else is never a basis (docs/domain.md §4). It is specific: which
parties, which categories, for what purpose, for how long, and how it was given.
Rules of validity live in :mod:`samverkan.domain.consent`; writes in ``services.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from samverkan.accounts.models import Organisation
from samverkan.cases.models import CASE_TYPE_CHOICES, Case
from samverkan.people.models import Person


class Consent(models.Model):
    class Form(models.TextChoices):
        WRITTEN = "written", "Skriftligt"
        ORAL = "oral", "Muntligt"

    class GivenBy(models.TextChoices):
        PERSON = "person", "Personen själv"
        GUARDIANS = "guardians", "Vårdnadshavarna"

    class Status(models.TextChoices):
        REQUESTED = "requested", "Begärt av personen, ej bekräftat"
        ACTIVE = "active", "Registrerat"
        WITHDRAWN = "withdrawn", "Återkallat"
        REJECTED = "rejected", "Avvisat"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="consents", verbose_name="person")
    #: The organisation that recorded the consent and checks it before it discloses.
    discloser = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="recorded_consents", verbose_name="lämnas ut av"
    )
    recipient = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="received_consents", verbose_name="lämnas ut till"
    )
    categories = models.JSONField("uppgifter", default=list)
    purpose = models.TextField("ändamål")
    #: The kind of ärende at the RECIPIENT the consent is given for (OSL 12 kap. 2 §: the purpose binds it);
    #: the gate counts it only for a request made in an ärende of this kind.
    case_type = models.CharField("gäller ärende om", max_length=30, choices=CASE_TYPE_CHOICES)
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="consents", verbose_name="ärende"
    )
    valid_from = models.DateField("gäller från")
    valid_to = models.DateField("gäller till och med")
    form = models.CharField("form", max_length=10, choices=Form.choices, default=Form.WRITTEN)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="togs emot av (konto)",
    )
    #: Who took the consent, as written down (required for an oral consent).
    taken_by_name = models.CharField("togs emot av", max_length=200, blank=True)
    taken_on = models.DateField("lämnades den", null=True, blank=True)
    #: For a child: the guardians who consented (all of them must).
    guardians_consenting = models.JSONField("vårdnadshavare som samtyckt", default=list, blank=True)
    #: Who gave the consent: the person, or for a child under 15 the guardians (OSL 12 kap. 3 §; ADR 0009).
    given_by = models.CharField("lämnat av", max_length=10, choices=GivenBy.choices, default=GivenBy.PERSON)
    #: For a child of 12–14: what the child said, and whether it agrees (FB 6 kap. 11 §).
    child_view = models.TextField("barnets inställning", blank=True)
    child_agrees = models.BooleanField("barnet samtycker", null=True, blank=True)
    status = models.CharField("status", max_length=12, choices=Status.choices, default=Status.ACTIVE)
    withdrawn_on = models.DateField("återkallat den", null=True, blank=True)
    withdrawn_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="återkallelsen registrerad av",
    )
    withdrawn_by_person = models.BooleanField("återkallat av personen själv", default=False)
    rejection_reason = models.TextField("skäl för avvisning", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="registrerat av",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "samtycke"
        verbose_name_plural = "samtycken"
        ordering = ["-valid_from", "-pk"]
        indexes = [
            models.Index(fields=["person", "discloser", "recipient", "status"]),
            models.Index(fields=["discloser", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__gte=models.F("valid_from")), name="consent_valid_ordered"
            ),
            models.CheckConstraint(
                condition=models.Q(status="withdrawn", withdrawn_on__isnull=False) | ~models.Q(status="withdrawn"),
                name="consent_withdrawn_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Samtycke {self.pk}"

    @property
    def case_type_label(self) -> str:
        """The kind of ärende at the recipient the consent is given for, e.g. "Ekonomiskt bistånd"."""
        return self.get_case_type_display() if self.case_type else "ej angivet"

    @property
    def is_withdrawable(self) -> bool:
        return self.status in (self.Status.ACTIVE, self.Status.REQUESTED)
