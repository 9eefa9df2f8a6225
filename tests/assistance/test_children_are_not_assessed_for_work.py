"""Issue 21 point 7: the bistånd application never asks for a child's work capacity."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from samverkan.assistance.models import Application

pytestmark = pytest.mark.django_db


def _age(birth: Any, on: Any) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def test_only_adults_get_a_work_capacity_field(client_for: Any) -> None:
    application = next(
        a
        for a in Application.objects.filter(organisation__code="sorby-socialnamnd").order_by("pk")
        if any(_age(m.person.birth_date, a.month) < 18 for m in a.members.select_related("person"))
    )
    html = client_for("sara.lind").get(reverse("assistance:detail", args=[application.pk])).content.decode()
    for member in application.members.select_related("person"):
        field = f'name="able_{member.person_id}"'
        if _age(member.person.birth_date, application.month) < 18:
            assert field not in html
        elif not application.is_decided:
            assert field in html
    assert "Barn – arbetsförmågan bedöms inte" in html
