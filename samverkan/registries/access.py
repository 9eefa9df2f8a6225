"""Who may use each page and API operation of this app, declared once (samverkan.accounts.access)."""

from __future__ import annotations

from samverkan.accounts.access import officials
from samverkan.domain.organisations import OrganisationType, Role

#: An agency's own records (FK, PM, AF, a-kassa), kept by its case officers.
REGISTRY = officials(
    "Myndighetens egna register",
    (
        Role.INSURANCE_INVESTIGATOR,
        Role.PERSONAL_CASE_OFFICER,
        Role.PENSION_OFFICER,
        Role.EMPLOYMENT_OFFICER,
        Role.UNEMPLOYMENT_FUND_OFFICER,
        Role.UNIT_MANAGER,
    ),
    (OrganisationType.FK, OrganisationType.PM, OrganisationType.AF, OrganisationType.UNEMPLOYMENT_FUND),
)
#: The socialnämnd's inbox of notices and its household lookup (SSBTEK).
SOCIAL = officials(
    "Socialnämndens inkorg och uppgiftshämtning",
    (Role.SOCIAL_WORKER, Role.UNIT_MANAGER),
    (OrganisationType.SOCIAL_SERVICES,),
)
