"""Consent (samtycke) to lift secrecy: what makes one valid, and when it counts.

Source: offentlighets- och sekretesslagen (2009:400) 12 kap. 2 § — secrecy that
protects a person may be lifted by that person, in whole or in part. A consent
is only valid when it is specific (docs/domain.md §4): who discloses, who receives,
which categories of data, for what purpose, and for how long. A consent "to
everything" is not valid. For a child the guardians decide (OSL 12 kap. 3 §,
föräldrabalken 6 kap. 11 och 13 §§: two guardians decide together).

Two entry points:

- :func:`validate_consent` checks a :class:`ConsentDraft` before it is
  registered and raises :class:`InputError`/:class:`DomainError` with a Swedish
  message naming the field.
- :func:`consent_counts` tells the secrecy gate whether one registered
  :class:`ConsentRecord` is a basis for one category on one day, and why
  (contracts/README.md, kind ``disclosure``). The disclosing agency obtains and
  checks consent itself: a consent recorded by another agency never counts.

Choices where the law leaves room (the safe reading, docs/domain.md preamble):

- **Validity at most 12 months** (:data:`CONSENT_MAX_MONTHS`). No statute caps it,
  but a consent must be specific also in time; a year keeps it current and close
  to the person's actual will, and matches a year of ekonomiskt bistånd or a
  rehabilitation period. Longer needs a new consent.
- **A child's own say** (OSL 12 kap. 3 §, FB 6 kap. 11 §; docs/adr/0009-a-childs-own-say.md).
  Under 15 the guardians consent for the child; from 12 the child's own view (and whether it
  agrees) is recorded with the consent. From 15 the child decides over the secrecy of its own
  data: a consent given only by the guardians does not count, the child's own consent is needed
  (and suffices). From 18 only the person. The age is taken on the day of the disclosure
  (:func:`consent_counts`), and on the first day of validity when a consent is registered.
- **Sensitive data needs written consent.** docs/domain.md §4: written is the rule
  for sensitive data (health, socialtjänst notes); the registry accepts oral
  consent only for other categories, and then records who took it and when.
"""

from __future__ import annotations

from samverkan.domain.consent.child import (
    ADULT_AGE,
    CHILD_CONSENT_AGE,
    CHILD_VIEW_AGE,
    child_say_counts,
    child_view_problem,
)
from samverkan.domain.consent.counting import consent_counts
from samverkan.domain.consent.draft import (
    CONSENT_MAX_MONTHS,
    ConsentDraft,
    add_months,
    latest_valid_to,
    parse_consent_draft,
    validate_consent,
)
from samverkan.domain.consent.record import (
    ConsentForm,
    ConsentGiver,
    ConsentRecord,
    ConsentStatus,
    case_type,
    consent_giver,
    consent_status,
    organisation_type,
)
from samverkan.domain.dates import age_on
from samverkan.domain.organisations import OrganisationType

__all__ = [
    "ADULT_AGE",
    "CHILD_CONSENT_AGE",
    "CHILD_VIEW_AGE",
    "CONSENT_MAX_MONTHS",
    "ConsentDraft",
    "ConsentForm",
    "ConsentGiver",
    "ConsentRecord",
    "ConsentStatus",
    "OrganisationType",
    "add_months",
    "age_on",
    "case_type",
    "child_say_counts",
    "child_view_problem",
    "consent_counts",
    "consent_giver",
    "consent_status",
    "latest_valid_to",
    "organisation_type",
    "parse_consent_draft",
    "validate_consent",
]
