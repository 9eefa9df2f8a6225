"""Who may use each page and API operation of this app, declared once (samverkan.accounts.access)."""

from __future__ import annotations

from samverkan.accounts.access import officials
from samverkan.domain.organisations import CASE_ROLES, OrganisationType

#: Organisations that obtain and check consents before they disclose, and who there may register them.
CONSENT_ORG_TYPES = (
    OrganisationType.SOCIAL_SERVICES,
    OrganisationType.FK,
    OrganisationType.PM,
    OrganisationType.AF,
    OrganisationType.UNEMPLOYMENT_FUND,
    OrganisationType.HEALTHCARE,
)
CONSENT_ROLES = tuple(sorted(CASE_ROLES))
#: The consent register of the disclosing organisation (docs/domain.md §4).
CONSENTS = officials("Samtyckesregistret", CONSENT_ROLES, CONSENT_ORG_TYPES)
