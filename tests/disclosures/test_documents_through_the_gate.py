"""Documents through the gate (issue 21.3): a released category that is no registry fact carries a PDF or an answer."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from pypdf import PdfWriter

from samverkan.disclosures import documents
from samverkan.disclosures.audit import audit_verify
from samverkan.disclosures.models import AuditEntry, DisclosureDecision, ReleasedDocument, ReviewTask
from samverkan.disclosures.services import disclosure_request, review_decide
from tests.disclosures.conftest import AF_DUTY, Gate

pytestmark = pytest.mark.django_db


def _pdf(extra: bytes = b"") -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue() + extra


@pytest.fixture(autouse=True)
def document_root(tmp_path: Path, settings: Any) -> Path:
    settings.SAMVERKAN_DOCUMENT_ROOT = str(tmp_path / "documents")
    settings.SAMVERKAN_VIRUS_SCAN_COMMAND = ""
    return tmp_path / "documents"


def _released_notes(gate: Gate) -> DisclosureDecision:
    """Case notes asked of AF with the person's consent, approved in AF's own review."""
    gate.consent(categories=["case_notes"])
    result = disclosure_request(
        requester=gate.social_worker,
        discloser=gate.af,
        person=gate.client,
        case=gate.case,
        categories=[*AF_DUTY, "case_notes"],
        purpose="Utredning av rätt till ekonomiskt bistånd",
    )
    task = ReviewTask.objects.get(request=result.request)
    review_decide(task=task, decided_by=gate.af_official, approve=True, motivation="Samtycke finns.")
    return DisclosureDecision.objects.get(request=result.request, category="case_notes")


def test_the_discloser_hands_over_a_pdf_stored_by_its_hash_and_logged(gate: Gate, document_root: Path) -> None:
    decision = _released_notes(gate)
    assert documents.awaits_document(decision)
    assert decision in documents.documents_to_deliver(gate.af)
    content = _pdf()

    doc = documents.document_release(
        decision=decision,
        released_by=gate.af_official,
        title="Anteckningar 2026",
        upload=documents.Upload("anteckningar.pdf", content),
    )

    digest = hashlib.sha256(content).hexdigest()
    assert doc.sha256 == digest and doc.size == len(content)
    assert (document_root / digest[:2] / f"{digest}.pdf").read_bytes() == content
    assert doc.retain_until == gate.today + dt.timedelta(days=90)
    entry = AuditEntry.objects.get(event="document.released", extra__document_id=doc.pk)
    assert entry.extra["sha256"] == digest and entry.actor == gate.af_official
    assert entry.organisation == gate.af and entry.recipient == gate.sorby and entry.categories == ["case_notes"]
    assert audit_verify().ok
    assert not documents.awaits_document(decision)
    assert documents.document_path(doc).read_bytes() == content


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty"),
        (b"GIF89a not a pdf", "type"),
        (b"%PDF-1.7 broken", "unreadable"),
        (None, "active_content"),
    ],
)
def test_a_bad_file_is_refused_in_swedish_and_nothing_is_kept(
    gate: Gate, document_root: Path, content: bytes | None, code: str
) -> None:
    decision = _released_notes(gate)
    data = _pdf(b"\n/JavaScript (app.alert(1))\n") if content is None else content
    with pytest.raises(ValidationError) as raised:
        documents.document_release(
            decision=decision, released_by=gate.af_official, title="Handling", upload=documents.Upload("x.pdf", data)
        )
    assert raised.value.error_dict["file"][0].code == code
    assert not ReleasedDocument.objects.filter(decision=decision).exists()
    assert not document_root.exists() or not any(document_root.rglob("*.pdf"))


def test_a_file_over_the_limit_is_refused(gate: Gate, settings: Any) -> None:
    settings.SAMVERKAN_DOCUMENT_MAX_MB = 0
    decision = _released_notes(gate)
    with pytest.raises(ValidationError, match="för stor"):
        documents.document_release(
            decision=decision, released_by=gate.af_official, title="Handling", upload=documents.Upload("x.pdf", _pdf())
        )


def test_the_virus_scanner_refuses_a_file_it_flags(gate: Gate, settings: Any) -> None:
    settings.SAMVERKAN_VIRUS_SCAN_COMMAND = "false"
    decision = _released_notes(gate)
    with pytest.raises(ValidationError, match="Virussökningen"):
        documents.document_release(
            decision=decision, released_by=gate.af_official, title="Handling", upload=documents.Upload("x.pdf", _pdf())
        )
    settings.SAMVERKAN_VIRUS_SCAN_COMMAND = "true"
    assert documents.document_release(
        decision=decision, released_by=gate.af_official, title="Handling", upload=documents.Upload("x.pdf", _pdf())
    ).is_file


def test_nothing_is_handed_over_for_a_category_not_released(gate: Gate) -> None:
    gate.consent(categories=["case_notes"])
    result = disclosure_request(
        requester=gate.social_worker,
        discloser=gate.af,
        person=gate.client,
        case=gate.case,
        categories=[*AF_DUTY, "case_notes"],
        purpose="Utredning av rätt till ekonomiskt bistånd",
    )
    waiting = DisclosureDecision.objects.get(request=result.request, category="case_notes")
    with pytest.raises(ValidationError, match="inte utlämnad"):
        documents.document_release(decision=waiting, released_by=gate.af_official, title="Svar", answer="Text")
    # Nor by the recipient, nor for a registry category.
    decision = _released_notes(gate)
    with pytest.raises(ValidationError, match="Bara"):
        documents.document_release(decision=decision, released_by=gate.social_worker, title="Svar", answer="Text")
    identity = DisclosureDecision.objects.filter(request=result.request, category="identity").first()
    assert identity is not None
    with pytest.raises(ValidationError, match="registret"):
        documents.document_release(decision=identity, released_by=gate.af_official, title="Svar", answer="Text")


def test_the_requester_opens_the_document_and_another_organisation_cannot(
    gate: Gate, client: Client, user_named: Any
) -> None:
    decision = _released_notes(gate)
    content = _pdf()
    doc = documents.document_release(
        decision=decision, released_by=gate.af_official, title="Anteckningar", upload=documents.Upload("a.pdf", content)
    )
    client.force_login(gate.social_worker)
    page = client.get(f"/forfragningar/{decision.request_id}/")
    assert "Anteckningar" in page.content.decode()
    entries = AuditEntry.objects.count()
    opened = client.get(f"/forfragningar/{decision.request_id}/handling/{doc.pk}/")
    assert opened.status_code == 200 and b"".join(opened.streaming_content) == content  # type: ignore[attr-defined]
    assert AuditEntry.objects.count() == entries  # GET never writes
    client.force_login(user_named("fredrik.holm"))  # FK: no party to the request
    assert client.get(f"/forfragningar/{decision.request_id}/handling/{doc.pk}/").status_code == 404


def test_the_discloser_hands_over_a_written_answer_on_the_page(gate: Gate, client: Client) -> None:
    decision = _released_notes(gate)
    client.force_login(gate.af_official)
    queue = client.get("/granskning/")
    assert f"/granskning/handling/{decision.pk}/" in queue.content.decode()
    refused = client.post(f"/granskning/handling/{decision.pk}/", {"title": "", "answer": ""})
    assert refused.status_code == 400 and not ReleasedDocument.objects.filter(decision=decision).exists()
    sent = client.post(f"/granskning/handling/{decision.pk}/", {"title": "Svar", "answer": "Inga anteckningar finns."})
    assert sent.status_code == 302
    doc = ReleasedDocument.objects.get(decision=decision)
    assert doc.kind == ReleasedDocument.Kind.ANSWER and doc.text == "Inga anteckningar finns."


def test_files_are_deleted_on_the_retention_date_and_the_hash_stays(
    gate: Gate, document_root: Path, django_capture_on_commit_callbacks: Any
) -> None:
    decision = _released_notes(gate)
    doc = documents.document_release(
        decision=decision, released_by=gate.af_official, title="A", upload=documents.Upload("a.pdf", _pdf())
    )
    ReleasedDocument.objects.exclude(pk=doc.pk).update(retain_until=doc.retain_until + dt.timedelta(days=30))
    assert documents.documents_purge(on=doc.retain_until - dt.timedelta(days=1)) == 0
    with django_capture_on_commit_callbacks(execute=True):  # the file goes once the purge is committed
        assert documents.documents_purge(on=doc.retain_until) == 1
    assert documents.documents_purge(on=doc.retain_until) == 0  # run again: nothing twice
    doc.refresh_from_db()
    assert doc.is_purged and doc.sha256
    assert not any(document_root.rglob("*.pdf"))
    with pytest.raises(documents.DocumentGone):
        documents.document_path(doc)
    assert AuditEntry.objects.filter(event="document.purged", extra__document_id=doc.pk).count() == 1


def test_a_file_changed_on_disk_is_not_served(gate: Gate, document_root: Path) -> None:
    decision = _released_notes(gate)
    doc = documents.document_release(
        decision=decision, released_by=gate.af_official, title="A", upload=documents.Upload("a.pdf", _pdf())
    )
    path = document_root / doc.sha256[:2] / f"{doc.sha256}.pdf"
    path.write_bytes(_pdf(b"% changed"))
    with pytest.raises(documents.DocumentGone, match="stämmer inte"):
        documents.document_path(doc)
