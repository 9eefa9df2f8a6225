"""Persons and households (the population register every organisation refers to).

A person row holds identity and address only. What an organisation knows about a
person lives in its own cases and records; an official can reach a person only
through a case of the own organisation (``samverkan.people.selectors``).
"""

from __future__ import annotations

from django.db import models

from samverkan.domain.identity import IdentityType


class Household(models.Model):
    """Persons registered as living together (folkbokföring)."""

    code = models.CharField("hushållskod", max_length=40, unique=True)

    class Meta:
        verbose_name = "hushåll"
        verbose_name_plural = "hushåll"

    def __str__(self) -> str:
        return f"Hushåll {self.code}"


class Person(models.Model):
    IDENTITY_TYPE_CHOICES = [
        (IdentityType.PERSONNUMMER.value, "Personnummer"),
        (IdentityType.SAMORDNINGSNUMMER.value, "Samordningsnummer"),
    ]

    identity_number = models.CharField(
        "person- eller samordningsnummer", max_length=13, unique=True, help_text="ÅÅÅÅMMDD-NNNN"
    )
    identity_type = models.CharField("typ av nummer", max_length=20, choices=IDENTITY_TYPE_CHOICES)
    birth_date = models.DateField("födelsedatum")
    first_name = models.CharField("förnamn", max_length=100)
    last_name = models.CharField("efternamn", max_length=100)
    protected_identity = models.BooleanField(
        "skyddade personuppgifter",
        default=False,
        help_text="Adress och enhet visas aldrig, i någon vy, export eller loggtext.",
    )
    street_address = models.CharField("gatuadress", max_length=200, blank=True)
    postal_code = models.CharField("postnummer", max_length=10, blank=True)
    city = models.CharField("postort", max_length=100, blank=True)
    household = models.ForeignKey(
        Household, on_delete=models.SET_NULL, null=True, blank=True, related_name="persons", verbose_name="hushåll"
    )

    class Meta:
        verbose_name = "person"
        verbose_name_plural = "personer"
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["last_name", "first_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def shown_address(self) -> str:
        """The address as every view shows it: never for protected identity."""
        if self.protected_identity:
            return "Skyddade personuppgifter – adressen visas inte"
        parts = [self.street_address, f"{self.postal_code} {self.city}".strip()]
        return ", ".join(p for p in parts if p)

    @property
    def masked_identity_number(self) -> str:
        """For lists and logs where the full number is not needed: 19811218-****."""
        return self.identity_number[:9] + "****"
