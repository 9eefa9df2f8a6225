"""The gate's decision: every category of a disclosure request decided against the duty table and the consents.

Its own module so that one Django app alone may call it: ``samverkan.disclosures`` (the secrecy gate)
is the only importer outside the domain, an import-linter contract in ``pyproject.toml`` enforces it.
The catalogue, the request and decision types and everything else the apps may read stay in
:mod:`samverkan.domain.disclosure`.
"""

from __future__ import annotations

from collections.abc import Sequence

from samverkan.domain.disclosure import (
    DUTY_TABLE,
    DisclosureDecision,
    DisclosureDuty,
    DisclosureRequest,
    _decide_category,
)


def decide(request: DisclosureRequest, *, duties: Sequence[DisclosureDuty] = DUTY_TABLE) -> DisclosureDecision:
    """Decide every category of ``request`` (pure; the order of categories and consents does not matter).

    ``duties`` defaults to :data:`~samverkan.domain.disclosure.DUTY_TABLE`; passing another table is how a
    new duty is tried out before it becomes data of the module.
    """
    rows = [d for d in duties if d.discloser == request.discloser and d.in_force_on(request.date)]
    decisions = tuple(_decide_category(request, code, rows) for code in request.categories)
    return DisclosureDecision(request=request, decisions=decisions)


__all__ = ["decide"]
