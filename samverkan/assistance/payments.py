"""Payments of ekonomiskt bistånd on a granted application, and what the person paid back: the bistånd that
återsökning (SFB 107 kap. 5 §) counts, less what was repaid."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum

from samverkan.accounts.models import User
from samverkan.assistance.inputs import money_input, period_input
from samverkan.assistance.models import Application, Payment, PaymentKind, Repayment
from samverkan.core.clock import now, today
from samverkan.disclosures.audit import audit_append
from samverkan.domain.money import ZERO, format_money
from samverkan.domain.reclaim import BENEFITS
from samverkan.people.models import Person


def _duplicate_of(
    *, application: Application, recipient: Person, kind: str, start: dt.date, end: dt.date, amount: Decimal
) -> Payment | None:
    """An earlier payment the new one would duplicate.

    Försörjningsstöd is paid once for each day: any overlap of the covered periods for the same
    person is a duplicate. Livsföring i övrigt and bistånd under 12 kap. 2 § may cover the same
    month for different needs; there an overlapping payment of the same amount is a duplicate.
    """
    overlapping = Payment.objects.filter(
        organisation=application.organisation,
        recipient=recipient,
        kind=kind,
        period_start__lte=end,
        period_end__gte=start,
    )
    if kind != PaymentKind.SUBSISTENCE:
        overlapping = overlapping.filter(amount=amount)
    return overlapping.order_by("paid_on", "pk").first()


def _refuse_duplicate_or_excess(
    application: Application, recipient: Person, kind: str, period_start: dt.date, period_end: dt.date, value: Decimal
) -> None:
    """Refuse a payment that duplicates an earlier one or takes the payments above the granted amount."""
    duplicate = _duplicate_of(
        application=application, recipient=recipient, kind=kind, start=period_start, end=period_end, amount=value
    )
    if duplicate is not None:
        raise ValidationError(
            f"Utbetalningen finns redan: {duplicate.get_kind_display().lower()} till {recipient.full_name} för "
            f"{duplicate.period_start.isoformat()}–{duplicate.period_end.isoformat()} "
            f"({format_money(duplicate.amount)}, utbetald {duplicate.paid_on.isoformat()}). "
            "Samma bistånd kan inte betalas ut två gånger för samma tid.",
            code="duplicate",
        )
    paid_before = Payment.objects.filter(application=application).aggregate(s=Sum("amount"))["s"] or ZERO
    granted = application.granted_amount or ZERO
    if paid_before + value > granted:
        raise ValidationError(
            {
                "amount": f"Utbetalningarna skulle bli {format_money(paid_before + value)}, mer än det beviljade "
                f"beloppet {format_money(granted)} (redan utbetalt {format_money(paid_before)})."
            },
            code="above_granted",
        )


@transaction.atomic
def payment_register(
    *,
    application: Application,
    recipient: Person,
    kind: str,
    amount: Decimal | str,
    period_start: dt.date,
    period_end: dt.date,
    paid_on: dt.date,
    registered_by: User,
    advance_benefit: str = "",
    advance_written_notice: bool = False,
) -> Payment:
    """Register a payment on a granted application.

    Refused with a Swedish message, nothing stored: an amount that is negative or zero, a period
    that ends before it starts, a recipient outside the household, an unknown benefit, a written
    notice without an advance, payments above the granted amount, and a duplicate (see
    :func:`_duplicate_of`; the database's unique key catches a concurrent double registration too).
    """
    application = (
        Application.objects.select_for_update().select_related("case__subject", "organisation").get(pk=application.pk)
    )
    if kind not in PaymentKind.values:
        raise ValidationError({"kind": "Välj försörjningsstöd, livsföring i övrigt eller bistånd utöver."})
    value = money_input(amount, "amount", positive=True)
    period_input(period_start, period_end, start_field="period_start", end_field="period_end")
    if paid_on is None:
        raise ValidationError({"paid_on": "Ange utbetalningsdag."})
    if not (application.is_decided and application.is_granted):
        raise ValidationError("Utbetalning kan bara registreras när ansökan är beviljad.", code="not_granted")
    if recipient is None or not application.members.filter(person=recipient).exists():
        raise ValidationError({"recipient": "Mottagaren ska vara en person i hushållet i ansökan."})
    if advance_benefit and advance_benefit not in BENEFITS:
        raise ValidationError({"advance_benefit": "Välj förmånen i listan."}, code="unknown_benefit")
    if advance_written_notice and not advance_benefit:
        raise ValidationError(
            {
                "advance_written_notice": "Ange vilken förmån förskottet avser; annars finns inget förskott att återkräva."
            }
        )
    _refuse_duplicate_or_excess(application, recipient, kind, period_start, period_end, value)
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                organisation=application.organisation,
                case=application.case,
                application=application,
                recipient=recipient,
                kind=kind,
                amount=value,
                period_start=period_start,
                period_end=period_end,
                paid_on=paid_on,
                advance_benefit=advance_benefit,
                advance_written_notice=advance_written_notice,
                created_by=registered_by,
            )
    except IntegrityError as exc:
        raise ValidationError(
            "Utbetalningen finns redan registrerad. Samma bistånd kan inte betalas ut två gånger.", code="duplicate"
        ) from exc
    audit_append(
        event="assistance.payment_registered",
        actor=registered_by,
        organisation=application.organisation,
        person=recipient,
        purpose="Handläggning av ekonomiskt bistånd",
        extra={
            "application": application.pk,
            "payment": payment.pk,
            "kind": kind,
            "amount": f"{value:.2f}",
            "period": [period_start.isoformat(), period_end.isoformat()],
            "advance_benefit": advance_benefit or None,
        },
    )
    return payment


# --- Repayments ----------------------------------------------------------------------------------


@transaction.atomic
def repayment_register(
    *,
    payment: Payment,
    amount: Decimal | str,
    repaid_on: dt.date,
    recorded_by: User,
    note: str = "",
) -> Repayment:
    """Record that the person paid back (part of) a payment of bistånd.

    Återsökning deducts it (SFB 107 kap. 5 §: "till den del den ersättningsberättigade inte har
    återbetalat biståndet"). Refused with a Swedish message, nothing stored: an amount that is
    negative or zero, more than what is left to pay back of the payment, a day before the payment
    was made or in the future. The payment row is locked, so two repayments at the same moment
    cannot together exceed it.
    """
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    value = money_input(amount, "amount", positive=True)
    if repaid_on is None:
        raise ValidationError({"repaid_on": "Ange dagen då beloppet betalades tillbaka."}, code="required")
    if repaid_on < payment.paid_on:
        raise ValidationError(
            {
                "repaid_on": f"Återbetalningen {repaid_on.isoformat()} ligger före utbetalningen "
                f"{payment.paid_on.isoformat()}."
            },
            code="before_payment",
        )
    if repaid_on > today():
        raise ValidationError(
            {"repaid_on": "En återbetalning kan inte registreras innan den har gjorts."}, code="future"
        )
    repaid_before = payment.repayments.aggregate(s=Sum("amount"))["s"] or ZERO
    left = payment.amount - repaid_before
    if value > left:
        raise ValidationError(
            {
                "amount": f"Återbetalningen {format_money(value)} är mer än det som återstår att betala tillbaka av "
                f"utbetalningen: {format_money(left)} (utbetalt {format_money(payment.amount)}, redan återbetalt "
                f"{format_money(repaid_before)})."
            },
            code="above_payment",
        )
    note = (note or "").strip()
    if len(note) > 200:
        raise ValidationError({"note": "Anteckningen får vara högst 200 tecken."}, code="max_length")
    repayment = Repayment.objects.create(
        payment=payment, amount=value, repaid_on=repaid_on, note=note, recorded_by=recorded_by, recorded_at=now()
    )
    audit_append(
        event="assistance.repayment_registered",
        actor=recorded_by,
        organisation=payment.organisation,
        person=payment.recipient,
        purpose="Handläggning av ekonomiskt bistånd",
        extra={
            "application": payment.application_id,
            "payment": payment.pk,
            "repayment": repayment.pk,
            "amount": f"{value:.2f}",
            "repaid_on": repaid_on.isoformat(),
        },
    )
    return repayment
