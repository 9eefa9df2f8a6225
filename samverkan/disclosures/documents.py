"""Documents through the gate: what a released category carries when it is no registry fact (issue 21.3).

Journal extracts, SGI, work capacity assessments, case notes: the gate decides the category like any other
(consent, duty or the discloser's own secrecy review), but Samverkan keeps no register of them, so the released
value said only that the discloser "hands the document over". Here the disclosing official hands it over in
Samverkan, for one released decision row: a PDF or a written answer (:func:`document_release`).

- **Only what was released.** The decision must have the outcome released (at once, or after an approving
  review) and be a document category (:func:`awaits_document`); a denied or open category takes nothing.
- **Checked before it is kept.** At most ``SAMVERKAN_DOCUMENT_MAX_MB``; a PDF by its content (``%PDF-`` and
  readable by pypdf), not encrypted, without active content (JavaScript, launch actions, embedded files, XFA
  forms); and, when ``SAMVERKAN_VIRUS_SCAN_COMMAND`` is set (e.g. ClamAV's ``clamdscan``), clean by that scanner.
  A refused file changes nothing and is not kept.
- **Outside the database, by its hash.** The file is written under ``SAMVERKAN_DOCUMENT_ROOT`` as
  ``<sha256[:2]>/<sha256>.pdf``; the row and the audit entry (``document.released``) carry the SHA-256, so the
  log proves which bytes crossed, and :func:`document_path` refuses a file whose bytes no longer match.
- **Deleted on the retention date.** ``SAMVERKAN_DOCUMENT_RETENTION_DAYS`` after release the recipient has had
  time to take the document into its own case file; :func:`documents_purge` (``samverkan documents purge``, a
  nightly job) deletes the file, keeps the row and its hash, and logs ``document.purged``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import shlex
import subprocess
import tempfile
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from samverkan.accounts.models import Organisation, User
from samverkan.core.clock import now, today
from samverkan.disclosures.audit import audit_append
from samverkan.disclosures.models import DisclosureDecision, Outcome, ReleasedDocument, ReviewTask
from samverkan.disclosures.records import REGISTRY_CATEGORIES, value_provider

TITLE_MAX = 200
ANSWER_MAX = 20_000
#: PDF names of active content a handed-over document must not carry (ISO 32000-1, 12.6 actions, 7.11.4, 12.7.8).
ACTIVE_CONTENT = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFiles?|RichMedia|XFA|SubmitForm|ImportData)\b")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _refuse(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def is_document_category(category: str) -> bool:
    """A category Samverkan keeps no register of and no app answers: the discloser hands over a document."""
    return category not in REGISTRY_CATEGORIES and value_provider(category) is None


def is_released(decision: DisclosureDecision) -> bool:
    """Released at once, or after the discloser's approving review."""
    if decision.outcome == Outcome.RELEASED:
        return True
    task: ReviewTask | None = getattr(decision, "review_task", None)
    return task is not None and task.status == ReviewTask.Status.APPROVED


def awaits_document(decision: DisclosureDecision) -> bool:
    """A released document category with nothing handed over yet."""
    return is_document_category(decision.category) and is_released(decision) and not decision.documents.exists()


def documents_to_deliver(organisation: Organisation) -> list[DisclosureDecision]:
    """The discloser's released document categories that still wait for a document or an answer, oldest first."""
    rows = (
        DisclosureDecision.objects.filter(request__discloser=organisation, documents__isnull=True)
        .exclude(category__in=sorted(REGISTRY_CATEGORIES))
        .select_related("request__recipient", "request__person", "request__requested_by", "review_task")
        .order_by("decided_at", "pk")
    )
    return [row for row in rows if is_document_category(row.category) and is_released(row)]


def _max_bytes() -> int:
    return int(settings.SAMVERKAN_DOCUMENT_MAX_MB) * 1024 * 1024


def _clean_text(value: str, *, field: str, limit: int, required: bool) -> str:
    text = (value or "").strip()
    if required and not text:
        raise _refuse(field, "Fyll i fältet.", "required")
    if len(text) > limit:
        raise _refuse(field, f"Högst {limit} tecken.", "max_length")
    if _CONTROL.search(text):
        raise _refuse(field, "Texten innehåller otillåtna styrtecken.", "invalid")
    return text


