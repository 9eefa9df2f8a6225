"""Makulering of an ärende opened by mistake: a reason, who and when, audited, POST after a confirmation page; a
makulerat ärende is no aktuellt ärende for the gate, leaves the default list and cannot be changed; refused (with a
Swedish explanation pointing to closing) once the gate has been asked in the case."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samverkan.accounts.models import Organisation
from samverkan.cases import services
from samverkan.cases.models import Case
from samverkan.cases.selectors import active_assistance_case_for
from samverkan.core import clock
from samverkan.disclosures.models import AuditEntry, DisclosureRequest
from samverkan.disclosures.services import disclosure_request
from samverkan.people.models import Person

pytestmark = pytest.mark.django_db

FK_DUTY = ["identity", "benefit_granted", "payment_period", "payment_amount", "payment_date"]
PERIOD = (clock.today().replace(day=1, month=9), clock.today())


def _fresh_case(sara: Any) -> Case:
    """An aktuellt ärende om ekonomiskt bistånd, just opened, for a person with no other Sörby case."""
    person = (
        Person.objects.filter(protected_identity=False)
        .exclude(case_memberships__case__organisation__code="sorby-socialnamnd")
        .order_by("pk")
        .first()
    )
    assert person is not None
    return services.case_create(
        organisation=sara.unit.organisation,
        unit=sara.unit,
        case_type="assistance",
        subject_identity_number=person.identity_number,
        responsible=sara,
        opened_on=clock.today(),
        actor=sara,
    )


def _ask_fk(sara: Any, case: Case | None, person: Person) -> Any:
    return disclosure_request(
        requester=sara,
        discloser=Organisation.objects.get(code="fk"),
        person=person,
        case=case,
        categories=FK_DUTY,
        purpose="Utredning av rätt till ekonomiskt bistånd",
        period=(PERIOD[0], PERIOD[1]),
    )


def test_makulering_needs_a_reason_and_is_audited_after_a_confirmation_page(client_for: Any, user_named: Any) -> None:
    sara = user_named("sara.lind")
    case = _fresh_case(sara)
    client = client_for("sara.lind")
    url = reverse("cases:cancel", args=[case.pk])
    assert (
        reverse("cases:cancel", args=[case.pk]) in client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    )
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Makulera ärendet" in confirm.content.decode()
    before = AuditEntry.objects.count()
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 400 and "Skriv skälet till makuleringen." in refused.content.decode()
    case.refresh_from_db()
    assert case.status == "active" and AuditEntry.objects.count() == before
    assert client.post(url, {"reason": "Dubblett"}).status_code == 302
    case.refresh_from_db()
    assert (case.status, case.cancelled_by, case.cancellation_reason) == ("cancelled", sara, "Dubblett")
    assert case.cancelled_at is not None and case.cancelled_at.date() == clock.today()
    entry = AuditEntry.objects.get(event="case.cancelled", extra__case_id=case.pk)
    assert (entry.actor, entry.person_id) == (sara, case.subject_id)
    assert not case.is_active


def test_a_makulerat_arende_is_no_aktuellt_arende_for_the_gate(user_named: Any) -> None:
    sara = user_named("sara.lind")
    case = _fresh_case(sara)
    person = case.subject
    assert active_assistance_case_for(organisation=case.organisation, person=person) == case
    services.case_cancel(case=case, reason="Fel person", actor=sara)
    case.refresh_from_db()
    assert not case.is_active
    # Without a case the gate looks for the person's aktuellt ärende: the makulerat one is not found, so nothing
    # is released on the duty that needs an aktuellt ärende (or the person is not the nämnd's at all).
    assert active_assistance_case_for(organisation=case.organisation, person=person) is None
    try:
        result = _ask_fk(sara, None, person)
    except ValidationError:
        pass
    else:
        assert result.request.case_id is None and not result.released
    # Named as the ärende of a request, a makulerat ärende is refused before anything is decided or stored.
    before = DisclosureRequest.objects.count()
    with pytest.raises(ValidationError) as refused:
        _ask_fk(sara, case, person)
    assert "Ärendet är makulerat" in str(refused.value)
    assert DisclosureRequest.objects.count() == before
    assert not DisclosureRequest.objects.filter(case=case).exists()


def test_makulering_is_refused_once_the_gate_was_asked_in_the_case(client_for: Any, user_named: Any) -> None:
    sara = user_named("sara.lind")
    case = _fresh_case(sara)
    _ask_fk(sara, case, case.subject)
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.case_cancel(case=case, reason="Dubblett", actor=sara)
    assert "Avsluta ärendet i stället" in str(refused.value) and "sekretessgrinden" in str(refused.value)
    page = client_for("sara.lind").get(reverse("cases:cancel", args=[case.pk])).content.decode()
    assert "Avsluta ärendet i stället" in page
    response = client_for("sara.lind").post(reverse("cases:cancel", args=[case.pk]), {"reason": "Dubblett"})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.status == "active" and AuditEntry.objects.count() == before


def test_a_makulerat_arende_is_hidden_by_default_and_cannot_be_changed(client_for: Any, user_named: Any) -> None:
    sara = user_named("sara.lind")
    case = _fresh_case(sara)
    services.case_cancel(case=case, reason="Dubblett", actor=sara)
    client = client_for("sara.lind")
    listed = client.post(reverse("cases:list"), {"q": case.reference}, follow=True).content.decode()
    assert reverse("cases:detail", args=[case.pk]) not in listed
    shown = client.post(reverse("cases:list"), {"q": case.reference, "status": "cancelled"}, follow=True)
    assert reverse("cases:detail", args=[case.pk]) in shown.content.decode()
    api = client.get("/api/v1/cases/", {"status": "cancelled"}).json()
    assert case.pk in [c["id"] for c in api]
    assert case.pk not in [c["id"] for c in client.get("/api/v1/cases/").json()]
    before = AuditEntry.objects.count()
    for change in (
        lambda: services.case_close(case=case, closed_on=clock.today(), actor=sara),
        lambda: services.case_cancel(case=case, reason="Igen", actor=sara),
        lambda: services.case_add_member(case=case, identity_number="19850412-9803", relation="partner", actor=sara),
        lambda: services.journal_note_write(case=case, actor=sara, text="Efteråt"),
    ):
        with pytest.raises(ValidationError):
            change()
    close = client.post(reverse("cases:close", args=[case.pk]), {"closed_on": clock.today().isoformat()})
    assert close.status_code == 400 and "Ärendet är makulerat och kan inte ändras." in close.content.decode()
    note = client.post(reverse("cases:journal_note", args=[case.pk]), {"text": "Efteråt"})
    assert note.status_code == 400 and "makulerat" in note.content.decode()
    case.refresh_from_db()
    assert case.status == "cancelled" and AuditEntry.objects.count() == before
