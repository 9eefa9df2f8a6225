"""Pages for documents through the gate: the discloser hands one over, both parties open it (issue 21.3)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from samverkan.accounts.access import allowed
from samverkan.accounts.requests import OfficialRequest
from samverkan.core.forms import add_service_errors
from samverkan.core.once import submitted_once
from samverkan.disclosures import documents, selectors
from samverkan.disclosures.access import REQUESTS, REVIEW
from samverkan.disclosures.forms import DocumentReleaseForm
from samverkan.disclosures.models import DisclosureDecision, ReleasedDocument


@allowed(REVIEW)
@submitted_once
def document_deliver(request: OfficialRequest, decision_id: int) -> HttpResponse:
    """ "Lämna handling": the disclosing organisation answers a released document category with a PDF or a text."""
    organisation = request.organisation
    decision = get_object_or_404(
        DisclosureDecision.objects.select_related("request__recipient", "request__person", "request__requested_by"),
        pk=decision_id,
        request__discloser=organisation,
    )
    if not documents.is_document_category(decision.category):
        raise Http404
    form = DocumentReleaseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        sent = form.cleaned_data.get("file")
        upload = documents.Upload(name=sent.name, content=sent.read()) if sent else None
        try:
            documents.document_release(
                decision=decision,
                released_by=request.user,
                title=form.cleaned_data["title"],
                upload=upload,
                answer=form.cleaned_data.get("answer") or "",
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Handlingen är lämnad till {decision.request.recipient.name} och loggad.")
            return redirect("disclosures:review_queue")
    return render(
        request,
        "disclosures/document_form.html",
        {
            "decision": decision,
            "stored": decision.request,
            "form": form,
            "awaits": documents.awaits_document(decision),
            "released": documents.is_released(decision),
            "handed_over": list(decision.documents.all()),
            "retention_days": settings.SAMVERKAN_DOCUMENT_RETENTION_DAYS,
        },
        status=400 if form.errors else 200,
    )


@allowed(REQUESTS)
def document_open(request: OfficialRequest, request_id: int, document_id: int) -> HttpResponse | FileResponse:
    """The handed-over PDF for the two parties of the request, checked against its logged SHA-256."""
    organisation = request.organisation
    stored = get_object_or_404(selectors.requests_visible_to(organisation), pk=request_id)
    document = get_object_or_404(ReleasedDocument, pk=document_id, request=stored, kind=ReleasedDocument.Kind.FILE)
    try:
        path = documents.document_path(document)
    except documents.DocumentGone as exc:
        return render(
            request,
            "disclosures/document_gone.html",
            {"stored": stored, "document": document, "why": str(exc)},
            status=410,
        )
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=document.file_name or "handling.pdf",
        content_type="application/pdf",
    )
