"""Issue 18 point 1: the återsökning request is made when the nämnd grants bistånd "i avvaktan på" a benefit —
it crosses the gate to FK at once, FK sees it on the person where it decides and over its API, the decision is
matched to it when recorded and the request counts as received that day (so a payout right after the decision
is no longer too late), it can be withdrawn, and the person sees it on Mina sidor."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from samverkan.accounts.models import Organisation
from samverkan.cases.models import Case, CaseMember
from samverkan.disclosures.models import AuditEntry
from samverkan.reclaims import services
from samverkan.reclaims.models import PendingBenefit, Reclaim
from tests.portal.conftest import portal_login
from tests.reclaims.conftest import decide, new_case, pay

pytestmark = pytest.mark.django_db


def _advance(case: Any, user_named: Any, applied_on: dt.date) -> PendingBenefit:
    return services.pending_benefit_register(
        registered_by=user_named("sara.lind"),
        case=case,
        person=case.subject,
        benefit="sickness_compensation",
        agency=Organisation.objects.get(code="fk"),
        applied_on=applied_on,
    )


def test_the_advance_request_crosses_the_gate_at_once_with_a_cited_basis(
    world: None, dates: dict[str, dt.date], user_named: Any
) -> None:
    case = new_case()
    pending = _advance(case, user_named, dates["m1"])
    assert pending.requested_at is not None and pending.requested_on == dt.date(2026, 11, 18)
    assert "10 kap. 2 § offentlighets- och sekretesslagen" in pending.request_basis
    entry = AuditEntry.objects.get(event="reclaim.pending_registered", person=case.subject)
    assert entry.recipient is not None and entry.recipient.code == "fk"
    assert entry.basis == pending.request_basis and "identity" in entry.categories


def test_fk_sees_the_request_on_the_person_where_it_decides_and_over_its_api(
    world: None, dates: dict[str, dt.date], user_named: Any, client_for: Any
) -> None:
    case = new_case()
    _advance(case, user_named, dates["m1"])
    fk_office = Organisation.objects.get(code="fk").units.get(code="lfk-sorby")
    sickness = Case.objects.create(  # the person applied for the benefit at FK: FK has its own ärende
        organisation=fk_office.organisation,
        unit=fk_office,
        reference=f"FK-{case.reference}",
        case_type="sickness",
        subject=case.subject,
        opened_on=dates["m1"],
    )
    CaseMember.objects.create(case=sickness, person=case.subject, relation="applicant")
    fk = client_for("fredrik.holm")
    person_page = fk.get(f"/register/person/{case.subject_id}/").content.decode()
    assert "Socialnämnden har begärt återsökning i förväg" in person_page
    decision_form = fk.get(f"/register/person/{case.subject_id}/ny/benefit_decision/").content.decode()
    assert "Socialnämnden har begärt återsökning i förväg" in decision_form
    assert case.subject.identity_number in fk.get("/atersokning/inkommande/").content.decode()
    listed = fk.get("/api/v1/reclaims/advance-requests", {"person_id": case.subject_id}).json()
    assert [r["benefit"] for r in listed] == ["sickness_compensation"]
    assert listed[0]["case_reference"] == case.reference
    # Not for PM, not for the nämnd's own officials' API, not for a-kassa.
    assert client_for("pia.strand").get("/api/v1/reclaims/advance-requests").json() == []
    assert client_for("sara.lind").get("/api/v1/reclaims/advance-requests").status_code == 403


def test_the_decision_is_matched_and_a_payout_the_day_after_is_not_too_late(
    world: None, dates: dict[str, dt.date], user_named: Any, move_clock: Any
) -> None:
    case = new_case()
    for month in ("m1", "m2", "m3"):
        pay(case, dates[month], "8000.00", advance_benefit="sickness_compensation", written_notice=True)
    pending = _advance(case, user_named, dates["m1"])
    move_clock(dt.date(2026, 12, 3))  # FK decides two weeks later and pays the next day
    decision = decide(
        case.subject,
        start=dates["m1"],
        end=dates["end"],
        amount="30000.00",
        decided=dt.date(2026, 12, 2),
        payout=dt.date(2026, 12, 3),
    )
    (reclaim,) = services.reclaim_on_retroactive_decision(decision)
    assert reclaim.status == Reclaim.Status.SENT
    assert reclaim.request_received == dt.date(2026, 11, 18)
    assert reclaim.to_social_services == Decimal("24000.00")
    pending.refresh_from_db()
    assert pending.status == PendingBenefit.Status.DECIDED
    assert AuditEntry.objects.filter(event="reclaim.sent", person=case.subject, extra__advance_request=pending.pk)
    assert "i förväg" in reclaim.events.order_by("-pk").first().note  # type: ignore[union-attr]


def test_a_withdrawn_advance_request_leaves_fks_list_and_the_decision_is_only_drafted(
    world: None, dates: dict[str, dt.date], user_named: Any, client_for: Any
) -> None:
    case = new_case()
    pay(case, dates["m1"], "8000.00")
    pending = _advance(case, user_named, dates["m1"])
    services.pending_benefit_withdraw(pending=pending, withdrawn_by=user_named("sara.lind"))
    withdrawn = AuditEntry.objects.get(event="reclaim.pending_withdrawn", person=case.subject)
    assert withdrawn.recipient is not None and withdrawn.recipient.code == "fk"
    assert (
        client_for("fredrik.holm").get("/api/v1/reclaims/advance-requests", {"person_id": case.subject_id}).json() == []
    )
    decision = decide(
        case.subject,
        start=dates["m1"],
        end=dates["end"],
        amount="9000.00",
        decided=dates["decided"],
        payout=dates["payout"],
    )
    (reclaim,) = services.reclaim_on_retroactive_decision(decision)
    assert reclaim.status == Reclaim.Status.DRAFT


def test_the_person_is_told_on_mina_sidor(
    world: None, dates: dict[str, dt.date], user_named: Any, client: Any, settings: Any
) -> None:
    case = new_case()
    _advance(case, user_named, dates["m1"])
    settings.DEMO_MODE = True
    portal_login(client, case.subject)
    html = client.get("/mina-sidor/").content.decode()
    assert "Nämnden begärde den 18 november 2026" in html
    assert "sjukersättning" in html
