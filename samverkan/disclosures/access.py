"""Who may use each page and API operation of this app, declared once (samverkan.accounts.access)."""

from __future__ import annotations

from samverkan.accounts.access import officials
from samverkan.domain.organisations import CASE_ROLES, OrganisationType, Role

#: Ask the gate from a case page of ekonomiskt bistånd ("Begär uppgifter").
REQUEST_FROM_CASE = officials(
    "Begär uppgifter i ett ärende om ekonomiskt bistånd",
    (Role.SOCIAL_WORKER, Role.UNIT_MANAGER),
    (OrganisationType.SOCIAL_SERVICES,),
)
#: Ask the gate and read the organisation's own requests and answers: officials in individual cases.
REQUESTS = officials("Förfrågningar genom sekretessgrinden", CASE_ROLES)
#: Organisations whose officials make their own secrecy review of requests to them.
REVIEW_ORG_TYPES = (
    OrganisationType.AF,
    OrganisationType.FK,
    OrganisationType.PM,
    OrganisationType.UNEMPLOYMENT_FUND,
    OrganisationType.HEALTHCARE,
)
REVIEW = officials("Sekretessprövning av förfrågningar", CASE_ROLES, REVIEW_ORG_TYPES)
