"""The journal is append-only: a note is never edited or deleted; a correction is a new entry that refers to the
old one, and an entry written in error is marked makulerad with a reason (audited) and stays readable."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse

from samverkan.cases import services
from samverkan.cases.models import Case, JournalEntry
from samverkan.core import clock
from samverkan.disclosures.models import AuditEntry

pytestmark = pytest.mark.django_db


def _case() -> Case:
    case = (
        Case.objects.filter(organisation__code="sorby-socialnamnd", case_type="assistance", status="active")
        .exclude(journal__isnull=False)
        .order_by("pk")
        .first()
    )
    assert case is not None
    return case


def test_a_note_is_written_on_the_case_page_and_audited(client_for: Any, user_named: Any) -> None:
    case, client = _case(), client_for("omar.haddad")
    response = client.post(reverse("cases:journal_note", args=[case.pk]), {"text": "Telefonsamtal med sökanden."})
    assert response.status_code == 302
    entry = JournalEntry.objects.get(case=case)
    assert (entry.kind, entry.text, entry.written_by) == (
        "note",
        "Telefonsamtal med sökanden.",
        user_named("omar.haddad"),
    )
    audit = AuditEntry.objects.get(event="journal.note_written", extra__entry_id=entry.pk)
    assert audit.actor == user_named("omar.haddad") and audit.person_id == case.subject_id
    assert "Telefonsamtal med sökanden." not in str(audit.extra)  # the log never holds the note's text
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Telefonsamtal med sökanden." in page


def test_newest_first_on_the_page_and_in_the_api(client_for: Any, user_named: Any, move_clock: Any) -> None:
    case, sara = _case(), user_named("sara.lind")
    first = services.journal_note_write(case=case, actor=sara, text="Första")
    move_clock(clock.now() + dt.timedelta(hours=1))
    second = services.journal_note_write(case=case, actor=sara, text="Andra")
    data = client_for("sara.lind").get(f"/api/v1/cases/{case.pk}/journal").json()
    assert [e["id"] for e in data] == [second.pk, first.pk]
    page = client_for("sara.lind").get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert page.index("Andra") < page.index("Första")


def test_the_api_writes_a_note_and_refuses_bad_input_in_swedish(client_for: Any) -> None:
    case, client = _case(), client_for("sara.lind")
    created = client.post(f"/api/v1/cases/{case.pk}/journal", {"text": "Via API"}, content_type="application/json")
    assert created.status_code == 201 and created.json()["kind"] == "note"
    before = (JournalEntry.objects.count(), AuditEntry.objects.count())
    empty = client.post(f"/api/v1/cases/{case.pk}/journal", {"text": "   "}, content_type="application/json")
    assert empty.status_code == 400 and "Skriv en anteckning." in empty.json()["error"]
    control = client.post(f"/api/v1/cases/{case.pk}/journal", {"text": "a\x00b"}, content_type="application/json")
    assert control.status_code == 422
    wrong = client.post(
        f"/api/v1/cases/{case.pk}/journal", {"text": "Rättelse", "corrects": 10**9}, content_type="application/json"
    )
    assert wrong.status_code == 400 and "Anteckningen som rättas finns inte i ärendet." in wrong.json()["error"]
    form = client.post(reverse("cases:journal_note", args=[case.pk]), {"text": ""})
    assert form.status_code == 400 and "Skriv en anteckning." in form.content.decode()
    assert (JournalEntry.objects.count(), AuditEntry.objects.count()) == before


def test_there_is_no_edit_or_delete_path(client_for: Any, user_named: Any) -> None:
    case = _case()
    entry = services.journal_note_write(case=case, actor=user_named("sara.lind"), text="Ursprunglig")
    for name in ("journal_edit", "journal_delete", "journal_update"):
        with pytest.raises(NoReverseMatch):
            reverse(f"cases:{name}", args=[case.pk, entry.pk])
    client = client_for("sara.lind")
    for method in ("put", "patch", "delete"):
        response = getattr(client, method)(f"/api/v1/cases/{case.pk}/journal", content_type="application/json")
        assert response.status_code == 405
    with pytest.raises(ValueError):
        entry.text = "Ändrad"
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()
    entry.refresh_from_db()
    assert entry.text == "Ursprunglig"


def test_a_correction_is_a_new_entry_referring_to_the_old_one(client_for: Any, user_named: Any) -> None:
    case = _case()
    old = services.journal_note_write(case=case, actor=user_named("sara.lind"), text="Besök på kontoret")
    client = client_for("sara.lind")
    form = client.get(reverse("cases:journal_note", args=[case.pk]) + f"?rattar={old.pk}").content.decode()
    assert "Besök på kontoret" in form and "Den gamla anteckningen ändras inte." in form
    response = client.post(
        reverse("cases:journal_note", args=[case.pk]), {"text": "Rättelse: det var ett samtal", "corrects": old.pk}
    )
    assert response.status_code == 302
    correction = JournalEntry.objects.get(corrects=old)
    old.refresh_from_db()
    assert old.text == "Besök på kontoret" and correction.text == "Rättelse: det var ett samtal"
    assert (
        AuditEntry.objects.get(event="journal.note_written", extra__entry_id=correction.pk).extra["corrects"] == old.pk
    )


def test_an_entry_written_in_error_is_makulerad_with_a_reason_and_stays(client_for: Any, user_named: Any) -> None:
    case, sara = _case(), user_named("sara.lind")
    entry = services.journal_note_write(case=case, actor=sara, text="Skrevs i fel ärende")
    client = client_for("sara.lind")
    url = reverse("cases:journal_void", args=[case.pk, entry.pk])
    before = AuditEntry.objects.count()
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 400 and "Skriv skälet till makuleringen." in refused.content.decode()
    assert AuditEntry.objects.count() == before
    assert client.post(url, {"reason": "Fel ärende"}).status_code == 302
    entry.refresh_from_db()
    assert (entry.is_voided, entry.voided_by, entry.void_reason, entry.text) == (
        True,
        sara,
        "Fel ärende",
        "Skrevs i fel ärende",
    )
    assert AuditEntry.objects.get(event="journal.entry_voided", extra__entry_id=entry.pk).actor == sara
    with pytest.raises(ValidationError, match="redan makulerad"):
        services.journal_entry_void(entry=entry, actor=sara, reason="Igen")
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "<del>Skrevs i fel ärende</del>" in page and "Fel ärende" in page
