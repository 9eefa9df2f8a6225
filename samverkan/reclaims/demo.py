"""Demo data for återsökning (demo step ``reclaims``, order 70).

Three households of Sara Lind's aktuella ärenden at Socialnämnden i Sörby get försörjningsstöd as an
advance while they await a benefit from Försäkringskassan, and FK decides it retroactively:

1. sjukersättning with the payout still ahead → a **drafted** request waiting to be sent; the person
   has paid back part of one month's bistånd, and the request deducts it (SFB 107 kap. 5 §);
2. sjukpenning decided and paid out a month ago → the request was sent in time and FK **paid**;
3. bostadsbidrag paid out last week without a request → **too late**, with a claim on the person
   under SoL (2025:400) 33 kap. 2 § possible (the advance was granted with a written notice).

Idempotent: decisions are found by their ``external_id``, payments by their natural key, and the
reclaim services never draft a decision twice or send a sent request again. Dates are relative to
the day the demo is seeded, so the draft's deadline always lies ahead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from samverkan.accounts.models import Organisation, User
from samverkan.assistance.models import Application, ApplicationMember, Payment, PaymentKind, Repayment
from samverkan.cases.models import Case, CaseMember
from samverkan.core.clock import now, today
from samverkan.core.demo import DemoWorld
from samverkan.domain.organisations import CaseType
from samverkan.people.models import Person
from samverkan.reclaims import services
from samverkan.reclaims.models import PendingBenefit, Reclaim
from samverkan.registries.models import BenefitDecision


@dataclass(frozen=True)
class DemoReclaim:
    key: str
    benefit: str
    months_before: int  # the retroactive period ends this many months before the decision month
    months: int
    decided_days_ago: int
    payout_in_days: int  # negative: already paid out
    monthly_assistance: Decimal
    retroactive_amount: Decimal
    outcome: str  # "draft", "paid" or "too_late"


DEMO_RECLAIMS = (
    DemoReclaim(
        "DEMO-ATERSOK-1", "sickness_compensation", 1, 3, 2, 9, Decimal("8450.00"), Decimal("31200.00"), "draft"
    ),
    DemoReclaim("DEMO-ATERSOK-2", "sickness_benefit", 2, 2, 45, -30, Decimal("7900.00"), Decimal("12600.00"), "paid"),
    DemoReclaim(
        "DEMO-ATERSOK-3", "housing_allowance", 1, 2, 20, -6, Decimal("6100.00"), Decimal("4400.00"), "too_late"
    ),
)


#: The ekonomiskt bistånd demo uses each social worker's first eight cases.
SKIP_CASES = 8


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _month_end(first: dt.date) -> dt.date:
    return _add_months(first, 1) - dt.timedelta(days=1)


def _demo_cases(world: DemoWorld) -> list[Case]:
    """Sara Lind's aktuella ärenden about ekonomiskt bistånd with an adult applicant, in a fixed order.

    The first eight (by key) carry the ekonomiskt bistånd demo's applications; these come after them,
    so the two demos never pay the same month twice.
    """
    cases = (
        Case.objects.filter(
            organisation=world.org("sorby-socialnamnd"),
            case_type=CaseType.ASSISTANCE.value,
            status=Case.Status.ACTIVE,
            responsible=world.user("sara.lind"),
        )
        .select_related("subject", "organisation")
        .order_by("pk")
    )
    chosen = [
        c
        for c in list(cases)[SKIP_CASES:]
        if not c.subject.protected_identity and c.subject.birth_date < dt.date(1995, 1, 1)
    ]
    return chosen[: len(DEMO_RECLAIMS)]


def _application(case: Case, month: dt.date, worker: User) -> Application:
    application = Application.objects.filter(case=case, month=month).first()
    if application is None:
        application = Application.objects.create(
            organisation=case.organisation,
            case=case,
            month=month,
            received_on=month - dt.timedelta(days=10),
            status=Application.Status.DECIDED,
            decision=Application.Decision.GRANTED,
            granted_amount=Decimal("0.00"),
            decided_on=month - dt.timedelta(days=5),
            decided_by=worker,
            motivation="Försörjningsstöd i avvaktan på beslut från Försäkringskassan.",
            created_by=worker,
        )
        for member in CaseMember.objects.filter(case=case).order_by("pk"):
            ApplicationMember.objects.get_or_create(
                application=application, person=member.person, defaults={"relation": member.relation}
            )
    return application


def _advance_payment(case: Case, person: Person, month: dt.date, spec: DemoReclaim, worker: User) -> Payment:
    """The month's försörjningsstöd to the applicant, paid as an advance with a written notice."""
    end = _month_end(month)
    existing = Payment.objects.filter(
        organisation=case.organisation,
        recipient=person,
        kind=PaymentKind.SUBSISTENCE,
        period_start__lte=end,
        period_end__gte=month,
    ).first()
    if existing is not None:
        if not existing.advance_benefit:
            existing.advance_benefit = spec.benefit
            existing.advance_written_notice = True
            existing.save(update_fields=["advance_benefit", "advance_written_notice"])
        return existing
    application = _application(case, month, worker)
    if not application.is_granted:
        application.status = Application.Status.DECIDED
        application.decision = Application.Decision.GRANTED
        application.decided_on = application.decided_on or month - dt.timedelta(days=5)
    payment = Payment.objects.create(
        organisation=case.organisation,
        case=case,
        application=application,
        recipient=person,
        kind=PaymentKind.SUBSISTENCE,
        amount=spec.monthly_assistance,
        period_start=month,
        period_end=end,
        paid_on=month - dt.timedelta(days=3),
        advance_benefit=spec.benefit,
        advance_written_notice=True,
        created_by=worker,
    )
    paid = Payment.objects.filter(application=application).aggregate(s=Sum("amount"))["s"] or Decimal("0.00")
    if (application.granted_amount or Decimal("0.00")) < paid:
        application.granted_amount = paid
    application.save()
    return payment


