"""Mina sidor: thin function views over the portal's selectors and services.

Every view but the login pages requires the person's own session (:func:`person_required`) and
reads only that person's data; another person's consent, reclaim or letter is a 404.
"""

from __future__ import annotations

import logging
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samverkan.accounts.access import allowed
from samverkan.accounts.requests import OfficialRequest
from samverkan.core.clock import now, today
from samverkan.core.forms import form_submit
from samverkan.core.once import submitted_once
from samverkan.notifications.selectors import events_for_person
from samverkan.people.models import Person
from samverkan.portal import oidc, selectors, services
from samverkan.portal.access import LOGIN, OWN_PAGES, POLICY
from samverkan.portal.auth import (
    METHOD_KEY,
    OIDC_PENDING_KEY,
    PersonRequest,
    current_person,
    end_portal_session,
    person_required,
    safe_next,
    start_portal_session,
)
from samverkan.portal.forms import ConsentRequestForm, PortalPolicyForm
from samverkan.portal.pdf import disclosure_log_pdf
from samverkan.reclaims import pdf as reclaim_letters

logger = logging.getLogger(__name__)

#: The portal's own navigation (the person never sees the officials' menu).
PORTAL_NAV = (
    ("Mina ärenden", "portal:home"),
    ("Mina kallelser", "portal:summonses"),
    ("Mina samtycken", "portal:consents"),
    ("Vem har sett mina uppgifter", "portal:disclosures"),
)


def person_page(view: Any) -> Any:
    """The person's own pages: declared for the person (OWN_PAGES) and guarded by the portal's session."""
    return allowed(OWN_PAGES)(person_required(view))


def _nav(request: HttpRequest) -> list[dict[str, Any]]:
    items = []
    for label, name in PORTAL_NAV:
        url = reverse(name)
        current = request.path == url if name == "portal:home" else request.path.startswith(url)
        items.append({"label": label, "url": url, "current": current})
    return items


def _render(
    request: HttpRequest, template: str, context: dict[str, Any] | None = None, *, status: int = 200
) -> HttpResponse:
    person = getattr(request, "person", None)
    full = {"portal_person": person, "nav_items": _nav(request) if person is not None else [], **(context or {})}
    return render(request, template, full, status=status)


def _person(request: HttpRequest) -> Person:
    return cast(PersonRequest, request).person


# --- Login and logout -----------------------------------------------------------------------------


def _login_page(request: HttpRequest, *, error: str = "", status: int = 200) -> HttpResponse:
    context: dict[str, Any] = {
        "oidc_configured": oidc.oidc_settings() is not None,
        "next": safe_next(request, request.GET.get("next") or request.POST.get("next")),
        "error": error,
        "official_logged_in": request.user.is_authenticated,
    }
    if settings.DEMO_MODE:
        context["demo_persons"] = selectors.demo_person_rows()
    return _render(request, "portal/login.html", context, status=status)


@allowed(LOGIN)
@require_GET
def login(request: HttpRequest) -> HttpResponse:
    if current_person(request) is not None:
        return redirect(safe_next(request, request.GET.get("next")))
    return _login_page(request)


@allowed(LOGIN)
@require_POST
def demo_login(request: HttpRequest, person_id: int) -> HttpResponse:
    """Demo mode only: log in as a synthetic test person with one click."""
    if not settings.DEMO_MODE:
        raise Http404
    person = get_object_or_404(Person, pk=person_id)
    if not selectors.is_demo_login_allowed(person):
        raise Http404
    target = safe_next(request, request.POST.get("next"))
    start_portal_session(request, person, method="demo")
    return redirect(target)


@allowed(LOGIN)
@require_POST
def oidc_start(request: HttpRequest) -> HttpResponse:
    """Send the person to the identity provider (authorization code flow with PKCE)."""
    config = oidc.oidc_settings()
    if config is None:
        raise Http404
    try:
        metadata = oidc.discover(config)
    except oidc.OidcError as exc:
        logger.warning("OIDC discovery failed: %s", exc.code)
        return _login_page(request, error=exc.message, status=503)
    url, pending = oidc.begin_login(config, metadata)
    request.session[OIDC_PENDING_KEY] = {**pending.to_session(), "next": safe_next(request, request.POST.get("next"))}
    return redirect(url)


@allowed(LOGIN)
@require_GET
def oidc_callback(request: HttpRequest) -> HttpResponse:
    """The identity provider sends the person back here with a code (or an error)."""
    config = oidc.oidc_settings()
    if config is None:
        raise Http404
    stored = request.session.pop(OIDC_PENDING_KEY, None)  # one use only
    pending = oidc.PendingLogin.from_session(stored)
    try:
        personnummer = oidc.complete_login(config, pending=pending, params=request.GET.dict())
    except oidc.OidcError as exc:
        logger.info("OIDC login refused: %s", exc.code)
        status = 503 if exc.code == "provider_unavailable" else 400
        return _login_page(request, error=exc.message, status=status)
    person = selectors.person_by_identity_number(personnummer)
    if person is None or not selectors.person_has_case(person):
        return _login_page(
            request,
            error="Du är inloggad med e-legitimation, men vi hittar inga ärenden om dig hos de organisationer "
            "som använder Samverkan. Det finns därför inget att visa.",
            status=403,
        )
    target = safe_next(request, stored.get("next") if isinstance(stored, dict) else None)
    start_portal_session(request, person, method="oidc")
    return redirect(target)


