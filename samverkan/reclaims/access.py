"""Who may use each page and API operation of this app, declared once (samverkan.accounts.access)."""

from __future__ import annotations

from samverkan.accounts.access import officials
from samverkan.domain.organisations import OrganisationType, Role

SOCIAL_ROLES = (Role.SOCIAL_WORKER, Role.UNIT_MANAGER)
AGENCY_ROLES = (Role.INSURANCE_INVESTIGATOR, Role.PERSONAL_CASE_OFFICER, Role.PENSION_OFFICER, Role.UNIT_MANAGER)
SOCIAL = (OrganisationType.SOCIAL_SERVICES,)
AGENCIES = (OrganisationType.FK, OrganisationType.PM)

#: The socialnämnd drafts, sends and withdraws återsökningar (SFB 107 kap. 5 §).
RECLAIM_SOCIAL = officials("Återsökning (socialnämnden)", SOCIAL_ROLES, SOCIAL)
#: FK and PM receive, settle and refuse them.
RECLAIM_AGENCY = officials("Inkommande återsökningar (FK, PM)", AGENCY_ROLES, AGENCIES)
#: Either side reads a återsökning it is party to, and its letters.
RECLAIM_PARTY = officials(
    "Återsökning, part",
    set(SOCIAL_ROLES) | set(AGENCY_ROLES),
    SOCIAL + AGENCIES,
)
