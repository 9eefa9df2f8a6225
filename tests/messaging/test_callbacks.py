"""Call-back requests between officials (seed 004: "Återkoppling … görs snarast"): the lifecycle, the gate for a
named ärende, the subject's personal-data guard, scoping, reminders and the statistics."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from samverkan.accounts.models import Organisation
from samverkan.core.clock import today
from samverkan.disclosures.models import AuditEntry
from samverkan.domain.pii import check_outgoing_email
from samverkan.messaging.models import Callback, CallbackReminder, Notification
from samverkan.messaging.services import (
    callback_done,
    callback_remind,
    callback_reminders_send,
    callback_request,
)
from samverkan.people.models import Person
from samverkan.reports import statistics as S
from tests.messaging.conftest import case_of

pytestmark = pytest.mark.django_db


def _ask(user_named: Any, patient: Person | None = None, **kwargs: Any) -> Callback:
    options: dict[str, Any] = {
        "requester": user_named("fredrik.holm"),
        "recipient": user_named("helena.strom"),
        "subject": "Ring mig om planeringen",
        "channel": Callback.Channel.PHONE,
        "secrecy_reviewed": True,
    }
    if patient is not None:
        options["case"] = case_of(patient, "fk")
    options.update(kwargs)
    return callback_request(**options)


def test_named_call_back_about_an_arende_passes_the_gate_and_is_due_the_next_working_day(
    user_named: Any, patient: Person
) -> None:
    callback = _ask(user_named, patient)
    assert callback.status == Callback.Status.OPEN
    assert callback.requested_on == dt.date(2026, 11, 18)
    assert callback.due_on == dt.date(2026, 11, 19)
    assert callback.person == patient
    assert callback.basis == "secrecy_review"
    assert callback.gate_snapshot
    assert callback.phone  # the requester's own number when none was given
    entry = AuditEntry.objects.get(event="callback.requested", extra__callback_id=callback.pk)
    assert entry.person == patient
    assert getattr(entry.recipient, "code", None) == "region-malarmark"
    assert entry.categories == ["admin_question"]
    assert Notification.objects.filter(user=callback.recipient, callback=callback, kind="callback_received").exists()


def test_without_a_basis_nothing_is_requested(user_named: Any, patient: Person) -> None:
    before = Callback.objects.count()
    with pytest.raises(ValidationError) as exc:
        _ask(user_named, patient, secrecy_reviewed=False)
    assert "secrecy_reviewed" in exc.value.message_dict
    assert Callback.objects.count() == before


def test_without_a_named_official_the_routine_for_contacts_decides(user_named: Any) -> None:
    callback = callback_request(
        requester=user_named("helena.strom"),
        recipient_organisation=Organisation.objects.get(code="fk"),
        subject="Fråga om rutinen vid övergången till Arbetsförmedlingen",
        channel=Callback.Channel.MESSAGE,
    )
    # FK's routine sends contacts to the contact person; she is away, so her stand-in gets it.
    assert callback.named is False
    assert callback.recipient.username == "maria.nystrom"
    assert callback.routing_note
    assert callback.person is None and callback.basis == ""
    entry = AuditEntry.objects.get(event="callback.requested", extra__callback_id=callback.pk)
    assert entry.person is None and entry.recipient is None


def test_call_back_within_the_own_organisation_needs_no_gate(user_named: Any) -> None:
    callback = _ask(user_named, requester=user_named("maria.nystrom"), secrecy_reviewed=False)
    assert callback.recipient_organisation.code == "region-malarmark"
    callback = callback_request(
        requester=user_named("maria.nystrom"),
        recipient=user_named("fredrik.holm"),
        subject="Hinner du ringa?",
        channel=Callback.Channel.PHONE,
        case=case_of(Person.objects.filter(cases__organisation__code="fk").first(), "fk"),  # type: ignore[arg-type]
    )
    assert callback.basis == "" and callback.person is not None


@pytest.mark.parametrize(
    "subject",
    ["Ring mig om {name}", "Gäller 19800101-9808", "Ring om {first} {last}s ärende"],
)
def test_the_subject_carries_no_personal_data(user_named: Any, patient: Person, subject: str) -> None:
    before = Callback.objects.count()
    with pytest.raises(ValidationError) as exc:
        _ask(
            user_named,
            patient,
            subject=subject.format(name=patient.full_name, first=patient.first_name, last=patient.last_name),
        )
    assert "subject" in exc.value.message_dict
    assert Callback.objects.count() == before


def test_bad_input_is_refused_in_swedish(user_named: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        _ask(user_named, subject="  ")
    assert "subject" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _ask(user_named, channel="fax")
    assert "channel" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _ask(user_named, channel=Callback.Channel.VIDEO)
    assert "time_window" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _ask(user_named, recipient=user_named("fredrik.holm"))
    assert "recipient" in exc.value.message_dict


def test_lifecycle_open_to_done_with_a_note(user_named: Any, patient: Person) -> None:
    callback = _ask(user_named, patient)
    done = callback_done(callback=callback, done_by=user_named("helena.strom"), note="")
    assert done.status == Callback.Status.DONE
    assert done.done_on == today() and done.done_note == "Återkopplat"
    assert AuditEntry.objects.filter(event="callback.done", extra__callback_id=callback.pk).exists()
    assert Notification.objects.filter(user=callback.requester, callback=callback, kind="callback_done").exists()
    with pytest.raises(ValidationError):
        callback_done(callback=callback, done_by=user_named("helena.strom"))


def test_only_the_recipient_side_marks_it_done(user_named: Any, patient: Person) -> None:
    callback = _ask(user_named, patient)
    with pytest.raises(ValidationError):
        callback_done(callback=callback, done_by=user_named("fredrik.holm"))
    with pytest.raises(ValidationError) as exc:
        callback_done(callback=callback, done_by=user_named("helena.strom"), note=f"Pratat med {patient.full_name}")
    assert "note" in exc.value.message_dict
    assert Callback.objects.get(pk=callback.pk).status == Callback.Status.OPEN


def test_pages_create_list_and_mark_done(client_for: Any, user_named: Any, patient: Person) -> None:
    client = client_for("fredrik.holm")
    case = case_of(patient, "fk")
    assert client.get(f"/kommunikation/aterkoppling/ny/?arende={case.pk}").status_code == 200
    response = client.post(
        "/kommunikation/aterkoppling/ny/",
        {
            "recipient": user_named("helena.strom").pk,
            "subject": "Ring mig om planeringen",
            "case_reference": case.reference,
            "channel": "phone",
            "phone": "010-123 45 67",
            "secrecy_reviewed": "on",
        },
    )
    assert response.status_code == 302
    callback = Callback.objects.get(requester__username="fredrik.holm", case=case)
    assert "Ring mig om planeringen" in client.get("/kommunikation/aterkoppling/?visa=fran-mig").content.decode()
    helena = client_for("helena.strom")
    assert "Ring mig om planeringen" in helena.get("/kommunikation/aterkoppling/").content.decode()
    assert helena.post(f"/kommunikation/aterkoppling/{callback.pk}/klar/", {"note": "Återkopplat"}).status_code == 302
    assert Callback.objects.get(pk=callback.pk).status == Callback.Status.DONE


def test_bad_form_input_gives_400_and_stores_nothing(client_for: Any, patient: Person) -> None:
    before = Callback.objects.count()
    response = client_for("fredrik.holm").post(
        "/kommunikation/aterkoppling/ny/",
        {"subject": f"Ring om {patient.full_name}", "channel": "phone", "recipient_organisation": ""},
    )
    assert response.status_code == 400
    assert Callback.objects.count() == before


def test_another_organisations_official_gets_404(client_for: Any, user_named: Any, patient: Person) -> None:
    callback = _ask(user_named, patient)
    client = client_for("sara.lind")
    assert client.post(f"/kommunikation/aterkoppling/{callback.pk}/klar/", {"note": ""}).status_code == 404
    assert (
        client.post(f"/api/v1/messaging/callbacks/{callback.pk}/done", {}, content_type="application/json").status_code
        == 404
    )
    assert "Ring mig om planeringen" not in client.get("/kommunikation/aterkoppling/?visa=klara").content.decode()
    assert Callback.objects.get(pk=callback.pk).status == Callback.Status.OPEN


def test_api_requests_lists_and_marks_done(client_for: Any, user_named: Any, patient: Person) -> None:
    client = client_for("fredrik.holm")
    response = client.post(
        "/api/v1/messaging/callbacks",
        {
            "subject": "Ring mig om planeringen",
            "channel": "phone",
            "recipient_id": user_named("helena.strom").pk,
            "case_id": case_of(patient, "fk").pk,
            "secrecy_reviewed": True,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["due_on"] == "2026-11-19" and data["case_reference"]
    helena = client_for("helena.strom")
    assert data["id"] in [c["id"] for c in helena.get("/api/v1/messaging/callbacks").json()]
    done = helena.post(
        f"/api/v1/messaging/callbacks/{data['id']}/done", {"note": "Återkopplat"}, content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["status"] == "done"
    refused = client.post(
        "/api/v1/messaging/callbacks",
        {"subject": f"Om {patient.full_name}", "channel": "phone", "recipient_id": user_named("helena.strom").pk},
        content_type="application/json",
    )
    assert refused.status_code in (400, 422)


def test_overdue_call_back_is_reminded_once_without_personal_data(
    user_named: Any, patient: Person, django_capture_on_commit_callbacks: Any
) -> None:
    callback = _ask(user_named, patient, on=dt.date(2026, 11, 16))
    assert callback.due_on == dt.date(2026, 11, 17)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert callback_remind(callback=callback) is True
        assert callback_remind(callback=callback) is False
        callback_reminders_send()
        assert callback_reminders_send() == 0
    assert CallbackReminder.objects.filter(callback=callback).count() == 1
    assert Notification.objects.filter(callback=callback, kind="callback_reminder").count() == 1
    mine = [m for m in mail.outbox if m.to == [callback.recipient.email]]
    assert len(mine) == 1
    assert not check_outgoing_email(str(mine[0].subject), str(mine[0].body), [patient.full_name]).blocked


def test_not_reminded_before_the_due_day_has_passed_or_when_done(user_named: Any, patient: Person) -> None:
    callback = _ask(user_named, patient)
    assert callback_remind(callback=callback) is False
    assert callback_remind(callback=callback, on=dt.date(2026, 11, 19)) is False
    callback_done(callback=callback, done_by=user_named("helena.strom"))
    assert callback_remind(callback=callback, on=dt.date(2026, 11, 30)) is False


def test_statistics_count_call_backs_as_their_own_row(user_named: Any, patient: Person) -> None:
    month = today().replace(day=1)
    region = Organisation.objects.get(code="region-malarmark")
    scope = S.StatScope((region,), month, month)

    def figures() -> dict[str, Any]:
        section = S.callbacks_section(scope)
        return {c: section.table.figures[(S.ROW_TOTAL, c)].value for c in ("in_time", "late", "overdue", "open")}

    before = figures()
    late = _ask(user_named, patient, on=dt.date(2026, 11, 16))  # due 11-17, still open: overdue
    in_time = _ask(user_named, patient, subject="Ring mig om mötet")
    callback_done(callback=in_time, done_by=user_named("helena.strom"))
    after = figures()
    assert after["overdue"] == (before["overdue"] or 0) + 1
    assert after["in_time"] == (before["in_time"] or 0) + 1
    assert "callbacks" in [code for code, _ in S.SECTIONS]
    rows = {r.unit.code: r.values for r in S.unit_summary(scope)}
    assert rows["vc-angen"]["callbacks"] >= 2
    assert rows["vc-angen"]["callbacks_in_time"] >= 1
    assert rows["vc-angen"]["callbacks_overdue"] >= 1
    assert late.recipient_unit.code == "vc-angen"


def test_demo_world_has_an_open_call_back(world: None) -> None:
    assert Callback.objects.filter(status=Callback.Status.OPEN, requester__username="fredrik.holm").exists()


def test_unit_dashboard_shows_call_backs_as_their_own_row(client_for: Any, user_named: Any) -> None:
    stats_before = client_for("anna.sjoberg").get("/kommunikation/fragor/oversikt/")
    assert stats_before.status_code == 200
    page = stats_before.content.decode()
    assert "Begäranden om återkoppling" in page
    assert "Återkopplingar (senast nästa arbetsdag)" in page