#: What the person of the drafted request has paid back of the second month's bistånd.
DEMO_REPAYMENT = Decimal("1500.00")


def _repayment(payment: Payment, worker: User, on: dt.date) -> None:
    """A part of the payment paid back before the request is drafted, so the request deducts it."""
    if Repayment.objects.filter(payment=payment).exists():
        return
    repaid_on = min(on, max(payment.paid_on, on - dt.timedelta(days=10)))
    Repayment.objects.create(
        payment=payment,
        amount=min(DEMO_REPAYMENT, payment.amount),
        repaid_on=repaid_on,
        note="Återbetalt efter skriftlig överenskommelse.",
        recorded_by=worker,
        recorded_at=now(),
    )


def _decision(fk: Organisation, person: Person, spec: DemoReclaim, on: dt.date) -> BenefitDecision:
    existing = BenefitDecision.objects.filter(organisation=fk, external_id=spec.key).first()
    if existing is not None:
        return existing
    decided = on - dt.timedelta(days=spec.decided_days_ago)
    last_month = _add_months(decided, -spec.months_before)
    first_month = _add_months(last_month, -(spec.months - 1))
    return BenefitDecision.objects.create(
        organisation=fk,
        person=person,
        source=BenefitDecision.Source.MANUAL,
        external_id=spec.key,
        benefit=spec.benefit,
        outcome=BenefitDecision.Outcome.GRANTED,
        decision_date=decided,
        period_start=first_month,
        period_end=None,
        monthly_amount=(spec.retroactive_amount / spec.months).quantize(Decimal("0.01")),
        extent="hel",
        retroactive_amount=spec.retroactive_amount,
        retroactive_start=first_month,
        retroactive_end=_month_end(last_month),
        payout_date=on + dt.timedelta(days=spec.payout_in_days),
    )


def seed_reclaims(world: DemoWorld) -> None:
    on = today()
    fk = world.org("fk")
    worker = world.user("sara.lind")
    fk_official = world.user("fredrik.holm")
    for spec, case in zip(DEMO_RECLAIMS, _demo_cases(world), strict=False):
        person = case.subject
        decision = _decision(fk, person, spec, on)
        assert decision.retroactive_start is not None and decision.retroactive_end is not None
        month = decision.retroactive_start
        paid = []
        while month <= decision.retroactive_end:
            paid.append(_advance_payment(case, person, month, spec, worker))
            month = _add_months(month, 1)
        if spec.outcome == "draft" and len(paid) > 1:
            _repayment(paid[1], worker, on)
        PendingBenefit.objects.get_or_create(
            case=case,
            person=person,
            benefit=spec.benefit,
            agency=fk,
            defaults={
                "organisation": case.organisation,
                "applied_on": decision.retroactive_start - dt.timedelta(days=20),
                "note": "Ansökan inlämnad till Försäkringskassan; försörjningsstöd betalas som förskott.",
                "created_by": worker,
            },
        )
        drafted_on = on if spec.outcome != "paid" else decision.decision_date + dt.timedelta(days=1)
        reclaims = services.reclaim_on_retroactive_decision(decision, on=drafted_on)
        reclaim = next((r for r in reclaims if r.case_id == case.pk), None)
        if reclaim is None or spec.outcome != "paid":
            continue
        if reclaim.status == Reclaim.Status.DRAFT:
            reclaim = services.reclaim_send(reclaim=reclaim, sent_by=worker, on=drafted_on + dt.timedelta(days=1))
        if reclaim.status == Reclaim.Status.SENT and decision.payout_date is not None:
            services.reclaim_settle(
                reclaim=reclaim,
                settled_by=fk_official,
                to_social_services=reclaim.to_social_services,
                to_person=reclaim.to_person,
                settled_on=decision.payout_date - dt.timedelta(days=2),
            )
    _seed_advance_request(world, _demo_cases(world)[len(DEMO_RECLAIMS) :], on)
    world.log(f"  återsökning: {Reclaim.objects.count()} återsökningar")


def _seed_advance_request(world: DemoWorld, cases: list[Case], on: dt.date) -> None:
    """One benefit awaited at FK, with the request under SFB 107 kap. 5 § made in advance: FK sees it on the
    person (its register and its decision form) before it decides (issue 18.1)."""
    if PendingBenefit.objects.filter(requested_at__isnull=False, organisation=world.org("sorby-socialnamnd")).exists():
        return
    for case in cases:
        if case.subject.protected_identity:
            continue
        services.pending_benefit_register(
            registered_by=world.user("sara.lind"),
            case=case,
            person=case.subject,
            benefit="sickness_compensation",
            agency=world.org("fk"),
            applied_on=on - dt.timedelta(days=40),
            note="Ansökan om sjukersättning inlämnad; försörjningsstöd betalas i avvaktan på beslutet.",
        )
        return
