"""The rules version and the fingerprint of the tables, stored with every decision."""

from __future__ import annotations

import functools
import hashlib
import json

from samverkan.domain.disclosure.catalogue import CATEGORY_CATALOGUE
from samverkan.domain.disclosure.duties import (
    CONSENT_PROVISIONS,
    DUTY_TABLE,
    PERIOD_LOOKAHEAD_DAYS,
    PERIOD_LOOKBACK_MONTHS,
    PERIOD_MAX_MONTHS,
)
from samverkan.domain.disclosure.events import EVENT_SPECS
from samverkan.domain.disclosure.prose import NEVER_GENERAL_CLAUSE, OWN_REVIEW_WITH_CONSENT, secrecy_citation
from samverkan.domain.organisations import OrganisationType

#: Bump whenever the duty table, the catalogue or any rule of this package changes;
#: stored with every decision so it can be explained years later.
RULES_VERSION = "2026.12.1"


@functools.cache
def rules_fingerprint() -> str:
    """A hash of every table of this package; changes exactly when the rules' data changes.

    The tables are immutable constants of the code, so it is computed once per process.

    ``tests/domain/test_disclosure.py`` pins it to :data:`RULES_VERSION`, so a table
    change without a new version fails the tests.
    """
    data = {
        "duties": [d.to_dict() for d in DUTY_TABLE],
        "categories": [
            {"code": c.code, "label": c.label, "holders": sorted(map(str, c.holders)), "sensitive": c.sensitive}
            for c in CATEGORY_CATALOGUE
        ],
        "consent_provisions": [
            {
                "discloser": str(p.discloser),
                "recipients": sorted(map(str, p.recipients)),
                "categories": sorted(p.categories),
                "citation": p.citation.to_dict(),
            }
            for p in CONSENT_PROVISIONS
        ],
        "events": [
            {"kind": str(s.kind), "categories": sorted(s.categories), "gives_reason": s.gives_reason}
            for s in EVENT_SPECS.values()
        ],
        "own_review_with_consent": sorted(map(str, OWN_REVIEW_WITH_CONSENT)),
        "never_general_clause": sorted(map(str, NEVER_GENERAL_CLAUSE)),
        "secrecy": {str(o): c.to_dict() if (c := secrecy_citation(o)) else None for o in OrganisationType},
        "period": [PERIOD_MAX_MONTHS, PERIOD_LOOKBACK_MONTHS, PERIOD_LOOKAHEAD_DAYS],
    }
    encoded = json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()[:16]
