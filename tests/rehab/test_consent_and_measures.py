"""Consent per actor (SFB 30 kap. 10 §) and the rules for the plan's measures (SFB 30 kap. 8–11 §§, seed 002)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from samverkan.consents.models import Consent
from samverkan.core.clock import today
from samverkan.rehab import selectors, services
from samverkan.rehab.models import PlanMeasure
from tests.rehab.conftest import Rehab

pytestmark = pytest.mark.django_db


def test_consent_is_registered_in_the_registry_with_fk_as_discloser(rehab: Rehab) -> None:
    coordination = rehab.open()
    consent = rehab.consent(coordination, rehab.af)
    assert consent.discloser == rehab.fk and consent.recipient == rehab.af and consent.person == rehab.person
    assert "rehab_plan" in consent.categories and consent.case == coordination.case
    allowed, why = selectors.may_involve(coordination=coordination, organisation=rehab.af, on=today())
    assert allowed and "30 kap. 10 §" in why


def test_a_consent_must_cover_the_rehabilitation_plan(rehab: Rehab) -> None:
    coordination = rehab.open()
    with pytest.raises(ValidationError) as exc:
        rehab.consent(coordination, rehab.af, categories=["work_capacity_assessment"])
    assert "rehabiliteringsplanen" in " ".join(exc.value.message_dict["categories"])
    assert not Consent.objects.filter(person=rehab.person, recipient=rehab.af, discloser=rehab.fk).exists()


def test_a_measure_for_an_actor_without_consent_is_refused_with_the_statute(rehab: Rehab) -> None:
    coordination = rehab.open()
    with pytest.raises(ValidationError) as exc:
        rehab.measure(coordination, rehab.af)
    message = " ".join(exc.value.message_dict["responsible"])
    assert "samtycke" in message and "30 kap. 10 §" in message
    assert not PlanMeasure.objects.filter(coordination=coordination).exists()


def test_fk_itself_cannot_be_responsible_for_a_measure(rehab: Rehab) -> None:
    coordination = rehab.open()
    with pytest.raises(ValidationError) as exc:
        rehab.measure(coordination, rehab.fk)
    message = " ".join(exc.value.message_dict["responsible"])
    assert "genomför inte själv någon rehabilitering" in message and "30 kap. 8 och 10 §§" in message
    assert not coordination.measures.exists()


def test_a_medical_measure_sits_with_healthcare(rehab: Rehab) -> None:
    coordination = rehab.open()
    rehab.consent(coordination, rehab.af)
    with pytest.raises(ValidationError) as exc:
        rehab.measure(coordination, rehab.af, kind="medical", need_area="medical", description="Fysioterapi")
    assert any("hälso- och sjukvården" in m for m in exc.value.message_dict["responsible"])
    rehab.consent(coordination, rehab.region)
    measure = rehab.measure(coordination, rehab.region, kind="medical", need_area="medical", description="Fysioterapi")
    assert measure.responsible == rehab.region


def test_without_employer_vocational_measures_are_not_the_employers(rehab: Rehab) -> None:
    coordination = rehab.open(has_employer=False)
    rehab.consent(coordination, rehab.employer, categories=["rehab_plan"])
    with pytest.raises(ValidationError) as exc:
        rehab.measure(coordination, rehab.employer)
    assert any("saknar arbetsgivare" in m for m in exc.value.message_dict["responsible"])
    rehab.consent(coordination, rehab.af)
    assert rehab.measure(coordination, rehab.af).kind == "vocational"


def test_an_organisation_that_is_not_a_rehab_actor_is_refused(rehab: Rehab) -> None:
    from samverkan.accounts.models import Organisation

    coordination = rehab.open()
    pm = Organisation.objects.get(code="pm")
    with pytest.raises(ValidationError) as exc:
        rehab.measure(coordination, pm)
    assert any("inte en aktör" in m for m in exc.value.message_dict["responsible"])


def test_a_withdrawn_consent_stops_new_measures_from_that_day(rehab: Rehab) -> None:
    coordination = rehab.open()
    consent = rehab.consent(coordination, rehab.af)
    rehab.measure(coordination, rehab.af)
    services.rehab_consent_withdraw(coordination=coordination, consent=consent, withdrawn_by=rehab.fk_user)
    allowed, why = selectors.may_involve(coordination=coordination, organisation=rehab.af, on=today())
    assert not allowed and "återkallades" in why
    with pytest.raises(ValidationError):
        rehab.measure(coordination, rehab.af, description="Ny insats")
    assert coordination.measures.count() == 1


def test_dates_of_a_measure_are_checked(rehab: Rehab) -> None:
    coordination = rehab.open()
    rehab.consent(coordination, rehab.af)
    with pytest.raises(ValidationError) as exc:
        rehab.measure(
            coordination,
            rehab.af,
            starts_on=today(),
            ends_on=today() - dt.timedelta(days=1),
            follow_up_on=today() - dt.timedelta(days=2),
        )
    assert {"ends_on", "follow_up_on"} <= set(exc.value.message_dict)


def test_a_measure_of_an_actor_whose_consent_lapsed_can_still_be_cancelled(rehab: Rehab) -> None:
    coordination = rehab.open()
    consent = rehab.consent(coordination, rehab.af)
    measure = rehab.measure(coordination, rehab.af)
    services.rehab_consent_withdraw(coordination=coordination, consent=consent, withdrawn_by=rehab.fk_user)
    services.measure_update(
        measure=measure,
        changed_by=rehab.fk_user,
        description=measure.description,
        kind=measure.kind,
        need_area=measure.need_area,
        responsible=rehab.af,
        starts_on=measure.starts_on,
        ends_on=None,
        follow_up_on=None,
        status="cancelled",
        note="Personen återkallade samtycket",
    )
    measure.refresh_from_db()
    assert measure.status == "cancelled"


def test_closed_coordination_cannot_be_changed(rehab: Rehab) -> None:
    from samverkan.cases.services import case_close

    coordination = rehab.open()
    rehab.consent(coordination, rehab.af)
    case_close(case=coordination.case, closed_on=today(), actor=None)
    with pytest.raises(ValidationError) as exc:
        rehab.measure(coordination, rehab.af)
    assert "avslutat" in str(exc.value)
