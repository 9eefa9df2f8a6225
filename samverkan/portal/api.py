"""Mina sidor over JSON, for the logged-in person only (the portal session, never an official's).

``GET /api/v1/mina-sidor/arenden``, ``…/samtycken``, ``…/utlamnanden`` return the same data as the
pages; ``POST …/samtycken/{id}/aterkalla`` withdraws a consent (CSRF-protected like every
session-authenticated write). Another person's consent is a 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.security import APIKeyCookie

from samverkan.accounts.access import allowed
from samverkan.core.api_errors import errors
from samverkan.core.clock import today
from samverkan.people.models import Person
from samverkan.portal import selectors, services
from samverkan.portal.access import OWN_PAGES
from samverkan.portal.auth import current_person

PREFIX = "/mina-sidor/"


class PersonSession(APIKeyCookie):
    """The portal session cookie; authenticates the person, never an official."""

    param_name = settings.SESSION_COOKIE_NAME

    def authenticate(self, request: HttpRequest, key: str | None) -> Person | None:
        return current_person(request)


router = Router(tags=["Mina sidor"], auth=PersonSession())


def _person(request: HttpRequest) -> Person:
    person: Person = request.auth  # type: ignore[attr-defined]  # Ninja sets it; django-stubs' HttpRequest lacks it
    return person


class MatterOut(Schema):
    organisation: str
    case_type: str
    reference: str
    status: str
    is_active: bool
    office: str
    opened_on: dt.date
    closed_on: dt.date | None
    relation: str


class ConsentOut(Schema):
    id: int
    discloser: str
    recipient: str
    categories: list[str]
    purpose: str
    #: The kind of ärende at the recipient the consent is given for: code and Swedish label.
    case_type: str
    case_type_label: str
    valid_from: dt.date
    valid_to: dt.date
    form: str
    status: str
    status_code: str
    withdrawn_on: dt.date | None
    withdrawable: bool


# A line of “Vem har sett mina uppgifter”; the gate's own request is ``DisclosureOut`` (disclosures/api.py).
class PortalDisclosureOut(Schema):
    at: dt.datetime
    event: str
    outcome: str
    discloser: str
    recipient: str
    handled_by: str
    categories: list[str]
    basis: str
    purpose: str


def _consent_out(row: selectors.ConsentRow) -> dict[str, Any]:
    return {
        "id": row.consent_id,
        "discloser": row.discloser,
        "recipient": row.recipient,
        "categories": row.categories,
        "purpose": row.purpose,
        "case_type": row.case_type,
        "case_type_label": row.case_type_label,
        "valid_from": row.valid_from,
        "valid_to": row.valid_to,
        "form": row.form,
        "status": row.status,
        "status_code": row.status_code,
        "withdrawn_on": row.withdrawn_on,
        "withdrawable": row.withdrawable,
    }


@router.get("/arenden", response={200: list[MatterOut], **errors(401)}, summary="Mina ärenden")
@allowed(OWN_PAGES)
def my_matters(request: HttpRequest) -> list[selectors.MatterRow]:
    return selectors.matters_for(_person(request))


@router.get("/samtycken", response={200: list[ConsentOut], **errors(401)}, summary="Mina samtycken")
@allowed(OWN_PAGES)
def my_consents(request: HttpRequest) -> list[dict[str, Any]]:
    return [_consent_out(r) for r in selectors.consents_for(_person(request), on=today())]


@router.post(
    "/samtycken/{consent_id}/aterkalla",
    response={200: ConsentOut, **errors(400, 401, 403, 404, 422)},
    summary="Återkalla ett samtycke",
    description="Gäller från i dag för varje senare utlämnande. Loggas.",
)
@allowed(OWN_PAGES)
def withdraw_consent(request: HttpRequest, consent_id: int) -> Any:
    person = _person(request)
    consent = selectors.consent_of_person(person, consent_id)
    if consent is None:
        raise Http404("Samtycket finns inte.")
    services.portal_consent_withdraw(person=person, consent=consent)
    row = selectors.consent_row(person, consent_id, on=today())
    assert row is not None
    return _consent_out(row)


@router.get(
    "/utlamnanden", response={200: list[PortalDisclosureOut], **errors(401)}, summary="Vem har sett mina uppgifter"
)
@allowed(OWN_PAGES)
def my_disclosures(request: HttpRequest) -> list[selectors.DisclosureRow]:
    return selectors.disclosure_log_for(_person(request))
