"""Mina sidor: the person's own view of their matters, consents and who saw what.

The portal owns almost no data: it reads the person's cases, consents, rehab plan, reclaims and
the audit log through selectors scoped to the logged-in person. Its one table is each
organisation's :class:`PortalPolicy`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from samverkan.accounts.models import Organisation


class PortalPolicy(models.Model):
    """What an organisation lets the person see about its officials in "Vem har sett mina uppgifter".

    Default (no row): the organisation and the official's role are shown, never the official's
    name. An organisation that decides otherwise (official acts are public, but many agencies
    shield their staff) turns ``show_official_names`` on.
    """

    organisation = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, related_name="portal_policy", verbose_name="organisation"
    )
    show_official_names = models.BooleanField(
        "visa handläggarens namn för personen",
        default=False,
        help_text="Av: personen ser organisation och roll. På: även handläggarens namn.",
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ändrad av",
    )
    changed_at = models.DateTimeField("ändrad")

    class Meta:
        verbose_name = "policy för Mina sidor"
        verbose_name_plural = "policyer för Mina sidor"
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return f"Mina sidor: {self.organisation}"
