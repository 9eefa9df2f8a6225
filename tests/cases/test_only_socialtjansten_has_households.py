"""Issue 21 point 7: an employer's or an agency's ärende is about one person — no "Hushållet", no "Lägg till
hushållsmedlem", and the service refuses a member added by a forged POST."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samverkan.cases import services
from samverkan.cases.models import Case, CaseMember

pytestmark = pytest.mark.django_db


def test_an_employers_case_shows_the_person_not_a_household(client_for: Any, user_named: Any) -> None:
    case = Case.objects.filter(organisation__code="sorby-bygg").first()
    assert case is not None
    html = client_for("karin.olsson").get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Personen i ärendet" in html
    assert "Lägg till hushållsmedlem" not in html and "Hushållet i ärendet" not in html
    other = Case.objects.exclude(subject=case.subject).first()
    assert other is not None
    before = CaseMember.objects.filter(case=case).count()
    with pytest.raises(ValidationError, match="bara i socialtjänstens ärenden"):
        services.case_add_member(
            case=case,
            identity_number=other.subject.identity_number,
            relation="partner",
            actor=user_named("karin.olsson"),
        )
    assert CaseMember.objects.filter(case=case).count() == before


def test_a_socialnamnds_case_still_has_its_household(client_for: Any) -> None:
    case = Case.objects.filter(organisation__code="sorby-socialnamnd", status="active").first()
    assert case is not None
    html = client_for("sara.lind").get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Hushållet i ärendet" in html and "Lägg till hushållsmedlem" in html
