"""Rule scenarios over HTTP: ``POST /api/v1/rules/{kind}`` (contracts/README.md)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Body, Router

from samverkan.accounts.access import allowed
from samverkan.core import clock
from samverkan.core.access import RULES
from samverkan.core.api_errors import errors
from samverkan.domain import scenarios

PREFIX = "/rules/"
router = Router(tags=["Regler"])


@router.post(
    "/{kind}",
    response={200: dict[str, Any], **errors(400, 422)},
    summary="Pröva en regel",
    description="Tar ett scenarios `input` som JSON och svarar med resultatet, precis som "
    "`samverkan rules eval KIND`. KIND är disclosure, reclaim, pii, identity eller sick_leave_chain.",
)
@allowed(RULES)
def evaluate_rule(request: HttpRequest, kind: str, data: Body[dict[str, Any]]) -> dict[str, Any]:
    return scenarios.evaluate(kind, data, today=clock.today())
