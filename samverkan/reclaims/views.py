"""Återsökning in the browser: the nämnd's list and page, FK's and PM's incoming requests, letters."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from samverkan.accounts.access import allowed
from samverkan.accounts.requests import OfficialRequest
from samverkan.cases import selectors as case_selectors
from samverkan.core import searches
from samverkan.core.clock import today
from samverkan.core.forms import form_submit
from samverkan.core.once import submitted_once
from samverkan.domain.money import format_money
from samverkan.reclaims import pdf, selectors, services
from samverkan.reclaims.access import AGENCY_ROLES, RECLAIM_AGENCY, RECLAIM_PARTY, RECLAIM_SOCIAL, SOCIAL_ROLES
from samverkan.reclaims.forms import PendingBenefitForm, ReclaimFilterForm, RefuseForm, SendForm, SettleForm
from samverkan.reclaims.models import PendingBenefit, Reclaim


def _reclaim_for(request: OfficialRequest, reclaim_id: int) -> Reclaim:
    return get_object_or_404(selectors.reclaims_visible_to(request.organisation), pk=reclaim_id)


def _own_reclaim(request: OfficialRequest, reclaim_id: int) -> Reclaim:
    return get_object_or_404(selectors.reclaims_of_organisation(request.organisation), pk=reclaim_id)


def _incoming_reclaim(request: OfficialRequest, reclaim_id: int) -> Reclaim:
    return get_object_or_404(selectors.incoming_reclaims(request.organisation), pk=reclaim_id)


#: The lists' searches, kept out of the URL (``samverkan.core.searches``).
RECLAIMS_PER_PAGE = 50


def _reclaim_page(
    request: OfficialRequest, *, scope: str, path: str, incoming: bool, statuses: list[tuple[str, str]]
) -> tuple[HttpResponse | None, dict[str, Any]]:
    """The list's Post/Redirect/Get, filters, search and page (50 a page, most urgent first)."""
    organisation = request.organisation
    search = searches.list_search(request, scope, path)
    if search.redirect is not None:
        return search.redirect, {}
    if incoming:
        base = selectors.incoming_reclaims(organisation)
        others = set(base.values_list("organisation__code", "organisation__name").distinct())
    else:
        base = selectors.reclaims_of_organisation(organisation)
        others = set(selectors.agencies().values_list("code", "name"))
    form = ReclaimFilterForm(search.params or None, counterparts=sorted(others), statuses=statuses)
    filters = form.filters()
    found = selectors.reclaim_search(base, user=request.user, incoming=incoming, **filters)
    page = Paginator(found, RECLAIMS_PER_PAGE).get_page(request.GET.get("sida"))
    return None, {
        "form": form,
        "page": page,
        "reclaims": page.object_list,
        "query": search.query,
        "filters": filters,
        "expired": search.expired,
        "today": today(),
        "bad_filters": form.is_bound and bool(form.errors),
    }


@allowed(RECLAIM_SOCIAL)
def reclaim_list(request: OfficialRequest) -> HttpResponse:
    """The nämnd's återsökningar: drafts to send first, by deadline; filters, a search and pages."""
    done, context = _reclaim_page(
        request,
        scope="reclaims.list",
        path=reverse("reclaims:list"),
        incoming=False,
        statuses=list(Reclaim.Status.choices),
    )
    if done is not None:
        return done
    return render(request, "reclaims/reclaim_list.html", context, status=400 if context["bad_filters"] else 200)


@allowed(RECLAIM_AGENCY)
def incoming_list(request: OfficialRequest) -> HttpResponse:
    """FK's or PM's incoming requests, and the requests made in advance that await a decision."""
    done, context = _reclaim_page(
        request,
        scope="reclaims.incoming",
        path=reverse("reclaims:incoming"),
        incoming=True,
        statuses=list(Reclaim.Status.choices[1:4]),
    )
    if done is not None:
        return done
    context["advance_requests"] = selectors.advance_requests_to(request.organisation)[:500]
    return render(request, "reclaims/incoming_list.html", context, status=400 if context["bad_filters"] else 200)


def _may_settle(request: OfficialRequest, reclaim: Reclaim) -> bool:
    org = request.organisation
    return (
        reclaim.agency_id == org.pk and reclaim.status == Reclaim.Status.SENT and request.user.has_role(*AGENCY_ROLES)
    )


def _may_send(request: OfficialRequest, reclaim: Reclaim) -> bool:
    org = request.organisation
    return (
        reclaim.organisation_id == org.pk
        and reclaim.status == Reclaim.Status.DRAFT
        and request.user.has_role(*SOCIAL_ROLES)
    )


def _detail_context(request: OfficialRequest, reclaim: Reclaim, **forms: Any) -> dict[str, Any]:
    own = reclaim.organisation_id == request.organisation.pk
    result = reclaim.calculation.get("result", {})
    on = today()
    context: dict[str, Any] = {
        "reclaim": reclaim,
        "own": own,
        "allocations": result.get("allocations", []),
        "payments": reclaim.calculation.get("payments", []),
        "explanation_lines": [line for line in reclaim.explanation.splitlines() if line.strip()],
        "events": reclaim.events.select_related("actor", "organisation"),
        "letters": [(k, k.label) for k in pdf.available_letters(reclaim) if own or k is pdf.LetterKind.REQUEST],
        "may_send": _may_send(request, reclaim),
        "may_settle": _may_settle(request, reclaim),
        "deadline_passed": reclaim.status == Reclaim.Status.DRAFT and on >= reclaim.payout_date,
        "days_left": (reclaim.deadline - on).days,
        "ledger": selectors.ledger_of_reclaim(reclaim) if own else [],
    }
    if context["may_send"]:
        context["send_form"] = forms.get("send_form") or SendForm()
    if context["may_settle"]:
        context["settle_form"] = forms.get("settle_form") or SettleForm(
            initial={"to_social_services": reclaim.to_social_services, "to_person": reclaim.to_person}
        )
        context["refuse_form"] = forms.get("refuse_form") or RefuseForm()
    return context


