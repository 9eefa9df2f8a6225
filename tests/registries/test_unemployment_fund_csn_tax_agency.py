"""Issue 18 points 8 and 11 in the registries: the a-kassa's proactive notices, CSN's and Skatteverket's
records (by system integration only), and the household lookup asking them through the gate."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from samverkan.accounts.models import Organisation, User
from samverkan.cases.models import Case
from samverkan.domain.organisations import INTEGRATION_ONLY_TYPES
from samverkan.registries import records as rec
from samverkan.registries import services
from samverkan.registries.lookup import fetch_household
from samverkan.registries.models import Notice, StudySupportPayment, TaxAssessment, UnemploymentFundPayment
from samverkan.registries.sources.sandbox import generate_records
from tests.registries.conftest import assistance_case_of, assistance_client_known_to

ON = dt.date(2026, 11, 2)


def _parse(kind: str, agency: str, **values: Any) -> rec.RecordData:
    return rec.parse_record(kind, {"external_id": "X-1", "identity_number": "19850412-9803", **values}, agency=agency)


def test_every_new_kind_yields_only_the_categories_of_its_agencys_duty_list() -> None:
    from samverkan.disclosures.records import KIND_CATEGORIES
    from samverkan.domain.disclosure import duty_categories
    from samverkan.domain.organisations import OrganisationType

    for agency in ("unemployment_fund", "csn", "tax_agency"):
        listed = duty_categories(OrganisationType(agency))
        assert set(rec.LOOKUP_CATEGORIES[agency]) <= listed
        for number in ("19850412-9803", "19900101-9810"):
            for record in generate_records(agency, number, on=ON):
                found = {item.category for item in rec.record_items(record)}
                assert found <= listed, record.kind
                assert found <= KIND_CATEGORIES[record.kind], record.kind


def test_a_payment_of_an_unemployment_fund_is_split_as_the_ordinance_lists_it() -> None:
    record = _parse(
        "unemployment_fund_payment",
        "unemployment_fund",
        period_start="2026-10-01",
        period_end="2026-10-31",
        amount="14300.00",
        paid_on="2026-11-10",
    )
    items = {i.category: i for i in rec.record_items(record)}
    assert {"payment_period", "payment_amount", "payment_date", "unemployment_benefit_payment"} == set(items)
    assert items["payment_amount"].data["amount"] == Decimal("14300.00")
    assert rec.agency_event(record) is not None


def test_csn_and_tax_records_are_checked_and_give_their_facts() -> None:
    payment = _parse(
        "study_support_payment",
        "csn",
        form="study_grant",
        period_start="2026-11-01",
        period_end="2026-11-30",
        amount="3500.00",
        paid_on="2026-10-25",
    )
    assert {i.category for i in rec.record_items(payment)} == {
        "study_support_form",
        "study_support_period",
        "study_support_amount",
        "study_support_payment_date",
    }
    refund = _parse(
        "tax_settlement", "tax_agency", income_year="2025", settlement="refund", amount="4200", due_on="2026-11-05"
    )
    (item,) = rec.record_items(refund)
    assert item.category == "tax_refund" and item.data["paid_on"] == dt.date(2026, 11, 5)
    with pytest.raises(rec.RecordInvalid) as bad:
        _parse("tax_assessment", "tax_agency", income_year="25", decision_date="2026-06-01", employment_income="1")
    assert bad.value.errors[0].field == "income_year"
    with pytest.raises(rec.RecordInvalid):
        _parse("study_support_payment", "unemployment_fund", form="study_grant")


def test_only_the_latest_tax_assessment_concerns_a_period() -> None:
    older = rec.RecordData(
        "tax_assessment",
        "A",
        "19850412-9803",
        {"income_year": "2024", "decision_date": dt.date(2025, 6, 1), "employment_income": Decimal("1")},
    )
    newer = rec.RecordData(
        "tax_assessment",
        "B",
        "19850412-9803",
        {"income_year": "2025", "decision_date": dt.date(2026, 6, 1), "employment_income": Decimal("2")},
    )
    chosen = rec.select_for_period([older, newer], (dt.date(2026, 11, 1), dt.date(2026, 11, 30)))
    assert [r.external_id for r in chosen] == ["B"]


@pytest.mark.django_db
def test_csn_and_the_tax_agency_are_organisations_without_users_and_hold_sandbox_records(world: None) -> None:
    for org_type in INTEGRATION_ONLY_TYPES:
        organisation = Organisation.objects.get(org_type=org_type.value)
        assert not User.objects.filter(unit__organisation=organisation).exists()
    assert TaxAssessment.objects.exists()
    assert StudySupportPayment.objects.exists()


@pytest.mark.django_db
def test_an_unemployment_fund_payment_is_told_to_the_nämnd_through_the_gate(
    user_named: Any, org: Any, django_capture_on_commit_callbacks: Any
) -> None:
    person = assistance_client_known_to("akassa-malardalen")
    with django_capture_on_commit_callbacks(execute=True):
        payment = services.unemployment_fund_payment_record(
            actor=user_named("kim.wallin"),
            organisation=org("akassa-malardalen"),
            person=person,
            period_start=dt.date(2026, 10, 1),
            period_end=dt.date(2026, 10, 31),
            amount=Decimal("15125.00"),
            paid_on=dt.date(2026, 11, 18),
        )
    notice = Notice.objects.get(record_kind="unemployment_fund_payment", record_id=payment.pk)
    assert notice.status == Notice.Status.DELIVERED and not notice.urgent
    assert notice.case == assistance_case_of(person)
    assert set(notice.released_categories) == {"identity", "payment_period", "payment_amount", "payment_date"}
    amount = next(i for i in notice.items if i["category"] == "payment_amount")
    assert "4 § förordningen (2008:975)" in amount["basis"]
    assert "15 kap. 10 § socialtjänstlagen (2025:400)" in amount["basis"]


@pytest.mark.django_db
def test_an_unemployment_fund_decision_is_told_and_a_refused_one_is_not(
    user_named: Any, org: Any, django_capture_on_commit_callbacks: Any
) -> None:
    person = assistance_client_known_to("akassa-malardalen")
    common = {"actor": user_named("kim.wallin"), "organisation": org("akassa-malardalen"), "person": person}
    with django_capture_on_commit_callbacks(execute=True):
        granted = services.unemployment_fund_decision_record(
            **common,
            decision_date=dt.date(2026, 11, 16),
            period_start=dt.date(2026, 11, 2),
            daily_amount=Decimal("910"),
        )
        refused = services.unemployment_fund_decision_record(
            **common, outcome="refused", decision_date=dt.date(2026, 11, 17), period_start=dt.date(2026, 11, 3)
        )
    notice = Notice.objects.get(record_kind="unemployment_fund_decision", record_id=granted.pk)
    assert notice.status == Notice.Status.DELIVERED
    assert {"benefit_granted", "payment_period", "payment_amount"} <= set(notice.released_categories)
    assert not Notice.objects.filter(record_kind="unemployment_fund_decision", record_id=refused.pk).exists()


@pytest.mark.django_db
def test_no_notice_without_an_aktuellt_ärende(user_named: Any, org: Any) -> None:
    person = assistance_client_known_to("akassa-malardalen")
    Case.objects.filter(case_type="assistance", members__person=person).update(status=Case.Status.CLOSED)
    payment = services.unemployment_fund_payment_record(
        actor=user_named("kim.wallin"),
        organisation=org("akassa-malardalen"),
        person=person,
        period_start=dt.date(2026, 10, 1),
        period_end=dt.date(2026, 10, 31),
        amount=Decimal("15125.00"),
        paid_on=dt.date(2026, 11, 18),
    )
    assert not Notice.objects.filter(record_kind="unemployment_fund_payment", record_id=payment.pk).exists()
    assert UnemploymentFundPayment.objects.filter(pk=payment.pk).exists()


@pytest.mark.django_db
def test_the_household_lookup_asks_csn_and_the_tax_agency_through_the_gate(user_named: Any, settings: Any) -> None:
    settings.SAMVERKAN_SOURCES = {a: {"latency": 0.0} for a in rec.AGENCY_CODES}
    worker = user_named("sara.lind")
    case = (
        Case.objects.filter(organisation=worker.organisation, case_type="assistance", status=Case.Status.ACTIVE)
        .order_by("pk")
        .first()
    )
    assert case is not None
    result = fetch_household(requester=worker, case=case, period=(dt.date(2026, 11, 1), dt.date(2026, 11, 30)))
    for person in result.persons:
        agencies = {s.agency: s for s in person.sources}
        for agency, section in (("csn", "2 § förordningen (2008:975)"), ("tax_agency", "6 § förordningen (2008:975)")):
            outcome = agencies[agency]
            assert outcome.status in ("ok", "not_released"), outcome.message
            assert set(outcome.released) <= set(rec.LOOKUP_CATEGORIES[agency])
            for item in outcome.items:
                assert section in item.basis
    statuses = {s.agency: s.status for s in result.sources}
    assert statuses["csn"] == "ok" and statuses["tax_agency"] == "ok"
