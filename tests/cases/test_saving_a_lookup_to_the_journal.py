"""“Spara i journalen” on the household lookup: the case's journal gets what the gate released in that lookup (the
decision rows' shown values, with sources and citations), audited, by the case's own socialsekreterare only."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from samverkan.accounts.models import Organisation, RoleAssignment, Unit, User
from samverkan.cases.models import Case, JournalEntry
from samverkan.disclosures.models import AuditEntry, DisclosureDecision, DisclosureRequest
from tests.registries.conftest import assistance_client_known_to

pytestmark = pytest.mark.django_db

PERIOD = {"period_start": "2026-09-01", "period_end": "2026-11-18"}


@pytest.fixture(autouse=True)
def _fast_sources(settings: Any) -> None:
    settings.SAMVERKAN_SOURCES = {a: {"latency": 0.0} for a in ("fk", "pm", "af", "unemployment_fund")}


def _case() -> Case:
    return Case.objects.get(
        organisation__code="sorby-socialnamnd",
        case_type="assistance",
        status="active",
        members__person=assistance_client_known_to("fk"),
    )


def _lookup(client: Client, case: Case) -> list[int]:
    response = client.post(reverse("registries:case_lookup", args=[case.pk]), {**PERIOD, "sources": ["fk", "af"]})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Spara i journalen" in page and reverse("registries:case_lookup_save", args=[case.pk]) in page
    ids = response.context["result"].request_ids
    assert ids
    return list(ids)


def _save(client: Client, case: Case, ids: list[int], text: str = "") -> Any:
    return client.post(
        reverse("registries:case_lookup_save", args=[case.pk]),
        {"requests": ",".join(str(i) for i in ids), "text": text},
    )


def test_saving_copies_exactly_what_the_gate_released_with_sources_and_citations(
    client_for: Any, user_named: Any
) -> None:
    client, case = client_for("sara.lind"), _case()
    ids = _lookup(client, case)
    # The journal copies the gate's decision rows, not the agencies' registers: a value only the gate holds shows it.
    released = DisclosureDecision.objects.filter(request_id__in=ids, outcome="released").order_by("pk").first()
    assert released is not None
    DisclosureDecision.objects.filter(pk=released.pk).update(
        released_values=[{"label": "Utbetalt belopp", "value": "som grinden lämnade ut"}]
    )
    before = AuditEntry.objects.count()
    response = _save(client, case, ids, text="Underlag för beslut.")
    assert response.status_code == 302 and response["Location"].endswith(
        reverse("cases:detail", args=[case.pk]) + "#journal"
    )
    entry = JournalEntry.objects.filter(case=case, kind="lookup").latest("pk")
    assert (entry.kind, entry.written_by, entry.text) == ("lookup", user_named("sara.lind"), "Underlag för beslut.")
    assert entry.sources["request_ids"] == sorted(ids)
    assert entry.sources["period"] == {"start": "2026-09-01", "end": "2026-11-18"}
    copied = {r["request_id"]: r for r in entry.sources["requests"]}
    assert set(copied) == set(ids)
    citations = set()
    for request in DisclosureRequest.objects.filter(pk__in=ids).prefetch_related("decisions"):
        assert copied[request.pk]["discloser"] == request.discloser.code
        decisions = {d["category"]: d for d in copied[request.pk]["decisions"]}
        for decision in request.decisions.all():
            assert decisions[decision.category]["values"] == decision.shown_values
            assert decisions[decision.category]["outcome"] == decision.effective_outcome
            if decision.shown_values:
                citations.add(decision.citation)
    assert {"label": "Utbetalt belopp", "value": "som grinden lämnade ut"} in [
        v for r in entry.sources["requests"] for d in r["decisions"] for v in d["values"]
    ]
    assert set(entry.citations) == citations and citations
    assert {a["organisation"] for a in entry.sources["agencies"]} <= {"fk", "af"}
    audit = AuditEntry.objects.filter(sequence__gt=before).get(event="journal.lookup_saved")
    assert (audit.actor, audit.person_id, audit.extra["entry_id"]) == (
        user_named("sara.lind"),
        case.subject_id,
        entry.pk,
    )
    assert audit.extra["request_ids"] == sorted(ids)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "som grinden lämnade ut" in page and "Hämtade uppgifter" in page


def test_gets_write_nothing(client_for: Any) -> None:
    client, case = client_for("sara.lind"), _case()
    ids = _lookup(client, case)
    _save(client, case, ids)
    counts = (JournalEntry.objects.count(), AuditEntry.objects.count(), DisclosureRequest.objects.count())
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    assert client.get(reverse("registries:case_lookup", args=[case.pk])).status_code == 200
    assert client.get(reverse("registries:case_lookup_save", args=[case.pk])).status_code == 405
    assert client.get(reverse("cases:journal_note", args=[case.pk])).status_code == 200
    assert client.get(reverse("cases:cancel", args=[case.pk])).status_code == 200
    entry = JournalEntry.objects.filter(case=case, kind="lookup").latest("pk")
    assert client.get(reverse("cases:journal_void", args=[case.pk, entry.pk])).status_code == 200
    assert client.get(f"/api/v1/cases/{case.pk}/journal").status_code == 200
    assert (JournalEntry.objects.count(), AuditEntry.objects.count(), DisclosureRequest.objects.count()) == counts


def _twin_of(user: User) -> User:
    """The same roles at a second socialnämnd (not in the demo world)."""
    assert user.unit is not None
    own = user.unit.organisation
    organisation = Organisation.objects.create(
        code=f"{own.code}-andra", name=f"{own.name} (andra)", org_type=own.org_type, municipality="Norrby"
    )
    unit = Unit.objects.create(
        organisation=organisation, code=user.unit.code, name=user.unit.name, handles_assistance=True
    )
    twin = User.objects.create(username=f"{user.username}.andra", first_name="Tvilling", last_name="Andra", unit=unit)
    for role in user.roles:
        RoleAssignment.objects.create(user=twin, role=role.value)
    return twin


def test_another_organisations_official_gets_404_and_the_wrong_role_403(
    client_for: Any, user_named: Any, client: Client
) -> None:
    sara, case = client_for("sara.lind"), _case()
    ids = _lookup(sara, case)
    twin = _twin_of(user_named("sara.lind"))
    other = Client()
    other.force_login(twin)
    assert _save(other, case, ids).status_code == 404
    assert other.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    assert other.get(f"/api/v1/cases/{case.pk}/journal").status_code == 404
    assert other.post(reverse("cases:journal_note", args=[case.pk]), {"text": "Fel ärende"}).status_code == 404
    # FK's officials have cases of their own, but not the socialnämnd's lookup.
    assert _save(client_for("fredrik.holm"), case, ids).status_code == 403
    assert client_for("fredrik.holm").get(f"/api/v1/cases/{case.pk}/journal").status_code == 404
    assert not JournalEntry.objects.filter(case=case).exists()


def test_requests_of_another_case_or_none_are_refused_in_swedish(client_for: Any) -> None:
    client, case = client_for("sara.lind"), _case()
    ids = _lookup(client, case)
    other = DisclosureRequest.objects.exclude(case=case).exclude(pk__in=ids).order_by("pk").first()
    assert other is not None
    before = AuditEntry.objects.count()
    refused = _save(client, case, [*ids, other.pk])
    assert refused.status_code == 400
    assert "Hämtningen hittades inte bland ärendets förfrågningar" in refused.content.decode()
    empty = client.post(reverse("registries:case_lookup_save", args=[case.pk]), {"requests": "", "text": ""})
    assert empty.status_code == 400 and "Det finns ingen hämtning att spara" in empty.content.decode()
    garbled = client.post(reverse("registries:case_lookup_save", args=[case.pk]), {"requests": "1,x"})
    assert garbled.status_code == 400 and "Hämtningen kunde inte läsas" in garbled.content.decode()
    assert not JournalEntry.objects.filter(case=case).exists() and AuditEntry.objects.count() == before
