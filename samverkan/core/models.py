"""Shared bookkeeping that keeps writes single: reference counters, leases and one-time submissions.

- :class:`ReferenceCounter`: the last number handed out in a series of references (a case's
  diarienummer ``2026-00042``, a reclaim's ``ÅS-2026-00007``); :mod:`samverkan.core.references`.
- :class:`Lease`: who holds a named lock across processes (the monthly control run);
  :mod:`samverkan.core.leases`.
- :class:`FormSubmission`: a form's one-time token once it was used; :mod:`samverkan.core.once`.
- :class:`IdempotentRequest`: an API call made with an ``Idempotency-Key``; :mod:`samverkan.core.idempotency`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from samverkan.accounts.models import Organisation


class ReferenceCounter(models.Model):
    """The last number used in one series of references of one organisation and year."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    series = models.CharField("serie", max_length=20)
    year = models.PositiveSmallIntegerField("år")
    last = models.PositiveIntegerField("senaste nummer", default=0)

    class Meta:
        verbose_name = "nummerserie"
        verbose_name_plural = "nummerserier"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "series", "year"], name="core_reference_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.year}: {self.last}"


class Lease(models.Model):
    """A named lock held by one process (``owner``) that renews ``heartbeat_at`` while it works."""

    name = models.CharField("namn", max_length=120, unique=True)
    owner = models.CharField("innehavare", max_length=200)
    acquired_at = models.DateTimeField("tagen")
    heartbeat_at = models.DateTimeField("senast bekräftad")

    class Meta:
        verbose_name = "lås"
        verbose_name_plural = "lås"

    def __str__(self) -> str:
        return f"{self.name} ({self.owner})"


class FormSubmission(models.Model):
    """A rendered form's one-time token, used: a second POST with it goes to what the first one made."""

    owner = models.CharField("avsändare", max_length=40)
    token = models.CharField("engångsnyckel", max_length=64)
    #: Where the first submission led (empty while it is being handled).
    url = models.CharField("adress", max_length=500, blank=True)
    created_at = models.DateTimeField("skickad")

    class Meta:
        verbose_name = "skickat formulär"
        verbose_name_plural = "skickade formulär"
        constraints = [models.UniqueConstraint(fields=["owner", "token"], name="core_form_submission_unique")]
        indexes = [models.Index(fields=["created_at"], name="core_form_submission_created")]


class IdempotentRequest(models.Model):
    """An API call made with an ``Idempotency-Key``: the answer to give again when the key comes back."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField("nyckel", max_length=255)
    method = models.CharField("metod", max_length=10)
    path = models.CharField("sökväg", max_length=500)
    #: SHA-256 of method, path and body: the same key with another request is refused.
    fingerprint = models.CharField("fingeravtryck", max_length=64)
    #: None while the first call is being handled.
    status = models.PositiveSmallIntegerField("status", null=True, blank=True)
    content_type = models.CharField("innehållstyp", max_length=100, blank=True)
    body = models.TextField("svar", blank=True)
    created_at = models.DateTimeField("mottagen")

    class Meta:
        verbose_name = "API-anrop med Idempotency-Key"
        verbose_name_plural = "API-anrop med Idempotency-Key"
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="core_idempotent_request_unique")]
        indexes = [models.Index(fields=["created_at"], name="core_idempotent_created")]
