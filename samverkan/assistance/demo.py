"""Demo data for ekonomiskt bistånd (demo step ``assistance``, order 60).

For the first aktuella ärenden of Sara Lind and Omar Haddad at Socialnämnden i Sörby: an
application for each of the last three months (the two earlier ones decided and paid, the
current one waiting for a decision), with the incomes the household declared — taken from what
the agencies actually paid (the registry tables filled by the sandbox), so the checklist says
``ok`` for them — and rent and other costs.

Two things for the case worker to find:

- one applicant's payment from Försäkringskassan is **not declared** in last month's
  application (left undecided); its controls are run through the gate when it is seeded, so its
  checklist flags the FK payment with both amounts;
- households with an application pending at Försäkringskassan get their försörjningsstöd as an
  **advance** on that benefit, with a written decision saying it will be reclaimed (for the
  återsökning flow).

Idempotent and deterministic: applications are found by (case, month) and payments by their
natural key before anything is created; amounts come from ``world.rng`` and the registry data.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

from samverkan.accounts.models import User
from samverkan.assistance import services
from samverkan.assistance.controls import case_controls_refresh
from samverkan.assistance.models import Application, CostKind, IncomeKind, IncomeSource, Payment, PaymentKind
from samverkan.cases.models import Case, CaseMember
from samverkan.core.demo import DemoWorld
from samverkan.domain.dates import age_on
from samverkan.domain.organisations import CaseType
from samverkan.people.models import Person
from samverkan.registries.models import BenefitApplication, BenefitPayment, UnemploymentFundPayment

#: How many cases get applications (per social worker).
CASES_PER_WORKER = 8
#: Approximate riksnorm 2026 per month (kronor): one adult, two adults, each child.
NORM_SINGLE = Decimal("3830.00")
NORM_COUPLE = Decimal("6920.00")
NORM_CHILD = Decimal("2740.00")
#: The external id of the FK payment created when the registry holds none to leave undeclared.
UNDECLARED_PAYMENT_ID = "DEMO-EKB-FK-EJ-UPPGIVEN-1"

_FK_INCOME = {
    "sickness_benefit": IncomeKind.SICKNESS_BENEFIT,
    "rehabilitation_benefit": IncomeKind.SICKNESS_BENEFIT,
    "sickness_compensation": IncomeKind.SICKNESS_COMPENSATION,
    "activity_compensation": IncomeKind.SICKNESS_COMPENSATION,
    "parental_benefit": IncomeKind.PARENTAL_BENEFIT,
    "housing_allowance": IncomeKind.HOUSING_ALLOWANCE,
    "child_allowance": IncomeKind.CHILD_ALLOWANCE,
    "maintenance_support": IncomeKind.MAINTENANCE_SUPPORT,
    "activity_support": IncomeKind.ACTIVITY_SUPPORT,
    "establishment_allowance": IncomeKind.ESTABLISHMENT_ALLOWANCE,
    "housing_supplement": IncomeKind.HOUSING_SUPPLEMENT,
}
_PM_INCOME = {"housing_supplement": IncomeKind.HOUSING_SUPPLEMENT}


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _age(person: Person, on: dt.date) -> int:
    return age_on(person.birth_date, on)


def _demo_cases(world: DemoWorld) -> list[Case]:
    cases: list[Case] = []
    for username in ("sara.lind", "omar.haddad"):
        qs = (
            Case.objects.filter(
                organisation=world.org("sorby-socialnamnd"),
                case_type=CaseType.ASSISTANCE.value,
                status=Case.Status.ACTIVE,
                responsible=world.user(username),
            )
            .select_related("subject", "organisation", "responsible")
            .order_by("pk")
        )
        cases.extend(qs[:CASES_PER_WORKER])
    return cases


def _paid_in_month(persons: list[Person], first: dt.date) -> list[tuple[Person, str, str, Decimal, dt.date]]:
    """What FK, PM and the a-kassa paid the household in the month: (person, source, benefit, amount, paid_on)."""
    last = services.month_end(first)
    by_id = {p.pk: p for p in persons}
    paid: list[tuple[Person, str, str, Decimal, dt.date]] = []
    for row in (
        BenefitPayment.objects.filter(person_id__in=list(by_id), paid_on__gte=first, paid_on__lte=last)
        .select_related("organisation")
        .order_by("paid_on", "pk")
    ):
        paid.append((by_id[row.person_id], row.organisation.org_type, row.benefit, row.amount, row.paid_on))
    for u in UnemploymentFundPayment.objects.filter(
        person_id__in=list(by_id), paid_on__gte=first, paid_on__lte=last
    ).order_by("paid_on", "pk"):
        paid.append((by_id[u.person_id], "unemployment_fund", "", u.amount, u.paid_on))
    return paid


def _income(person: Person, source: str, benefit: str, amount: Decimal, paid_on: dt.date) -> services.IncomeInput:
    if source == "unemployment_fund":
        return services.IncomeInput(
            person=person,
            kind=IncomeKind.UNEMPLOYMENT,
            source=IncomeSource.UNEMPLOYMENT_FUND,
            amount=amount,
            received_on=paid_on,
        )
    table = _FK_INCOME if source == "fk" else _PM_INCOME
    kind = table.get(benefit, IncomeKind.PENSION if source == "pm" else IncomeKind.OTHER)
    return services.IncomeInput(person=person, kind=kind, source=source, amount=amount, received_on=paid_on)


def _undeclared_payment(world: DemoWorld, cases: list[Case], month: dt.date) -> tuple[Case, int]:
    """The case and the FK payment (pk) left out of the declared incomes."""
    last = services.month_end(month)
    for case in cases:
        payment = (
            BenefitPayment.objects.filter(
                person=case.subject, organisation__org_type="fk", paid_on__gte=month, paid_on__lte=last
            )
            .order_by("paid_on", "pk")
            .first()
        )
        if payment is not None:
            return case, payment.pk
    from samverkan.registries.services import benefit_payment_record

    case = cases[0]
    existing = BenefitPayment.objects.filter(external_id=UNDECLARED_PAYMENT_ID).first()
    if existing is None:
        existing = benefit_payment_record(  # type: ignore[assignment]  # a RecordWriter returns the kind's model
            actor=world.user("fredrik.holm"),
            organisation=world.org("fk"),
            person=case.subject,
            benefit="sickness_benefit",
            period_start=_add_months(month, -1),
            period_end=month - dt.timedelta(days=1),
            amount=Decimal("6240.00"),
            paid_on=month.replace(day=25),
            external_id=UNDECLARED_PAYMENT_ID,
        )
    assert existing is not None
    return case, existing.pk


def _decide_and_pay(
    rng: random.Random,
    application: Application,
    *,
    case: Case,
    month: dt.date,
    worker: User,
    need: Decimal,
    received_on: dt.date,
    advance_benefit: str,
) -> None:
    """A past month's application decided some days after it came in: refused when the incomes cover the
    need, else granted and paid the next day (an advance on the awaited benefit when there is one)."""
    decided_on = max(received_on, month) + dt.timedelta(days=rng.randint(2, 8))
    if need <= 0:
        services.application_decide(
            application=application,
            decision=Application.Decision.REFUSED,
            decided_on=decided_on,
            decided_by=worker,
            motivation="Hushållets inkomster under månaden täcker riksnormen och de skäliga boendekostnaderna.",
        )
        return
    services.application_decide(
        application=application,
        decision=Application.Decision.GRANTED,
        granted_amount=need,
        decided_on=decided_on,
        decided_by=worker,
        motivation="",
    )
    if not Payment.objects.filter(application=application).exists():
        services.payment_register(
            application=application,
            recipient=case.subject,
            kind=PaymentKind.SUBSISTENCE,
            amount=need,
            period_start=month,
            period_end=services.month_end(month),
            paid_on=decided_on + dt.timedelta(days=1),
            registered_by=worker,
            advance_benefit=advance_benefit,
            advance_written_notice=bool(advance_benefit),
        )


def _awaited_benefits() -> dict[int, list[str]]:
    """The benefits each person has applied for at FK and awaits: the bistånd is then an advance on it."""
    pending: dict[int, list[str]] = defaultdict(list)
    for person_id, benefit in BenefitApplication.objects.filter(
        status=BenefitApplication.Status.SUBMITTED, organisation__org_type="fk"
    ).values_list("person_id", "benefit"):
        pending[person_id].append(benefit)
    return pending


def seed_assistance(world: DemoWorld) -> None:
    rng = world.rng
    cases = _demo_cases(world)
    if not cases:
        return
    current = world.reference_date.replace(day=1)
    months = [_add_months(current, -2), _add_months(current, -1), current]
    flagged_case, flagged_payment = _undeclared_payment(world, cases, months[1])
    pending = _awaited_benefits()
    for case in cases:
        worker = case.responsible or world.user("sara.lind")
        members = [m.person for m in CaseMember.objects.filter(case=case).select_related("person").order_by("pk")]
        adults = [p for p in members if _age(p, current) >= 18]
        children = len(members) - len(adults)
        norm = (NORM_COUPLE if len(adults) > 1 else NORM_SINGLE) + NORM_CHILD * children
        rent = Decimal(rng.randrange(4800, 9600, 50))
        electricity = Decimal(rng.randrange(250, 700, 10))
        advance_benefit = next(iter(pending.get(case.subject_id, [])), "")
        for month in months:
            last_day = services.month_end(month)
            if Application.objects.filter(case=case, month=month).exists():
                continue
            paid = _paid_in_month(members, month)
            bm_ids = set(
                BenefitPayment.objects.filter(
                    person_id__in=[p.pk for p in members], paid_on__gte=month, paid_on__lte=last_day
                ).values_list("pk", flat=True)
            )
            incomes = [_income(*row) for row in paid]
            leave_out = case == flagged_case and month == months[1] and flagged_payment in bm_ids
            if leave_out:
                skipped = BenefitPayment.objects.get(pk=flagged_payment)
                incomes = [
                    i
                    for i in incomes
                    if not (
                        i.person.pk == skipped.person_id
                        and i.amount == skipped.amount
                        and i.received_on == skipped.paid_on
                    )
                ]
            received_on = month - dt.timedelta(days=rng.randint(3, 12))
            application = services.application_create(
                case=case,
                month=month,
                received_on=received_on,
                created_by=worker,
                applied_amount=norm + rent + electricity,
                note="Ansökan via e-tjänsten." if rng.random() < 0.6 else "Ansökan på blankett.",
                incomes=incomes,
                costs=[
                    services.CostInput(kind=CostKind.RENT, amount=rent, description="Hyra enligt avi"),
                    services.CostInput(kind=CostKind.ELECTRICITY, amount=electricity),
                ],
            )
            services.application_update(
                application=application,
                updated_by=worker,
                able_to_work={p.pk: (_age(p, month) < 66 and rng.random() < 0.8) for p in adults},
            )
            if leave_out:
                # Its checklist is ready when the demo starts: the FK payment is flagged.
                case_controls_refresh(case=case, month=month, requester=worker)
                continue  # waiting for the case worker's decision
            if month == current:
                continue  # waiting for the case worker's decision
            _decide_and_pay(
                rng,
                application,
                case=case,
                month=month,
                worker=worker,
                need=norm + rent + electricity - Decimal(str(sum((i.amount for i in incomes), Decimal("0.00")))),
                received_on=received_on,
                advance_benefit=advance_benefit,
            )