@allowed(RECLAIM_PARTY)
def reclaim_detail(request: OfficialRequest, reclaim_id: int) -> HttpResponse:
    reclaim = _reclaim_for(request, reclaim_id)
    return render(request, "reclaims/reclaim_detail.html", _detail_context(request, reclaim))


@allowed(RECLAIM_SOCIAL)
@require_POST
def reclaim_send(request: OfficialRequest, reclaim_id: int) -> HttpResponse:
    reclaim = _own_reclaim(request, reclaim_id)

    def write(_data: dict[str, Any]) -> str | None:
        sent = services.reclaim_send(reclaim=reclaim, sent_by=request.user)
        if sent.status == Reclaim.Status.TOO_LATE:
            messages.error(request, "Det är för sent att skicka begäran: utbetalningsdagen har kommit.")
            return None
        return f"Begäran om {format_money(sent.to_social_services)} är skickad till {sent.agency.name}."

    def failed(form: Any) -> HttpResponse:
        reclaim.refresh_from_db()
        context = _detail_context(request, reclaim, send_form=form)
        return render(request, "reclaims/reclaim_detail.html", context, status=400)

    return form_submit(
        request,
        SendForm(request.POST),
        write,
        done=lambda: redirect("reclaims:detail", reclaim_id=reclaim.pk),
        failed=failed,
    )


@allowed(RECLAIM_AGENCY)
@require_POST
def reclaim_settle(request: OfficialRequest, reclaim_id: int) -> HttpResponse:
    reclaim = _incoming_reclaim(request, reclaim_id)

    def write(data: dict[str, Any]) -> str:
        services.reclaim_settle(reclaim=reclaim, settled_by=request.user, **data)
        return f"Utbetalningen är registrerad för {reclaim.reference}."

    return form_submit(
        request,
        SettleForm(request.POST),
        write,
        done=lambda: redirect("reclaims:detail", reclaim_id=reclaim.pk),
        failed=lambda form: render(
            request, "reclaims/reclaim_detail.html", _detail_context(request, reclaim, settle_form=form), status=400
        ),
    )


@allowed(RECLAIM_AGENCY)
@require_POST
def reclaim_refuse(request: OfficialRequest, reclaim_id: int) -> HttpResponse:
    reclaim = _incoming_reclaim(request, reclaim_id)

    def write(data: dict[str, Any]) -> str:
        services.reclaim_refuse(
            reclaim=reclaim,
            refused_by=request.user,
            reason=data["reason"],
            refused_on=data["refused_on"],
        )
        return f"Avslaget är registrerat för {reclaim.reference}."

    return form_submit(
        request,
        RefuseForm(request.POST),
        write,
        done=lambda: redirect("reclaims:detail", reclaim_id=reclaim.pk),
        failed=lambda form: render(
            request, "reclaims/reclaim_detail.html", _detail_context(request, reclaim, refuse_form=form), status=400
        ),
    )


@allowed(RECLAIM_PARTY)
def reclaim_letter(request: OfficialRequest, reclaim_id: int, kind: str) -> HttpResponse:
    reclaim = _reclaim_for(request, reclaim_id)
    try:
        letter_kind = pdf.LetterKind(kind)
    except ValueError:
        raise Http404("Okänt dokument.") from None
    own = reclaim.organisation_id == request.organisation.pk
    if letter_kind not in pdf.available_letters(reclaim) or (not own and letter_kind is not pdf.LetterKind.REQUEST):
        raise Http404("Dokumentet finns inte för den här återsökningen.")
    content = pdf.render(pdf.build(reclaim, letter_kind))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf.filename(reclaim, letter_kind)}"'
    return response


@allowed(RECLAIM_SOCIAL)
@submitted_once
def pending_benefit_create(request: OfficialRequest, case_id: int) -> HttpResponse:
    case = get_object_or_404(case_selectors.cases_for_organisation(request.organisation), pk=case_id)
    initial = {k: request.GET[k] for k in ("person", "benefit", "agency") if request.GET.get(k)}
    form = PendingBenefitForm(request.POST or None, case=case, initial=initial)

    def show(bound: Any) -> HttpResponse:
        context = {"form": bound, "case": case}
        return render(request, "reclaims/pending_form.html", context, status=400 if bound.errors else 200)

    if request.method != "POST":
        return show(form)

    def write(data: dict[str, Any]) -> str:
        pending = services.pending_benefit_register(registered_by=request.user, case=case, **data)
        return f"{pending.get_benefit_display().capitalize()} för {pending.person.full_name} väntas."

    return form_submit(request, form, write, done=lambda: redirect("cases:detail", case_id=case.pk), failed=show)


@allowed(RECLAIM_SOCIAL)
@require_POST
def pending_benefit_withdraw(request: OfficialRequest, pending_id: int) -> HttpResponse:
    pending = get_object_or_404(PendingBenefit.objects.filter(organisation=request.organisation), pk=pending_id)
    try:
        services.pending_benefit_withdraw(pending=pending, withdrawn_by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Förmånen väntas inte längre.")
    return redirect("cases:detail", case_id=pending.case_id)
