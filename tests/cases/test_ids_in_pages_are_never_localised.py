"""Ids in links, form values and element ids are written as plain digits: the Swedish number format's thousands
separator ("1 737") must never reach a URL or a form (it did: the case page's "Ställ en administrativ fråga" sent
``?arende=1%C2%A0737`` once the case's id passed 999)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from samverkan.cases import services
from samverkan.cases.models import Case, CaseMember

pytestmark = pytest.mark.django_db

BIG = 1_234_567


def _case_with_a_big_id() -> Case:
    case = Case.objects.filter(organisation__code="sorby-socialnamnd", case_type="assistance", status="active").first()
    assert case is not None
    members = list(case.members.all())
    case.pk, case.reference = BIG, "2026-99999"
    case.save(force_insert=True)
    CaseMember.objects.bulk_create(CaseMember(case=case, person=m.person, relation=m.relation) for m in members)
    return case


def test_the_case_page_links_and_forms_carry_the_id_as_plain_digits(client_for: Any, user_named: Any) -> None:
    case = _case_with_a_big_id()
    client = client_for("sara.lind")
    first = services.journal_note_write(case=case, actor=user_named("sara.lind"), text="En anteckning.")
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert f"?arende={BIG}" in page
    assert not re.search(r"=\"?[^\"]*1[\u00a0 ]234[\u00a0 ]567", page), "an id with a thousands separator"
    form = client.get(reverse("cases:journal_note", args=[case.pk]) + f"?rattar={first.pk}").content.decode()
    assert f'value="{first.pk}"' in form
