"""The request's deadline: it must reach FK/PM before the payout (SFB 107 kap. 5 §)."""

from __future__ import annotations

import datetime as dt

from samverkan.domain.reclaim.model import RetroactiveDecision
from samverkan.domain.statutes import SFB_107_5


def deadline(decision: RetroactiveDecision) -> dt.date:
    """The last day a request can reach FK/PM: the day before the payout (SFB 107 kap. 5 §)."""
    return decision.payout_date - dt.timedelta(days=1)


def is_too_late(decision: RetroactiveDecision, request_received: dt.date) -> bool:
    """A request on the payout day or later comes too late: the contract says *before* the payout."""
    return request_received > deadline(decision)


def too_late_message(decision: RetroactiveDecision, request_received: dt.date) -> str:
    """Why a request came too late, in Swedish; empty when it was in time."""
    if not is_too_late(decision, request_received):
        return ""
    agency = decision.decided_by.swedish
    same_day = " samma dag som utbetalningen" if request_received == decision.payout_date else ""
    return (
        f"Begäran kom in till {agency} {request_received.isoformat()}{same_day}, men den måste komma in före "
        f"utbetalningen den {decision.payout_date.isoformat()}, alltså senast {deadline(decision).isoformat()} "
        f"({SFB_107_5.text}). När pengarna är utbetalda kan inget längre betalas till socialnämnden."
    )
