"""Who takes part: organisation types and roles (docs/domain.md §1).

One name per concept: these codes are used by the domain rules, the database
and the API alike.
"""

from __future__ import annotations

from enum import StrEnum


class OrganisationType(StrEnum):
    SOCIAL_SERVICES = "social_services"
    FK = "fk"
    PM = "pm"
    AF = "af"
    UNEMPLOYMENT_FUND = "unemployment_fund"
    HEALTHCARE = "healthcare"
    EMPLOYER = "employer"
    FINSAM = "finsam"
    CSN = "csn"
    TAX_AGENCY = "tax_agency"

    @property
    def label(self) -> str:
        return ORGANISATION_TYPE_LABELS[self]


ORGANISATION_TYPE_LABELS: dict[OrganisationType, str] = {
    OrganisationType.SOCIAL_SERVICES: "Socialnämnd",
    OrganisationType.FK: "Försäkringskassan",
    OrganisationType.PM: "Pensionsmyndigheten",
    OrganisationType.AF: "Arbetsförmedlingen",
    OrganisationType.UNEMPLOYMENT_FUND: "Arbetslöshetskassa",
    OrganisationType.HEALTHCARE: "Hälso- och sjukvård",
    OrganisationType.EMPLOYER: "Arbetsgivare",
    OrganisationType.FINSAM: "Samordningsförbund",
    OrganisationType.CSN: "Centrala studiestödsnämnden",
    OrganisationType.TAX_AGENCY: "Skatteverket",
}

#: The secrecy each organisation type is bound by (docs/domain.md §1).
SECRECY_PROVISION: dict[OrganisationType, str] = {
    OrganisationType.SOCIAL_SERVICES: "26 kap. 1 § offentlighets- och sekretesslagen (2009:400)",
    OrganisationType.FK: "28 kap. 1 § offentlighets- och sekretesslagen (2009:400)",
    OrganisationType.PM: "28 kap. 1 § offentlighets- och sekretesslagen (2009:400)",
    OrganisationType.AF: "28 kap. 11 § offentlighets- och sekretesslagen (2009:400)",
    OrganisationType.UNEMPLOYMENT_FUND: "28 kap. 13 § offentlighets- och sekretesslagen (2009:400)",
    OrganisationType.HEALTHCARE: "25 kap. 1 § offentlighets- och sekretesslagen (2009:400)",
    OrganisationType.EMPLOYER: "ingen offentlig sekretess; får uppgifter endast med samtycke",
    OrganisationType.FINSAM: "endast sammanställda uppgifter, inga enskilda ärenden",
    OrganisationType.CSN: "28 kap. offentlighets- och sekretesslagen (2009:400) (studiestöd)",
    OrganisationType.TAX_AGENCY: "27 kap. 1 § offentlighets- och sekretesslagen (2009:400)",
}

#: Organisation types that reach Samverkan by system integration only (as in SSBTEK): their registers
#: answer the gate's requests and send notices, but they have no officials, no users and no ärenden here.
INTEGRATION_ONLY_TYPES: frozenset[OrganisationType] = frozenset({OrganisationType.CSN, OrganisationType.TAX_AGENCY})


class Role(StrEnum):
    SOCIAL_WORKER = "social_worker"
    INSURANCE_INVESTIGATOR = "insurance_investigator"
    PERSONAL_CASE_OFFICER = "personal_case_officer"
    COLLABORATION_LEAD = "collaboration_lead"
    FK_CONTACT_PERSON = "fk_contact_person"
    PENSION_OFFICER = "pension_officer"
    EMPLOYMENT_OFFICER = "employment_officer"
    UNEMPLOYMENT_FUND_OFFICER = "unemployment_fund_officer"
    REHAB_COORDINATOR = "rehab_coordinator"
    SICK_LISTING_DOCTOR = "sick_listing_doctor"
    CARE_ADMINISTRATOR = "care_administrator"
    EMPLOYER_REPRESENTATIVE = "employer_representative"
    FINSAM_OFFICER = "finsam_officer"
    UNIT_MANAGER = "unit_manager"
    SECURITY_OFFICER = "security_officer"
    SYSTEM_ADMINISTRATOR = "system_administrator"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.SOCIAL_WORKER: "Socialsekreterare",
    Role.INSURANCE_INVESTIGATOR: "Försäkringsutredare",
    Role.PERSONAL_CASE_OFFICER: "Personlig handläggare",
    Role.COLLABORATION_LEAD: "Samverkansansvarig",
    Role.FK_CONTACT_PERSON: "Kontaktperson för vårdcentral",
    Role.PENSION_OFFICER: "Handläggare, Pensionsmyndigheten",
    Role.EMPLOYMENT_OFFICER: "Arbetsförmedlare",
    Role.UNEMPLOYMENT_FUND_OFFICER: "Handläggare, a-kassa",
    Role.REHAB_COORDINATOR: "Rehabkoordinator",
    Role.SICK_LISTING_DOCTOR: "Sjukskrivande läkare",
    Role.CARE_ADMINISTRATOR: "Vårdadministratör",
    Role.EMPLOYER_REPRESENTATIVE: "Arbetsgivarrepresentant",
    Role.FINSAM_OFFICER: "Förbundschef, samordningsförbund",
    Role.UNIT_MANAGER: "Enhetschef",
    Role.SECURITY_OFFICER: "Informationssäkerhetsansvarig",
    Role.SYSTEM_ADMINISTRATOR: "Systemförvaltare",
}

#: Every type that has officials (the integration-only types have no users at all).
_ANY = frozenset(OrganisationType) - INTEGRATION_ONLY_TYPES

