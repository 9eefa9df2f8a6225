"""Who may use each page and API operation of this app, declared once (samverkan.accounts.access)."""

from __future__ import annotations

from samverkan.accounts.access import officials
from samverkan.domain.organisations import OrganisationType, Role

#: Ekonomiskt bistånd: the socialnämnd's social workers and unit managers.
ASSISTANCE = officials(
    "Ekonomiskt bistånd",
    (Role.SOCIAL_WORKER, Role.UNIT_MANAGER),
    (OrganisationType.SOCIAL_SERVICES,),
)
