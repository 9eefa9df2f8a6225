"""The consent registry's pages (/samtycken/): the organisation's consents, register, withdraw, confirm."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from samverkan.accounts.access import allowed
from samverkan.accounts.requests import OfficialRequest
from samverkan.cases.services import person_by_identity_number
from samverkan.consents import selectors, services
from samverkan.consents.access import CONSENTS
from samverkan.consents.forms import ConsentConfirmForm, ConsentForm, ConsentRejectForm, ConsentWithdrawForm
from samverkan.consents.models import Consent
from samverkan.core.forms import add_service_errors
from samverkan.core.once import submitted_once
from samverkan.disclosures.models import DisclosureDecision
from samverkan.people.selectors import persons_visible_to

consent_official = allowed(CONSENTS)


def _own_consent(request: OfficialRequest, consent_id: int) -> Consent:
    return get_object_or_404(selectors.consents_recorded_by(request.organisation), pk=consent_id)


@consent_official
def consent_list(request: OfficialRequest) -> HttpResponse:
    organisation = request.organisation
    status = request.GET.get("status", "")
    if status not in Consent.Status.values:
        status = ""
    person = None
    if request.GET.get("person", "").isdigit():
        person = get_object_or_404(persons_visible_to(organisation), pk=int(request.GET["person"]))
    consents = list(selectors.consent_list(organisation=organisation, status=status or None, person=person)[:500])
    rows = [(c, selectors.consent_state(c)) for c in consents]
    return render(
        request,
        "consents/consent_list.html",
        {
            "rows": rows,
            "status": status,
            "statuses": Consent.Status.choices,
            "person": person,
            "pending": selectors.pending_consent_requests(organisation),
        },
    )


@consent_official
@submitted_once
def consent_create(request: OfficialRequest) -> HttpResponse:
    organisation = request.organisation
    initial = {}
    if request.method == "GET" and request.GET.get("person", "").isdigit():
        known = persons_visible_to(organisation).filter(pk=int(request.GET["person"])).first()
        if known is not None:
            initial["identity_number"] = known.identity_number
    form = ConsentForm(request.POST or None, organisation=organisation, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            person = person_by_identity_number(form.cleaned_data["identity_number"])
            consent = services.consent_register(
                registered_by=request.user,
                person=person,
                **form.service_arguments(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Samtycket för {consent.person.full_name} är registrerat.")
            return redirect("consents:detail", consent_id=consent.pk)
    return render(request, "consents/consent_form.html", {"form": form}, status=400 if form.errors else 200)


@consent_official
def consent_detail(request: OfficialRequest, consent_id: int) -> HttpResponse:
    consent = _own_consent(request, consent_id)
    used_in = (
        DisclosureDecision.objects.filter(consent=consent)
        .select_related("request__recipient", "review_task")
        .order_by("-decided_at")[:50]
    )
    return render(
        request,
        "consents/consent_detail.html",
        {
            "consent": consent,
            "state": selectors.consent_state(consent),
            "child_say": selectors.child_say(consent),
            "withdraw_form": ConsentWithdrawForm(),
            "confirm_form": ConsentConfirmForm(),
            "reject_form": ConsentRejectForm(),
            "used_in": used_in,
        },
    )


def _post_action(
    request: OfficialRequest,
    consent: Consent,
    form: ConsentWithdrawForm | ConsentConfirmForm | ConsentRejectForm,
    template_key: str,
) -> HttpResponse:
    context = {
        "consent": consent,
        "state": selectors.consent_state(consent),
        "child_say": selectors.child_say(consent),
        "withdraw_form": ConsentWithdrawForm(),
        "confirm_form": ConsentConfirmForm(),
        "reject_form": ConsentRejectForm(),
        "used_in": [],
        template_key: form,
    }
    return render(request, "consents/consent_detail.html", context, status=400)


@consent_official
@require_POST
def consent_withdraw(request: OfficialRequest, consent_id: int) -> HttpResponse:
    consent = _own_consent(request, consent_id)
    form = ConsentWithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.consent_withdraw(
                consent=consent,
                withdrawn_by_user=request.user,
                on=form.cleaned_data["withdrawn_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Samtycket är återkallat. Det gäller inte för något senare utlämnande.")
            return redirect("consents:detail", consent_id=consent.pk)
    return _post_action(request, consent, form, "withdraw_form")


@consent_official
@require_POST
def consent_confirm(request: OfficialRequest, consent_id: int) -> HttpResponse:
    consent = _own_consent(request, consent_id)
    form = ConsentConfirmForm(request.POST)
    if form.is_valid():
        try:
            services.consent_confirm(
                consent=consent,
                confirmed_by=request.user,
                form=form.cleaned_data["form"],
                taken_on=form.cleaned_data["taken_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Samtycket är kontrollerat och registrerat.")
            return redirect("consents:detail", consent_id=consent.pk)
    return _post_action(request, consent, form, "confirm_form")


@consent_official
@require_POST
def consent_reject(request: OfficialRequest, consent_id: int) -> HttpResponse:
    consent = _own_consent(request, consent_id)
    form = ConsentRejectForm(request.POST)
    if form.is_valid():
        try:
            services.consent_reject(consent=consent, rejected_by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Begäran om samtycke är avvisad.")
            return redirect("consents:detail", consent_id=consent.pk)
    return _post_action(request, consent, form, "reject_form")
