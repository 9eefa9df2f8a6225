"""Applications: registered per household and month, with declared incomes and costs; bad input stores nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from samverkan.accounts.models import User
from samverkan.assistance import services
from samverkan.assistance.models import Application, ApplicationMember, DeclaredCost, DeclaredIncome
from samverkan.cases.models import Case, CaseMember
from samverkan.core.clock import today
from samverkan.disclosures.models import AuditEntry
from samverkan.people.models import Person

pytestmark = pytest.mark.django_db


def test_application_copies_the_household_and_stores_exact_amounts(
    case: Case, applicant: Person, sara: User, month: dt.date
) -> None:
    audit_before = AuditEntry.objects.count()
    application = services.application_create(
        case=case,
        month=month + dt.timedelta(days=9),
        received_on=today(),
        created_by=sara,
        applied_amount="12 345,67",
        incomes=[services.IncomeInput(person=applicant, kind="salary", amount="1000.10")],
        costs=[services.CostInput(kind="rent", amount=Decimal("6500.00"))],
    )
    assert application.month == month  # the month, not the day typed
    assert application.applied_amount == Decimal("12345.67")
    assert set(ApplicationMember.objects.filter(application=application).values_list("person_id", flat=True)) == set(
        CaseMember.objects.filter(case=case).values_list("person_id", flat=True)
    )
    income = DeclaredIncome.objects.get(application=application)
    assert (income.source, income.amount) == ("employer", Decimal("1000.10"))
    assert DeclaredCost.objects.get(application=application).amount == Decimal("6500.00")
    assert AuditEntry.objects.count() == audit_before + 1
    entry = AuditEntry.objects.order_by("-pk").first()
    assert entry is not None
    assert (entry.event, entry.actor_id, entry.extra["application"]) == (
        "assistance.application_created",
        sara.pk,
        application.pk,
    )


def test_children_are_not_expected_to_be_registered_at_af(new_application: Callable[..., Application]) -> None:
    application = new_application()
    for member in application.members.select_related("person"):
        age = (application.month - member.person.birth_date).days // 365
        if age < 17:
            assert member.able_to_work is False
        if age >= 19:
            assert member.able_to_work is None


@pytest.mark.parametrize(
    ("income", "field", "message"),
    [
        ({"kind": "salary", "amount": "-1.00"}, "incomes-0-amount", "negativt"),
        ({"kind": "salary", "amount": "12.345"}, "incomes-0-amount", "två decimaler"),
        ({"kind": "sickness_benefit", "amount": "100", "source": "employer"}, "incomes-0-source", "Försäkringskassan"),
        ({"kind": "lottery", "amount": "100"}, "incomes-0-kind", "Välj"),
    ],
)
def test_bad_income_refuses_the_whole_application(
    income: dict[str, Any], field: str, message: str, case: Case, applicant: Person, sara: User, month: dt.date
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.application_create(
            case=case,
            month=month,
            received_on=today(),
            created_by=sara,
            incomes=[services.IncomeInput(person=applicant, **income)],
        )
    assert message in " ".join(caught.value.message_dict[field])
    assert not Application.objects.filter(case=case, month=month).exists()
    assert not DeclaredIncome.objects.filter(application__case=case, application__month=month).exists()


def test_negative_cost_is_refused_and_nothing_stored(case: Case, sara: User, month: dt.date) -> None:
    with pytest.raises(ValidationError) as caught:
        services.application_create(
            case=case, month=month, received_on=today(), created_by=sara, costs=[services.CostInput("rent", "-5")]
        )
    assert "negativt" in caught.value.message_dict["costs-0-amount"][0]
    assert not Application.objects.filter(case=case, month=month).exists()


def test_a_second_application_for_the_same_month_is_refused(new_application: Callable[..., Application]) -> None:
    first = new_application()
    with pytest.raises(ValidationError) as caught:
        new_application()
    assert "finns redan en ansökan" in caught.value.message_dict["month"][0]
    assert Application.objects.filter(case=first.case, month=first.month).count() == 1


def test_income_of_a_person_outside_the_household_is_refused(
    new_application: Callable[..., Application], sara: User
) -> None:
    application = new_application()
    stranger = Person.objects.exclude(case_memberships__case=application.case).first()
    assert stranger is not None
    with pytest.raises(ValidationError) as caught:
        services.income_add(application=application, person=stranger, kind="salary", amount="10", added_by=sara)
    assert "hushållet" in caught.value.message_dict["person"][0]
    assert not application.incomes.exists()


def test_an_application_needs_an_aktuellt_arende_om_bistand(sara: User, month: dt.date) -> None:
    closed = Case.objects.filter(organisation=sara.organisation, case_type="assistance", status="closed").first()
    assert closed is not None
    with pytest.raises(ValidationError, match="avslutat"):
        services.application_create(case=closed, month=month, received_on=today(), created_by=sara)


def test_decided_application_cannot_be_changed(granted: Application, sara: User, applicant: Person) -> None:
    with pytest.raises(ValidationError, match="beslutad"):
        services.income_add(application=granted, person=applicant, kind="salary", amount="10", added_by=sara)
    with pytest.raises(ValidationError, match="beslutad"):
        services.cost_add(application=granted, kind="rent", amount="10", added_by=sara)


def test_assessment_of_work_capacity_is_stored(new_application: Callable[..., Application], sara: User) -> None:
    application = new_application()
    applicant_id = application.case.subject_id
    services.application_update(application=application, updated_by=sara, able_to_work={applicant_id: True})
    assert ApplicationMember.objects.get(application=application, person_id=applicant_id).able_to_work is True


class TestDecision:
    def test_granted_needs_an_amount_above_zero(self, new_application: Callable[..., Application], sara: User) -> None:
        application = new_application()
        for amount in (None, "0", "-100"):
            with pytest.raises(ValidationError) as caught:
                services.application_decide(
                    application=application,
                    decision="granted",
                    granted_amount=amount,
                    decided_on=today(),
                    decided_by=sara,
                )
            assert "granted_amount" in caught.value.message_dict
        application.refresh_from_db()
        assert application.status == Application.Status.RECEIVED

    def test_refusal_needs_a_motivation(self, new_application: Callable[..., Application], sara: User) -> None:
        application = new_application()
        with pytest.raises(ValidationError) as caught:
            services.application_decide(
                application=application, decision="refused", decided_on=today(), decided_by=sara
            )
        assert "Motivera" in caught.value.message_dict["motivation"][0]
        decided = services.application_decide(
            application=application,
            decision="refused",
            decided_on=today(),
            decided_by=sara,
            motivation="Inkomsterna täcker normen.",
        )
        assert (decided.status, decided.decision, decided.granted_amount) == ("decided", "refused", None)

    def test_decision_cannot_come_before_the_application(
        self, new_application: Callable[..., Application], sara: User
    ) -> None:
        application = new_application()
        with pytest.raises(ValidationError) as caught:
            services.application_decide(
                application=application,
                decision="granted",
                granted_amount="100",
                decided_on=application.received_on - dt.timedelta(days=1),
                decided_by=sara,
            )
        assert "före ansökan" in caught.value.message_dict["decided_on"][0]