@allowed(LOGIN)
@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    """End the portal's session; after an e-ID login, also the provider's (RP-initiated logout), which asks the
    person to confirm and sends them back to the login page."""
    logged_in_with_oidc = request.session.get(METHOD_KEY) == "oidc"
    end_portal_session(request)
    messages.success(request, "Du är utloggad från Mina sidor.")
    config = oidc.oidc_settings()
    if logged_in_with_oidc and config is not None:
        try:
            metadata = oidc.discover(config)
        except oidc.OidcError as exc:
            logger.warning("OIDC discovery failed at logout: %s", exc.code)
        else:
            back = oidc.default_post_logout_redirect_uri(config, reverse("portal:login"))
            url = oidc.end_session_url(config, metadata, post_logout_redirect_uri=back)
            if url:
                return redirect(url)
    return redirect("portal:login")


# --- My matters -----------------------------------------------------------------------------------


@person_page
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    return _render(
        request,
        "portal/home.html",
        {
            "matters": selectors.matters_for(person),
            "meetings": selectors.upcoming_meetings_for(person, on=today()),
            "plans": selectors.rehab_plans_for(person),
            "reclaims": selectors.reclaims_for(person),
            "advance_requests": selectors.advance_requests_for(person),
            "events": events_for_person(person),
            "protected_text": selectors.PROTECTED_TEXT,
        },
    )


@person_page
@require_GET
def reclaim_letter(request: HttpRequest, reclaim_id: int, kind: str) -> HttpResponse:
    found = selectors.reclaim_letter_for(_person(request), reclaim_id, kind)
    if found is None:
        raise Http404("Brevet finns inte.")
    reclaim, letter_kind = found
    content = reclaim_letters.render(reclaim_letters.build(reclaim, letter_kind))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{reclaim_letters.filename(reclaim, letter_kind)}"'
    return response


# --- My consents ----------------------------------------------------------------------------------


@person_page
@require_GET
def consents(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    return _render(request, "portal/consents.html", {"consents": selectors.consents_for(person, on=today())})


@person_page
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: HttpRequest, consent_id: int) -> HttpResponse:
    person = _person(request)
    consent = selectors.consent_of_person(person, consent_id)
    if consent is None:
        raise Http404("Samtycket finns inte.")
    row = selectors.consent_row(person, consent_id, on=today())
    if request.method == "POST":
        try:
            services.portal_consent_withdraw(person=person, consent=consent)
        except ValidationError as exc:
            return _render(
                request, "portal/consent_withdraw.html", {"consent": row, "errors": exc.messages}, status=400
            )
        messages.success(
            request,
            f"Samtycket är återkallat från och med i dag. {consent.discloser.name} lämnar inte längre ut uppgifter "
            f"till {consent.recipient.name} med stöd av det.",
        )
        return redirect("portal:consents")
    if not consent.is_withdrawable:
        messages.warning(request, "Samtycket kan inte återkallas: det gäller inte längre.")
        return redirect("portal:consents")
    return _render(request, "portal/consent_withdraw.html", {"consent": row})


@person_page
@require_http_methods(["GET", "POST"])
@submitted_once
def consent_request(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    form = ConsentRequestForm(request.POST if request.method == "POST" else None, person=person, on=today())
    if request.method != "POST":
        return _render(request, "portal/consent_request.html", {"form": form})

    def write(data: dict[str, Any]) -> str:
        consent = services.portal_consent_request(
            person=person,
            discloser=data["discloser"],
            recipient=data["recipient"],
            categories=data["categories"],
            purpose=data["purpose"],
            valid_to=data["valid_to"],
            case_type=data["case_type"],
        )
        return (
            f"Din begäran om samtycke är skickad till {consent.discloser.name}. Samtycket gäller först när "
            f"{consent.discloser.name} har kontrollerat och registrerat det."
        )

    return form_submit(
        request,
        form,
        write,
        done=lambda: redirect("portal:consents"),
        failed=lambda bound: _render(request, "portal/consent_request.html", {"form": bound}, status=400),
    )


# --- Who saw what ---------------------------------------------------------------------------------


@person_page
@require_GET
def disclosures(request: HttpRequest) -> HttpResponse:
    return _render(request, "portal/disclosures.html", {"rows": selectors.disclosure_log_for(_person(request))})


@person_page
@require_GET
def disclosures_pdf(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    content = disclosure_log_pdf(person=person, rows=selectors.disclosure_log_for(person), generated_at=now())
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="vem-har-sett-mina-uppgifter-{today().isoformat()}.pdf"'
    return response


# --- The organisation's policy (officials) ------------------------------------------------------


@allowed(POLICY)
@require_http_methods(["GET", "POST"])
def policy(request: OfficialRequest) -> HttpResponse:
    """An organisation decides whether its officials are named to the person (default: not)."""
    organisation = request.organisation
    current = selectors.portal_policy_for(organisation)
    form = PortalPolicyForm(
        request.POST if request.method == "POST" else None,
        initial={"show_official_names": current.show_official_names if current else False},
    )

    def show(bound: Any, status: int = 200) -> HttpResponse:
        context = {"form": bound, "policy": current, "organisation": organisation}
        return render(request, "portal/policy.html", context, status=status)

    if request.method != "POST":
        return show(form)

    def write(data: dict[str, Any]) -> str:
        services.portal_policy_set(
            organisation=organisation, show_official_names=data["show_official_names"], changed_by=request.user
        )
        return "Policyn för Mina sidor är sparad."

    return form_submit(
        request, form, write, done=lambda: redirect("portal:policy"), failed=lambda bound: show(bound, status=400)
    )
