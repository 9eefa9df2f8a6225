"""Who may use each page and API operation of this app, declared once (samverkan.accounts.access)."""

from __future__ import annotations

from samverkan.accounts.access import officials
from samverkan.domain.organisations import OrganisationType, Role

#: Log review (logguppföljning): the organisation's informationssäkerhetsansvarig.
LOG_REVIEW = officials(
    "Logguppföljning",
    (Role.SECURITY_OFFICER,),
    refused="Bara organisationens informationssäkerhetsansvariga granskar loggen.",
)
STATISTICS_ROLES = (Role.UNIT_MANAGER, Role.COLLABORATION_LEAD, Role.SECURITY_OFFICER)
#: The organisation's own statistics (never a samordningsförbund's: it has its own, suppressed page).
STATISTICS = officials(
    "Egen statistik",
    STATISTICS_ROLES,
    tuple(t for t in OrganisationType if t is not OrganisationType.FINSAM),
)
#: A samordningsförbund sees aggregates of its members only, with small cells suppressed (Finsam).
FINSAM = officials(
    "Samordningsförbundets uppföljning",
    (Role.FINSAM_OFFICER,),
    (OrganisationType.FINSAM,),
    basis="lag (2003:1210) om finansiell samordning av rehabiliteringsinsatser: bara sammanställda uppgifter",
)
