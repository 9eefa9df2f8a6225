"""Recording the agencies' own records: checked, transactional, audited, and proactive when due."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from samverkan.disclosures.models import AuditEntry
from samverkan.registries import services
from samverkan.registries.models import (
    BenefitApplication,
    BenefitDecision,
    BenefitPayment,
    Notice,
    UnemploymentFundPayment,
)
from tests.registries.conftest import assistance_client_known_to, person_without_assistance_known_to

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 20)


#: Who records at each agency in the demo world.
OFFICIALS = {"fk": "fredrik.holm", "af": "ali.karimi", "akassa-malardalen": "kim.wallin"}


def _by(user_named: Any, org: Any, person: Any, org_code: str = "fk") -> dict[str, Any]:
    """The actor, organisation and person of a record entered at ``org_code``."""
    return {"actor": user_named(OFFICIALS[org_code]), "organisation": org(org_code), "person": person}


def _payment(user_named: Any, org: Any, person: Any, **overrides: Any) -> Any:
    values: dict[str, Any] = {
        **_by(user_named, org, person),
        "benefit": "sickness_benefit",
        "period_start": dt.date(2026, 10, 1),
        "period_end": dt.date(2026, 10, 31),
        "amount": Decimal("14250.00"),
        "paid_on": dt.date(2026, 11, 25),
    }
    values.update(overrides)
    return services.benefit_payment_record(**values)


def _retroactive_decision(user_named: Any, org: Any, person: Any, **overrides: Any) -> Any:
    values: dict[str, Any] = {
        **_by(user_named, org, person),
        "benefit": "sickness_compensation",
        "decision_date": TODAY,
        "period_start": dt.date(2026, 7, 1),
        "monthly_amount": Decimal("9800.00"),
        "extent": "hel",
        "retroactive_amount": Decimal("27440.00"),
        "retroactive_start": dt.date(2026, 7, 1),
        "retroactive_end": dt.date(2026, 10, 31),
        "payout_date": dt.date(2026, 12, 18),
    }
    values.update(overrides)
    return services.benefit_decision_record(**values)


def test_a_payment_is_stored_and_audited_in_the_same_transaction(user_named: Any, org: Any) -> None:
    person = person_without_assistance_known_to("fk")
    payment = _payment(user_named, org, person)
    assert BenefitPayment.objects.filter(pk=payment.pk, source="manual").exists()
    entry = AuditEntry.objects.filter(event="registry.recorded", person=person).latest("pk")
    assert entry.extra["record_id"] == payment.pk
    assert entry.extra["kind"] == "benefit_payment"
    assert entry.actor == user_named("fredrik.holm")
    assert set(entry.categories) == {"payment_period", "payment_amount", "payment_date"}


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"amount": "-100.00"}, "amount", "negativt"),
        ({"period_start": dt.date(2026, 10, 31), "period_end": dt.date(2026, 10, 1)}, "period_end", "före dess början"),
        ({"benefit": "guarantee_pension"}, "benefit", "beslutar inte om garantipension"),
    ],
    ids=["negative-amount", "period-backwards", "benefit-not-decided-by-fk"],
)
def test_a_wrong_payment_is_refused_in_swedish_and_nothing_is_stored(
    user_named: Any, org: Any, overrides: dict[str, Any], field: str, message: str
) -> None:
    person = person_without_assistance_known_to("fk")
    before = (BenefitPayment.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as exc:
        _payment(user_named, org, person, **overrides)
    assert message in exc.value.message_dict[field][0]
    assert (BenefitPayment.objects.count(), AuditEntry.objects.count()) == before


def test_the_same_payment_twice_is_refused_as_a_duplicate(user_named: Any, org: Any) -> None:
    person = person_without_assistance_known_to("fk")
    _payment(user_named, org, person)
    with pytest.raises(ValidationError) as exc:
        _payment(user_named, org, person)
    assert "redan registrerad" in " ".join(exc.value.messages)


def test_an_external_id_already_used_by_the_agency_is_refused(user_named: Any, org: Any) -> None:
    person = person_without_assistance_known_to("fk")
    _payment(user_named, org, person, external_id="FK-1")
    with pytest.raises(ValidationError) as exc:
        _payment(user_named, org, person, external_id="FK-1", amount=Decimal("1.00"))
    assert "FK-1" in exc.value.message_dict["external_id"][0]


def test_arbetsformedlingen_cannot_record_a_benefit_payment(user_named: Any, org: Any) -> None:
    person = person_without_assistance_known_to("af")
    with pytest.raises(ValidationError) as exc:
        _payment(user_named, org, person, actor=user_named("ali.karimi"), organisation=org("af"))
    assert "registreras bara hos" in " ".join(exc.value.messages)


#: One record of each kind, and where it is entered.
ONE_OF_EACH_KIND: dict[str, tuple[str, dict[str, Any]]] = {
    "benefit_application": ("fk", {"benefit": "housing_allowance", "submitted_on": TODAY}),
    "benefit_decision": (
        "fk",
        {"benefit": "housing_allowance", "decision_date": TODAY, "period_start": dt.date(2026, 11, 1)},
    ),
    "benefit_payment": (
        "fk",
        {
            "benefit": "sickness_benefit",
            "period_start": dt.date(2026, 10, 1),
            "period_end": dt.date(2026, 10, 31),
            "amount": Decimal("14250.00"),
            "paid_on": dt.date(2026, 11, 25),
        },
    ),
    "jobseeker_registration": ("af", {"registered_from": dt.date(2026, 3, 2), "category": "openly_unemployed"}),
    "labour_market_programme": ("af", {"name": "Rusta och matcha", "period_start": dt.date(2026, 9, 1)}),
    "activity_report": ("af", {"submitted_on": dt.date(2020, 3, 5), "report_month": dt.date(2020, 2, 1)}),
    "establishment_allowance_decision": ("af", {"decision_date": dt.date(2026, 10, 1)}),
    "unemployment_fund_payment": (
        "akassa-malardalen",
        {
            "period_start": dt.date(2026, 10, 1),
            "period_end": dt.date(2026, 10, 31),
            "amount": Decimal("15400.00"),
            "paid_on": dt.date(2026, 11, 12),
        },
    ),
}


@pytest.mark.parametrize("kind", list(ONE_OF_EACH_KIND))
def test_every_kind_refuses_the_same_record_twice_with_its_own_swedish_message(
    user_named: Any, org: Any, kind: str
) -> None:
    org_code, values = ONE_OF_EACH_KIND[kind]
    person = person_without_assistance_known_to(org_code)
    write = getattr(services, f"{kind}_record")
    first = write(**_by(user_named, org, person, org_code), **values)
    assert type(first).__name__ == services.model_for(kind).__name__
    with pytest.raises(ValidationError) as exc:
        write(**_by(user_named, org, person, org_code), **values)
    assert exc.value.messages == [services.SAME_RECORD[kind][1]]
    assert "redan registrer" in exc.value.messages[0]


def test_a_record_writer_takes_exactly_its_kinds_fields(user_named: Any, org: Any) -> None:
    person = person_without_assistance_known_to("fk")
    with pytest.raises(TypeError, match="amount"):
        services.benefit_payment_record(
            **_by(user_named, org, person),
            benefit="sickness_benefit",
            period_start=TODAY,
            period_end=TODAY,
            paid_on=TODAY,
        )
    with pytest.raises(TypeError, match="category"):
        services.benefit_application_record(
            **_by(user_named, org, person), benefit="housing_allowance", submitted_on=TODAY, category="other"
        )
    assert services.benefit_application_record.__name__ == "benefit_application_record"


def test_a_retroactive_decision_needs_its_payout_date(user_named: Any, org: Any) -> None:
    person = person_without_assistance_known_to("fk")
    with pytest.raises(ValidationError) as exc:
        _retroactive_decision(user_named, org, person, payout_date=None)
    assert "utbetalningsdag" in exc.value.message_dict["payout_date"][0].lower()


def test_a_decision_for_a_bistand_client_writes_a_pending_notice_per_active_case(user_named: Any, org: Any) -> None:
    person = assistance_client_known_to("fk")
    decision = _retroactive_decision(user_named, org, person)
    notice = Notice.objects.get(record_kind="benefit_decision", record_id=decision.pk)
    # The test transaction never commits, so the worker has not run: the notice waits.
    assert notice.status == Notice.Status.PENDING
    assert notice.recipient.code == "sorby-socialnamnd"
    assert notice.urgent is True
    assert "payment_date" in notice.categories
    assert {i["category"] for i in notice.payload} <= set(notice.categories)


def test_a_decision_for_someone_without_an_active_bistand_case_writes_no_notice(user_named: Any, org: Any) -> None:
    person = person_without_assistance_known_to("fk")
    decision = services.benefit_decision_record(
        **_by(user_named, org, person),
        benefit="housing_allowance",
        decision_date=TODAY,
        period_start=dt.date(2026, 11, 1),
        monthly_amount=Decimal("2100.00"),
    )
    assert not Notice.objects.filter(record_id=decision.pk, record_kind="benefit_decision").exists()


def test_a_refused_decision_and_an_application_are_no_reason_for_a_notice(user_named: Any, org: Any) -> None:
    person = assistance_client_known_to("fk")
    refused = services.benefit_decision_record(
        **_by(user_named, org, person),
        benefit="housing_allowance",
        outcome="refused",
        decision_date=TODAY,
        period_start=dt.date(2026, 11, 1),
    )
    application: Any = services.benefit_application_record(
        **_by(user_named, org, person),
        benefit="parental_benefit",
        submitted_on=TODAY,
    )
    assert not Notice.objects.filter(record_kind="benefit_decision", record_id=refused.pk).exists()
    assert not Notice.objects.filter(record_kind="benefit_application", record_id=application.pk).exists()


def test_an_unemployment_fund_payment_is_stored_and_told_to_the_nämnd_unasked(user_named: Any, org: Any) -> None:
    """SoL (2025:400) 15 kap. 10 §: "dessa myndigheter och arbetslöshetskassorna på eget initiativ" (issue 18)."""
    person = assistance_client_known_to("akassa-malardalen")
    payment = services.unemployment_fund_payment_record(
        **_by(user_named, org, person, "akassa-malardalen"),
        period_start=dt.date(2026, 10, 1),
        period_end=dt.date(2026, 10, 31),
        amount=Decimal("15400.00"),
        paid_on=dt.date(2026, 11, 12),
    )
    assert UnemploymentFundPayment.objects.filter(pk=payment.pk).exists()
    notice = Notice.objects.get(record_kind="unemployment_fund_payment", record_id=payment.pk)
    assert set(notice.categories) == {"identity", "payment_period", "payment_amount", "payment_date"}


def test_af_records_registration_programme_report_and_establishment_allowance(user_named: Any, org: Any) -> None:
    person = person_without_assistance_known_to("af")
    common = _by(user_named, org, person, "af")
    services.jobseeker_registration_record(
        **common, registered_from=dt.date(2026, 3, 2), category="openly_unemployed", unemployment_fund="Handels a-kassa"
    )
    services.labour_market_programme_record(**common, name="Rusta och matcha", period_start=dt.date(2026, 9, 1))
    report: Any = services.activity_report_record(
        **common, submitted_on=dt.date(2024, 6, 5), report_month=dt.date(2024, 5, 17)
    )
    assert report.report_month == dt.date(2024, 5, 1)
    services.establishment_allowance_decision_record(
        **common,
        decision_date=dt.date(2026, 10, 1),
        monthly_amount=Decimal("6776.00"),
        period_start=dt.date(2026, 10, 1),
        period_end=dt.date(2028, 9, 30),
        extent="hel",
    )
    with pytest.raises(ValidationError) as exc:
        services.establishment_allowance_decision_record(
            **common, decision_date=dt.date(2026, 10, 2), period_end=dt.date(2027, 1, 1), extent="halv"
        )
    assert set(exc.value.message_dict) == {"period_start", "extent"}


def test_application_status_changes_are_audited(user_named: Any, org: Any) -> None:
    person = person_without_assistance_known_to("fk")
    application: Any = services.benefit_application_record(
        **_by(user_named, org, person),
        benefit="housing_allowance",
        submitted_on=TODAY,
    )
    services.benefit_application_set_status(actor=user_named("fredrik.holm"), application=application, status="decided")
    application.refresh_from_db()
    assert application.status == "decided"
    assert AuditEntry.objects.filter(event="registry.recorded", extra__change="status").exists()
    with pytest.raises(ValidationError):
        services.benefit_application_set_status(actor=None, application=application, status="decided")


def test_the_demo_registers_hold_sandbox_records_of_every_kind(world: None) -> None:
    assert BenefitDecision.objects.filter(source="sandbox", retroactive_amount__isnull=False).exists()
    assert BenefitDecision.objects.filter(organisation__code="pm", benefit="housing_supplement").exists()
    assert BenefitApplication.objects.filter(source="sandbox", status="submitted").exists()
    for model_name in (
        "BenefitPayment",
        "JobseekerRegistration",
        "LabourMarketProgramme",
        "ActivityReport",
        "EstablishmentAllowanceDecision",
        "UnemploymentFundPayment",
    ):
        assert apps.get_model("registries", model_name).objects.filter(source="sandbox").exists(), model_name
