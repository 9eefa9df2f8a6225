"""Who may use each page and API operation of this app, declared once (samverkan.accounts.access)."""

from __future__ import annotations

from samverkan.accounts.access import officials
from samverkan.domain.organisations import OrganisationType, Role

#: FK roles that work in individual coordination cases (samverkansansvariga do not; seed 002).
FK_CASE_ROLES = (Role.INSURANCE_INVESTIGATOR, Role.PERSONAL_CASE_OFFICER, Role.UNIT_MANAGER)
#: Roles at a vårdenhet that keep the unit's coordination status and may ask for an avstämningsmöte.
HEALTHCARE_REHAB_ROLES = (Role.REHAB_COORDINATOR, Role.SICK_LISTING_DOCTOR, Role.UNIT_MANAGER)

#: Försäkringskassan leads the rehabilitation coordination (SFB 30 kap. 8–11 §§).
FK_REHAB = officials(
    "Rehabiliteringssamordning (Försäkringskassan)",
    FK_CASE_ROLES,
    (OrganisationType.FK,),
)
#: A vårdcentral's own patients: access follows the care relationship (PDL 4 kap. 1 §), so the unit bounds it.
HEALTHCARE_REHAB = officials(
    "Rehabilitering i vården (egen vårdenhet)",
    HEALTHCARE_REHAB_ROLES,
    (OrganisationType.HEALTHCARE,),
    basis="4 kap. 1 § patientdatalagen (2008:355)",
)
#: The other actors' view of a person's plan (with consent, through the gate).
ACTOR_PLAN = officials(
    "Rehabiliteringsplanen, annan aktör",
    (
        Role.EMPLOYMENT_OFFICER,
        Role.EMPLOYER_REPRESENTATIVE,
        Role.SOCIAL_WORKER,
        Role.REHAB_COORDINATOR,
        Role.SICK_LISTING_DOCTOR,
        Role.UNIT_MANAGER,
    ),
    (OrganisationType.AF, OrganisationType.EMPLOYER, OrganisationType.SOCIAL_SERVICES, OrganisationType.HEALTHCARE),
)
#: FK's statistics per unit and month (a samordningsförbund gets its own suppressed page, not this one).
STATISTICS = officials(
    "Rehabiliteringsstatistik (Försäkringskassan)",
    (Role.INSURANCE_INVESTIGATOR, Role.PERSONAL_CASE_OFFICER, Role.COLLABORATION_LEAD, Role.UNIT_MANAGER),
    (OrganisationType.FK,),
)
#: The employer's own plan for return to work (SFB 30 kap. 6 §), in its ärenden about its employees.
EMPLOYER_PLAN = officials(
    "Plan för återgång i arbete (arbetsgivare)",
    (Role.EMPLOYER_REPRESENTATIVE,),
    (OrganisationType.EMPLOYER,),
    basis="30 kap. 6 § socialförsäkringsbalken (2010:110)",
)
#: The employer and socialtjänsten ask FK for an avstämningsmöte, with the insured's consent (SFB 30 kap. 10 §).
ACTOR_MEETING = officials(
    "Begära avstämningsmöte (arbetsgivare, socialtjänst)",
    (Role.EMPLOYER_REPRESENTATIVE, Role.SOCIAL_WORKER, Role.UNIT_MANAGER),
    (OrganisationType.EMPLOYER, OrganisationType.SOCIAL_SERVICES),
    basis="30 kap. 10 § socialförsäkringsbalken (2010:110)",
)