def _scan(content: bytes) -> None:
    """The configured virus scanner, if any: a non-zero exit refuses the file."""
    command = str(getattr(settings, "SAMVERKAN_VIRUS_SCAN_COMMAND", "") or "").strip()
    if not command:
        return
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        try:
            done = subprocess.run([*shlex.split(command), handle.name], capture_output=True, timeout=120, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise _refuse("file", "Filen kunde inte virussökas just nu. Försök igen senare.", "scan_failed") from exc
    if done.returncode != 0:
        raise _refuse("file", "Virussökningen hittade något i filen. Den lämnas inte ut.", "infected")


def check_pdf(content: bytes) -> None:
    """A PDF that may cross: size, type by content, readable, not encrypted, no active content, scanned."""
    if not content:
        raise _refuse("file", "Filen är tom.", "empty")
    if len(content) > _max_bytes():
        raise _refuse("file", f"Filen är för stor: högst {settings.SAMVERKAN_DOCUMENT_MAX_MB} MB.", "too_large")
    if not content.lstrip()[:5] == b"%PDF-":
        raise _refuse("file", "Filen är ingen PDF. Spara handlingen som PDF och försök igen.", "type")
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        encrypted = reader.is_encrypted
        pages = len(reader.pages) if not encrypted else 0
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        raise _refuse("file", "PDF-filen går inte att läsa. Den kan vara skadad.", "unreadable") from exc
    if encrypted:
        raise _refuse("file", "PDF-filen är krypterad eller lösenordsskyddad. Lämna en fil utan lösenord.", "encrypted")
    if pages == 0:
        raise _refuse("file", "PDF-filen har inga sidor.", "no_pages")
    if ACTIVE_CONTENT.search(content):
        raise _refuse(
            "file",
            "PDF-filen innehåller aktivt innehåll (skript, inbäddade filer eller formulär) och lämnas inte ut. "
            "Skriv ut handlingen till en ny PDF och försök igen.",
            "active_content",
        )
    _scan(content)


def _root() -> Path:
    return Path(settings.SAMVERKAN_DOCUMENT_ROOT)


def _relative(sha256: str) -> Path:
    return Path(sha256[:2]) / f"{sha256}.pdf"


def _store_file(content: bytes, sha256: str) -> None:
    """Write the file under its hash, atomically (the same bytes twice are one file)."""
    target = _root() / _relative(sha256)
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _safe_file_name(name: str) -> str:
    base = os.path.basename(name or "").strip() or "handling.pdf"
    base = re.sub(r"[^\w.\- ()åäöÅÄÖ]", "_", base)[:150]
    return base if base.lower().endswith(".pdf") else f"{base}.pdf"


@dataclass(frozen=True)
class Upload:
    """An uploaded file: its name as sent and its bytes."""

    name: str
    content: bytes


@transaction.atomic
def document_release(
    *, decision: DisclosureDecision, released_by: User, title: str, upload: Upload | None = None, answer: str = ""
) -> ReleasedDocument:
    """Hand over a PDF (``upload``) or a written answer (``answer``) for one released document category.

    Only an official of the disclosing organisation, only for a released category Samverkan keeps no register
    of, once per category (a correction is a new request). The file is checked (:func:`check_pdf`) and stored
    under its SHA-256 outside the database; the audit entry carries the hash.
    """
    locked = (
        DisclosureDecision.objects.select_for_update(of=("self",))
        .select_related("request__discloser", "request__recipient", "request__person")
        .get(pk=decision.pk)
    )
    stored = locked.request
    if released_by.organisation is None or released_by.organisation.pk != stored.discloser_id:
        raise ValidationError(f"Bara {stored.discloser.name} lämnar ut handlingen.", code="forbidden")
    if not is_document_category(locked.category):
        raise ValidationError("Uppgiften lämnas ut ur registret i Samverkan; ingen handling behövs.", code="invalid")
    if not is_released(locked):
        raise ValidationError(
            "Uppgiften är inte utlämnad (den väntar på sekretessprövning eller lämnas inte ut). Ingen handling får "
            "lämnas.",
            code="not_released",
        )
    if locked.documents.exists():
        raise ValidationError("En handling är redan lämnad för uppgiften.", code="duplicate")
    heading = _clean_text(title, field="title", limit=TITLE_MAX, required=True)
    text = _clean_text(answer, field="answer", limit=ANSWER_MAX, required=False)
    if upload is None and not text:
        raise _refuse("file", "Bifoga handlingen som PDF eller skriv ett svar.", "required")
    if upload is not None and text:
        raise _refuse("answer", "Lämna antingen en PDF eller ett skriftligt svar, inte båda.", "both")
    sha256, size, file_name = "", 0, ""
    if upload is not None:
        check_pdf(upload.content)
        sha256 = hashlib.sha256(upload.content).hexdigest()
        size = len(upload.content)
        file_name = _safe_file_name(upload.name)
        _store_file(upload.content, sha256)
    else:
        sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
        size = len(text.encode("utf-8"))
    day = today()
    document = ReleasedDocument.objects.create(
        decision=locked,
        request=stored,
        kind=ReleasedDocument.Kind.FILE if upload is not None else ReleasedDocument.Kind.ANSWER,
        title=heading,
        text=text,
        file_name=file_name,
        size=size,
        sha256=sha256,
        released_by=released_by,
        released_at=now(),
        retain_until=day + dt.timedelta(days=int(settings.SAMVERKAN_DOCUMENT_RETENTION_DAYS)),
    )
    audit_append(
        event="document.released",
        actor=released_by,
        organisation=stored.discloser,
        recipient=stored.recipient,
        person=stored.person,
        categories=[locked.category],
        basis=locked.basis,
        purpose=stored.purpose,
        extra={
            "request_id": stored.pk,
            "decision_id": locked.pk,
            "document_id": document.pk,
            "kind": document.kind,
            "sha256": sha256,
            "size": size,
            "retain_until": document.retain_until.isoformat(),
        },
    )
    return document


def _unlink(path: Path) -> None:
    path.unlink(missing_ok=True)


class DocumentGone(Exception):
    """The file was deleted on its retention date, or its bytes no longer match the logged hash."""


def document_path(document: ReleasedDocument) -> Path:
    """The stored file of a handed-over PDF, checked against the SHA-256 in the log."""
    if not document.is_file or document.is_purged:
        raise DocumentGone("Handlingen är gallrad.")
    path = _root() / _relative(document.sha256)
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise DocumentGone("Filen saknas.") from exc
    if hashlib.sha256(content).hexdigest() != document.sha256:
        raise DocumentGone("Filens innehåll stämmer inte med loggen.")
    return path


def documents_purge(*, on: dt.date | None = None) -> int:
    """Delete the files whose retention date has come; keep the rows and hashes; log each. Safe to run again."""
    day = on or today()
    purged = 0
    due = ReleasedDocument.objects.filter(retain_until__lte=day, purged_at__isnull=True).order_by("pk")
    for document in due.iterator():
        with transaction.atomic():
            locked = (
                ReleasedDocument.objects.select_for_update(of=("self",))
                .select_related("request__discloser", "request__recipient", "request__person", "decision")
                .get(pk=document.pk)
            )
            if locked.purged_at is not None:
                continue
            locked.purged_at = now()
            locked.text = ""
            locked.save(update_fields=["purged_at", "text"])
            if (
                locked.is_file
                and not ReleasedDocument.objects.filter(
                    sha256=locked.sha256, kind=ReleasedDocument.Kind.FILE, purged_at__isnull=True
                )
                .exclude(pk=locked.pk)
                .exists()
            ):
                transaction.on_commit(partial(_unlink, _root() / _relative(locked.sha256)))
            audit_append(
                event="document.purged",
                actor=None,
                organisation=locked.request.discloser,
                recipient=locked.request.recipient,
                person=locked.request.person,
                categories=[locked.decision.category],
                purpose="Gallring av utlämnad handling",
                extra={
                    "document_id": locked.pk,
                    "sha256": locked.sha256,
                    "retain_until": locked.retain_until.isoformat(),
                },
            )
            purged += 1
    return purged


__all__ = [
    "DocumentGone",
    "Upload",
    "awaits_document",
    "check_pdf",
    "document_path",
    "document_release",
    "documents_purge",
    "documents_to_deliver",
    "is_document_category",
]
