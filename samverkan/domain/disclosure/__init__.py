"""The secrecy gate's decision: may this data about a person go from one organisation to another?

Sources (docs/domain.md §1, §3–§5): the duty to disclose to socialnämnden in
socialtjänstlagen (2025:400) 15 kap. 10–11 §§ (before 2025-07-01
socialtjänstlagen (2001:453) 11 kap. 11 och 11 a §§) with the lists in
förordningen (2008:975) 3, 5 och 7 §§; secrecy yields to such a duty under
offentlighets- och sekretesslagen (2009:400) 10 kap. 28 §. Otherwise only the
person's own consent lifts secrecy (OSL 12 kap. 2 §), checked by the disclosing
agency itself (:mod:`samverkan.domain.consent`). No basis → denied, with the
reason. The general clause OSL 10 kap. 27 § never releases socialtjänst or
hälso- och sjukvård data, and disclosure "necessary for the discloser's own
work" (OSL 10 kap. 2 §) is a manual review, never automatic.

Per category, on the request day D (contracts/README.md, kind ``disclosure``):

1. **duty**: the requester is the recipient of a duty row of the discloser
   (socialnämnden), every condition of that row holds (the unit handles
   ekonomiskt bistånd, an aktuellt ärende, a person in that case's household, a
   limited current period) and the category is in the row's list → ``released``,
   basis ``duty``;
2. else a **counting consent** (:func:`~samverkan.domain.consent.consent_counts`)
   → ``released``, basis ``consent``; ``review`` when the discloser always makes
   its own secrecy review (Arbetsförmedlingen);
3. else, when the discloser says the disclosure is needed for its own work
   (OSL 10 kap. 2 §) → ``review``;
4. else ``denied``.

The duty table, the category catalogue and the proactive events are **data**
(tuples of frozen dataclasses in :mod:`.duties`, :mod:`.catalogue` and :mod:`.events`):
a new category, a new agency (a-kassa, CSN, Skatteverket under 15 kap. 10 och 12 §§) or
a statute change is a new row or a new citation with its validity dates, and a new
:data:`RULES_VERSION` (:mod:`.versioning`). The decision itself is :mod:`samverkan.domain.decision`.

A *limited, current period* (the statute's words, not defined there) is read
safely as: at most :data:`PERIOD_MAX_MONTHS` months long, starting no earlier
than :data:`PERIOD_LOOKBACK_MONTHS` months before the request day and ending no
later than :data:`PERIOD_LOOKAHEAD_DAYS` days after it (bistånd is often
applied for the coming month). A request without a period is about the current
situation and meets the condition.
"""

from __future__ import annotations

from samverkan.domain.consent import ConsentRecord, organisation_type
from samverkan.domain.disclosure.catalogue import (
    CATEGORIES,
    CATEGORY_ALIASES,
    CATEGORY_CATALOGUE,
    Category,
    categories_held_by,
    category,
    category_name,
)
from samverkan.domain.disclosure.duties import (
    BENEFIT_DUTY_CATEGORIES,
    CONSENT_PROVISIONS,
    DUTY_TABLE,
    EMPLOYMENT_SERVICE_DUTY_CATEGORIES,
    PERIOD_MAX_MONTHS,
    STUDY_SUPPORT_DUTY_CATEGORIES,
    TAX_AGENCY_DUTY_CATEGORIES,
    UNEMPLOYMENT_FUND_DUTY_CATEGORIES,
    DisclosureDuty,
    DutyCondition,
    duty_categories,
    period_problem,
    proactive_categories,
)
from samverkan.domain.disclosure.events import (
    EVENT_SPECS,
    AgencyEvent,
    AgencyEventKind,
    ProactiveNotice,
    must_disclose_proactively,
    proactive_notice,
)
from samverkan.domain.disclosure.prose import as_subject, in_sentence, secrecy_citation
from samverkan.domain.disclosure.request import Basis, CategoryDecision, DisclosureDecision, DisclosureRequest, Outcome
from samverkan.domain.disclosure.scenario import compare_expectation, evaluate, parse_consent, parse_request
from samverkan.domain.disclosure.versioning import RULES_VERSION, rules_fingerprint
from samverkan.domain.organisations import OrganisationType

__all__ = [
    "BENEFIT_DUTY_CATEGORIES",
    "CATEGORIES",
    "CATEGORY_ALIASES",
    "CATEGORY_CATALOGUE",
    "CONSENT_PROVISIONS",
    "DUTY_TABLE",
    "EMPLOYMENT_SERVICE_DUTY_CATEGORIES",
    "EVENT_SPECS",
    "PERIOD_MAX_MONTHS",
    "RULES_VERSION",
    "STUDY_SUPPORT_DUTY_CATEGORIES",
    "TAX_AGENCY_DUTY_CATEGORIES",
    "UNEMPLOYMENT_FUND_DUTY_CATEGORIES",
    "AgencyEvent",
    "AgencyEventKind",
    "Basis",
    "Category",
    "CategoryDecision",
    "ConsentRecord",
    "DisclosureDecision",
    "DisclosureDuty",
    "DisclosureRequest",
    "DutyCondition",
    "OrganisationType",
    "Outcome",
    "ProactiveNotice",
    "as_subject",
    "categories_held_by",
    "category",
    "category_name",
    "compare_expectation",
    "duty_categories",
    "evaluate",
    "in_sentence",
    "must_disclose_proactively",
    "organisation_type",
    "parse_consent",
    "parse_request",
    "period_problem",
    "proactive_categories",
    "proactive_notice",
    "rules_fingerprint",
    "secrecy_citation",
]
