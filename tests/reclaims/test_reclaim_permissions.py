"""Who sees and does what: the nämnd its own reclaims, the agency what was sent to it; else 404 or 403."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from samverkan.accounts.models import Organisation, RoleAssignment, Unit, User
from samverkan.reclaims import services
from samverkan.reclaims.models import Reclaim
from tests.reclaims.conftest import decide, new_case, pay

pytestmark = pytest.mark.django_db


def _draft(dates: dict[str, dt.date], *, org_code: str = "sorby-socialnamnd") -> Reclaim:
    case = new_case(org_code=org_code)
    pay(case, dates["m1"], "8000.00")
    pay(case, dates["m2"], "8000.00")
    decision = decide(
        case.subject,
        start=dates["m1"],
        end=dates["end"],
        amount="30000.00",
        decided=dates["decided"],
        payout=dates["payout"],
    )
    (reclaim,) = services.reclaim_on_retroactive_decision(decision)
    return reclaim


def test_draft_is_the_nämnds_own_until_sent(
    world: None, dates: dict[str, dt.date], client_for: Any, user_named: Any
) -> None:
    reclaim = _draft(dates)
    detail = reverse("reclaims:detail", args=[reclaim.pk])
    assert client_for("sara.lind").get(detail).status_code == 200
    # FK does not see a draft, nor any other organisation.
    for username in ("fredrik.holm", "pia.strand", "helena.strom"):
        assert client_for(username).get(detail).status_code in (403, 404)
    assert client_for("fredrik.holm").get(detail).status_code == 404

    services.reclaim_send(reclaim=reclaim, sent_by=user_named("sara.lind"))
    assert client_for("fredrik.holm").get(detail).status_code == 200
    assert client_for("pia.strand").get(detail).status_code == 404  # sent to FK, not PM


def test_only_fk_officials_settle(world: None, dates: dict[str, dt.date], client_for: Any, user_named: Any) -> None:
    reclaim = services.reclaim_send(reclaim=_draft(dates), sent_by=user_named("sara.lind"))
    data = {"to_social_services": "16000.00", "to_person": "14000.00", "settled_on": dates["today"].isoformat()}
    settle = reverse("reclaims:settle", args=[reclaim.pk])
    assert client_for("sara.lind").post(settle, data).status_code == 403
    assert client_for("pia.strand").post(settle, data).status_code == 404
    assert client_for("johan.dahl").post(settle, data).status_code == 403  # samverkansansvarig: no individual cases
    assert client_for("ali.karimi").post(settle, data).status_code == 403
    reclaim.refresh_from_db()
    assert reclaim.status == Reclaim.Status.SENT
    assert client_for("fredrik.holm").post(settle, data).status_code == 302
    reclaim.refresh_from_db()
    assert reclaim.status == Reclaim.Status.PAID


def test_only_the_nämnd_sends(world: None, dates: dict[str, dt.date], client_for: Any) -> None:
    reclaim = _draft(dates)
    send = reverse("reclaims:send", args=[reclaim.pk])
    assert client_for("fredrik.holm").post(send, {"confirm": "on"}).status_code == 403
    assert client_for("lars.ek").post(send, {"confirm": "on"}).status_code == 403
    reclaim.refresh_from_db()
    assert reclaim.status == Reclaim.Status.DRAFT
    response = client_for("omar.haddad").post(send, {"confirm": "on"})
    assert response.status_code == 302
    reclaim.refresh_from_db()
    assert reclaim.status == Reclaim.Status.SENT


def test_send_without_confirmation_is_refused_in_swedish(
    world: None, dates: dict[str, dt.date], client_for: Any
) -> None:
    reclaim = _draft(dates)
    response = client_for("sara.lind").post(reverse("reclaims:send", args=[reclaim.pk]), {})
    assert response.status_code == 400
    assert "Detta fält måste fyllas i" in response.content.decode()
    reclaim.refresh_from_db()
    assert reclaim.status == Reclaim.Status.DRAFT


def test_api_is_scoped_to_the_organisation(
    world: None, dates: dict[str, dt.date], client_for: Any, user_named: Any
) -> None:
    reclaim = _draft(dates)
    url = f"/api/v1/reclaims/{reclaim.pk}"
    social = client_for("sara.lind")
    assert social.get(url).status_code == 200
    assert reclaim.reference in [r["reference"] for r in social.get("/api/v1/reclaims/").json()]
    fk = client_for("fredrik.holm")
    assert fk.get(url).status_code == 404
    assert reclaim.reference not in [r["reference"] for r in fk.get("/api/v1/reclaims/").json()]
    services.reclaim_send(reclaim=reclaim, sent_by=user_named("sara.lind"))
    body = fk.get(url).json()
    assert body["status"] == "sent" and body["to_social_services"] == "16000.00"
    assert body["allocations"][0]["claimed"] == "8000.00"
    assert client_for("kim.wallin").get(url).status_code == 403  # an a-kassa is never party to a återsökning


def test_pending_benefit_form_refuses_excluded_benefit_and_nothing_is_stored(world: None, client_for: Any) -> None:
    case = new_case()
    fk = case.organisation.__class__.objects.get(code="fk")
    url = reverse("reclaims:pending_create", args=[case.pk])
    client = client_for("sara.lind")
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"person": case.subject.pk, "benefit": "child_allowance", "agency": fk.pk, "applied_on": "2026-01-10"}
    )
    assert response.status_code == 400
    assert "Barnbidrag kan aldrig betalas ut till socialnämnden" in response.content.decode()
    assert not case.pending_benefits.exists()
    ok = client.post(
        url, {"person": case.subject.pk, "benefit": "sickness_benefit", "agency": fk.pk, "applied_on": "2026-01-10"}
    )
    assert ok.status_code == 302
    assert case.pending_benefits.get().benefit == "sickness_benefit"
    assert client_for("fredrik.holm").get(url).status_code == 403


def test_another_socialnämnd_gets_404_everywhere(
    world: None, dates: dict[str, dt.date], client_for: Any, user_named: Any
) -> None:
    other = Organisation.objects.create(
        code="norby-socialnamnd", name="Socialnämnden i Norby", org_type="social_services"
    )
    unit = Unit.objects.create(organisation=other, code="ekb", name="Ekonomiskt bistånd", handles_assistance=True)
    stranger = User.objects.create(username="stina.norby", unit=unit)
    RoleAssignment.objects.create(user=stranger, role="social_worker")
    reclaim = _draft(dates)
    client = client_for("stina.norby")
    assert client.get(reverse("reclaims:list")).status_code == 200
    assert reclaim.reference not in client.get(reverse("reclaims:list")).content.decode()
    for url in (
        reverse("reclaims:detail", args=[reclaim.pk]),
        reverse("reclaims:letter", args=[reclaim.pk, "request"]),
        reverse("reclaims:pending_create", args=[reclaim.case_id]),
        f"/api/v1/reclaims/{reclaim.pk}",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("reclaims:send", args=[reclaim.pk]), {"confirm": "on"}).status_code == 404
    reclaim.refresh_from_db()
    assert reclaim.status == Reclaim.Status.DRAFT


def test_case_page_suggests_registering_the_awaited_benefit_of_an_advance(
    world: None, dates: dict[str, dt.date], client_for: Any
) -> None:
    case = new_case()
    pay(case, dates["m1"], "8000.00", advance_benefit="housing_supplement", written_notice=True)
    page = client_for("sara.lind").get(reverse("cases:detail", args=[case.pk])).content.decode()
    link = (
        f"{reverse('reclaims:pending_create', args=[case.pk])}?person={case.subject_id}&amp;benefit=housing_supplement"
    )
    assert link in page
    form = client_for("sara.lind").get(link.replace("&amp;", "&")).content.decode()
    pm = Organisation.objects.get(code="pm")
    assert f'<option value="{pm.pk}" selected>' in form
    assert '<option value="housing_supplement" selected>' in form
