"""Permission matrix: every demo official (each role at each organisation) × each view.

Scoping rule: no URL or id ever shows another organisation's case or person (404), and roles that
do not work in individual cases (samverkansansvarig, säkerhet, samordningsförbund) get 403.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from samverkan.cases.access import CASES
from samverkan.cases.models import Case
from samverkan.core.demo import USERS
from samverkan.domain.organisations import CASE_ROLES, UNIT_SEPARATED_TYPES
from samverkan.rehab.models import CareCoordinationStatus

pytestmark = pytest.mark.django_db

ALL_OFFICIALS = [u[0] for u in USERS]


def _own_and_foreign_case(user: Any) -> tuple[Case | None, Case]:
    own_cases = Case.objects.filter(organisation=user.unit.organisation)
    if user.unit.organisation.type in UNIT_SEPARATED_TYPES:  # a vårdcentral sees its own patients (PDL 4 kap.)
        own_cases = own_cases.filter(unit=user.unit)
    own = own_cases.first()
    foreign = Case.objects.exclude(organisation=user.unit.organisation).first()
    assert foreign is not None
    return own, foreign


@pytest.mark.parametrize("username", ALL_OFFICIALS)
def test_each_official_sees_own_cases_and_never_another_organisations(
    username: str, client_for: Any, user_named: Any
) -> None:
    user = user_named(username)
    client = client_for(username)
    case_role = user.has_role(*CASE_ROLES)
    own, foreign = _own_and_foreign_case(user)
    expected_case_views = 200 if case_role else 403

    assert client.get(reverse("core:home")).status_code == 200
    assert client.get(reverse("cases:list")).status_code == expected_case_views
    assert client.get(reverse("cases:create")).status_code == expected_case_views
    assert client.get(reverse("people:search")).status_code == expected_case_views
    if own is not None:
        assert client.get(reverse("cases:detail", args=[own.pk])).status_code == expected_case_views
        assert client.get(reverse("people:detail", args=[own.subject_id])).status_code == expected_case_views
    foreign_status = 404 if case_role else 403
    assert client.get(reverse("cases:detail", args=[foreign.pk])).status_code == foreign_status
    foreign_only_person = (
        foreign.subject
        if not foreign.subject.case_memberships.filter(case__organisation=user.unit.organisation).exists()
        else None
    )
    if foreign_only_person is not None:
        assert client.get(reverse("people:detail", args=[foreign_only_person.pk])).status_code == foreign_status
    status_before = foreign.status
    assert client.post(reverse("cases:close", args=[foreign.pk]), {"closed_on": "2026-11-20"}).status_code == (
        foreign_status
    )
    foreign.refresh_from_db()
    assert foreign.status == status_before  # the other organisation's case is not changed (it may be makulerat)


@pytest.mark.parametrize("username", ALL_OFFICIALS)
def test_api_lists_only_the_own_organisations_cases(username: str, client_for: Any, user_named: Any) -> None:
    user = user_named(username)
    response = client_for(username).get("/api/v1/cases/")
    if not CASES.allows(user):  # the API answers as the page does (issue 16): structure-only roles get 403
        assert response.status_code == 403
        assert client_for(username).get(reverse("cases:list")).status_code == 403
        return
    assert response.status_code == 200
    own_refs = set(
        Case.objects.filter(organisation=user.unit.organisation, status="active").values_list("reference", flat=True)
    )
    assert {c["reference"] for c in response.json()} <= own_refs
    _, foreign = _own_and_foreign_case(user)
    assert client_for(username).get(f"/api/v1/cases/{foreign.pk}").status_code == 404


def test_anonymous_visitors_are_sent_to_the_login_page(client: Any, world: None) -> None:
    case = Case.objects.first()
    assert case is not None
    for url in [reverse("core:home"), reverse("cases:detail", args=[case.pk]), reverse("people:search")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert client.get("/api/v1/cases/").status_code == 401


def test_search_never_finds_a_person_known_only_to_another_organisation(client_for: Any) -> None:
    fk_only = (
        Case.objects.exclude(organisation__code="sorby-socialnamnd")
        .exclude(subject__case_memberships__case__organisation__code="sorby-socialnamnd")
        .first()
    )
    assert fk_only is not None
    person = fk_only.subject
    response = client_for("sara.lind").post(reverse("people:search"), {"q": person.identity_number}, follow=True)
    assert f"/personer/{person.pk}/" not in response.content.decode()
    assert "Ingen person i dina ärenden" in response.content.decode()


@pytest.mark.parametrize(("username", "other_unit"), [("helena.strom", "vc-bjorkhagen"), ("mats.falk", "vc-angen")])
def test_a_vardcentral_never_sees_another_vardcentrals_patients(
    username: str, other_unit: str, client_for: Any, user_named: Any
) -> None:
    user = user_named(username)
    client = client_for(username)
    theirs = Case.objects.filter(organisation=user.unit.organisation, unit__code=other_unit).first()
    assert theirs is not None
    for url in [
        reverse("cases:detail", args=[theirs.pk]),
        reverse("people:detail", args=[theirs.subject_id]),
        reverse("rehab:healthcare_patient", args=[theirs.pk]),
        f"/api/v1/cases/{theirs.pk}",
    ]:
        assert client.get(url).status_code == 404, url
    before = CareCoordinationStatus.objects.filter(case=theirs).values_list("status", "note").first()
    status = client.post(reverse("rehab:healthcare_status", args=[theirs.pk]), {"status": "declined", "note": "x"})
    assert status.status_code == 404
    assert CareCoordinationStatus.objects.filter(case=theirs).values_list("status", "note").first() == before
    assert theirs.reference not in {c["reference"] for c in client.get("/api/v1/cases/").json()}
    listed = client.get(reverse("rehab:healthcare")).content.decode()
    assert theirs.subject.identity_number not in listed