#: Which roles exist at which organisation type. A role outside this map is a data error.
ROLES_BY_ORGANISATION_TYPE: dict[Role, frozenset[OrganisationType]] = {
    Role.SOCIAL_WORKER: frozenset({OrganisationType.SOCIAL_SERVICES}),
    Role.INSURANCE_INVESTIGATOR: frozenset({OrganisationType.FK}),
    Role.PERSONAL_CASE_OFFICER: frozenset({OrganisationType.FK}),
    # Samverkansansvariga work on the structural level only, never in individual cases (seed 002).
    Role.COLLABORATION_LEAD: frozenset({OrganisationType.FK}),
    Role.FK_CONTACT_PERSON: frozenset({OrganisationType.FK}),
    Role.PENSION_OFFICER: frozenset({OrganisationType.PM}),
    Role.EMPLOYMENT_OFFICER: frozenset({OrganisationType.AF}),
    Role.UNEMPLOYMENT_FUND_OFFICER: frozenset({OrganisationType.UNEMPLOYMENT_FUND}),
    Role.REHAB_COORDINATOR: frozenset({OrganisationType.HEALTHCARE}),
    Role.SICK_LISTING_DOCTOR: frozenset({OrganisationType.HEALTHCARE}),
    Role.CARE_ADMINISTRATOR: frozenset({OrganisationType.HEALTHCARE}),
    Role.EMPLOYER_REPRESENTATIVE: frozenset({OrganisationType.EMPLOYER}),
    Role.FINSAM_OFFICER: frozenset({OrganisationType.FINSAM}),
    Role.UNIT_MANAGER: _ANY,
    Role.SECURITY_OFFICER: _ANY,
    Role.SYSTEM_ADMINISTRATOR: _ANY,
}

#: Roles that work in individual cases (the others see structure or aggregates only).
CASE_ROLES: frozenset[Role] = frozenset(
    {
        Role.SOCIAL_WORKER,
        Role.INSURANCE_INVESTIGATOR,
        Role.PERSONAL_CASE_OFFICER,
        Role.PENSION_OFFICER,
        Role.EMPLOYMENT_OFFICER,
        Role.UNEMPLOYMENT_FUND_OFFICER,
        Role.REHAB_COORDINATOR,
        Role.SICK_LISTING_DOCTOR,
        Role.CARE_ADMINISTRATOR,
        Role.EMPLOYER_REPRESENTATIVE,
        Role.UNIT_MANAGER,
    }
)


#: Organisation types inside which units are separated: an official sees the ärenden and persons of the own
#: unit only. In hälso- och sjukvården access follows the care relationship: a vårdcentral's staff may read
#: the records of the patients it cares for (4 kap. 1 § patientdatalagen (2008:355)), not another unit's.
UNIT_SEPARATED_TYPES: frozenset[OrganisationType] = frozenset({OrganisationType.HEALTHCARE})
UNIT_SEPARATION_BASIS = "4 kap. 1 § patientdatalagen (2008:355)"


def role_allowed_at(role: Role, organisation_type: OrganisationType) -> bool:
    return organisation_type in ROLES_BY_ORGANISATION_TYPE[role]


class CaseType(StrEnum):
    """Kinds of ärenden, each held by one organisation type."""

    ASSISTANCE = "assistance"
    SOCIAL_OTHER = "social_other"
    SICKNESS = "sickness"
    REHAB_COORDINATION = "rehab_coordination"
    BENEFIT = "benefit"
    PENSION = "pension"
    JOBSEEKER = "jobseeker"
    UNEMPLOYMENT = "unemployment"
    SICK_LEAVE = "sick_leave"
    RETURN_TO_WORK = "return_to_work"

    @property
    def label(self) -> str:
        return CASE_TYPE_LABELS[self]


CASE_TYPE_LABELS: dict[CaseType, str] = {
    CaseType.ASSISTANCE: "Ekonomiskt bistånd",
    CaseType.SOCIAL_OTHER: "Övrigt socialtjänstärende",
    CaseType.SICKNESS: "Sjukpenning",
    CaseType.REHAB_COORDINATION: "Samordning av rehabilitering",
    CaseType.BENEFIT: "Förmånsärende",
    CaseType.PENSION: "Pension och bostadstillägg",
    CaseType.JOBSEEKER: "Arbetssökande",
    CaseType.UNEMPLOYMENT: "Arbetslöshetsersättning",
    CaseType.SICK_LEAVE: "Sjukskrivning",
    CaseType.RETURN_TO_WORK: "Återgång i arbete",
}

CASE_TYPES_BY_ORGANISATION_TYPE: dict[OrganisationType, frozenset[CaseType]] = {
    OrganisationType.SOCIAL_SERVICES: frozenset({CaseType.ASSISTANCE, CaseType.SOCIAL_OTHER}),
    OrganisationType.FK: frozenset({CaseType.SICKNESS, CaseType.REHAB_COORDINATION, CaseType.BENEFIT}),
    OrganisationType.PM: frozenset({CaseType.PENSION}),
    OrganisationType.AF: frozenset({CaseType.JOBSEEKER}),
    OrganisationType.UNEMPLOYMENT_FUND: frozenset({CaseType.UNEMPLOYMENT}),
    OrganisationType.HEALTHCARE: frozenset({CaseType.SICK_LEAVE}),
    OrganisationType.EMPLOYER: frozenset({CaseType.RETURN_TO_WORK}),
    # A samordningsförbund has no individual cases (docs/domain.md §1).
    OrganisationType.FINSAM: frozenset(),
    # CSN and Skatteverket reach Samverkan by system integration only: no ärenden here.
    OrganisationType.CSN: frozenset(),
    OrganisationType.TAX_AGENCY: frozenset(),
}
