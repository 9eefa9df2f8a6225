"""Absence with a stand-in (seed 004): registered and cancelled by the official, named in the automatic reply
to e-mail sent to them while they are away."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from samverkan.accounts.models import User
from samverkan.core.clock import now, today
from samverkan.domain.deadlines import add_working_days
from samverkan.messaging.models import Absence
from samverkan.messaging.services.common import organisation_of, phone_of, refuse_personal_data


def _next_working_day_after(day: dt.date) -> dt.date:
    return add_working_days(day, 1)


def absence_reply_text(absence: Absence) -> str:
    """The automatic reply (seed 004): when the official is back, and whom to contact meanwhile."""
    user, stand_in = absence.user, absence.stand_in
    back = _next_working_day_after(absence.ends_on)
    roles = ", ".join(stand_in.role_labels()) or "handläggare"
    unit = stand_in.unit.name if stand_in.unit is not None else ""
    contact = ", ".join(p for p in (stand_in.email, phone_of(stand_in)) if p)
    lines = [
        f"Automatiskt svar: {user.get_full_name()} är frånvarande {absence.starts_on.isoformat()}–"
        f"{absence.ends_on.isoformat()} och åter {back.isoformat()}. Mejlet läses inte under frånvaron.",
        f"Ersättare: {stand_in.get_full_name()} ({roles}, {unit}){': ' + contact if contact else ''}.",
    ]
    if absence.message:
        lines.append(absence.message)
    return "\n".join(lines)


@transaction.atomic
def absence_register(
    *,
    user: User,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    stand_in: User | None,
    message: str = "",
    on: dt.date | None = None,
) -> Absence:
    """Register an absence with a stand-in at the same organisation (named in the automatic reply)."""
    day = on or today()
    organisation = organisation_of(user)
    if starts_on is None:
        raise ValidationError({"starts_on": "Ange första frånvarodagen."})
    if ends_on is None:
        raise ValidationError({"ends_on": "Ange sista frånvarodagen."})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": "Sista frånvarodagen ligger före den första."})
    if ends_on < day:
        raise ValidationError({"ends_on": "Frånvaron har redan passerat."})
    if stand_in is None:
        raise ValidationError({"stand_in": "Ange en ersättare: frånvaromeddelandet ska hänvisa till någon."})
    if stand_in.pk == user.pk:
        raise ValidationError({"stand_in": "Ersättaren ska vara någon annan än du."})
    if not stand_in.is_active or stand_in.organisation != organisation:
        raise ValidationError({"stand_in": f"Ersättaren ska arbeta hos {organisation.name}."})
    if Absence.objects.filter(
        user=user, cancelled_at__isnull=True, starts_on__lte=ends_on, ends_on__gte=starts_on
    ).exists():
        raise ValidationError({"starts_on": "Du har redan registrerad frånvaro under den perioden."})
    note = (message or "").strip()
    if len(note) > 300:
        raise ValidationError({"message": "Meddelandet får vara högst 300 tecken."})
    if note:
        refuse_personal_data(note, field="message", organisations=[organisation])
    return Absence.objects.create(
        user=user, starts_on=starts_on, ends_on=ends_on, stand_in=stand_in, message=note, created_at=now()
    )


@transaction.atomic
def absence_cancel(*, absence: Absence, cancelled_by: User) -> Absence:
    if absence.user_id != cancelled_by.pk:
        raise ValidationError("Du kan bara ändra din egen frånvaro.")
    if absence.cancelled_at is None:
        absence.cancelled_at = now()
        absence.save(update_fields=["cancelled_at"])
    return absence
