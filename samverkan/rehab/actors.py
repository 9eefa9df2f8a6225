"""Which organisations on the platform are rehabilitation actors (SFB 30 kap. 10 §), and how to name them.

The domain layer speaks of actor *kinds* (:class:`~samverkan.domain.rehab.RehabActor`); the platform
holds actual organisations. This module maps one to the other. Arbetstagarorganisationer (fackförbund)
are named in the statute but are not organisations on the platform, so they cannot be chosen here.
"""

from __future__ import annotations

from samverkan.accounts.models import Organisation
from samverkan.domain.organisations import OrganisationType
from samverkan.domain.rehab import RehabActor
from samverkan.domain.statutes import SFB_30_10

#: Organisation types FK may collaborate with in the rehabilitation, with the insured's consent.
ACTOR_BY_ORGANISATION_TYPE: dict[OrganisationType, RehabActor] = {
    OrganisationType.EMPLOYER: RehabActor.EMPLOYER,
    OrganisationType.HEALTHCARE: RehabActor.HEALTHCARE,
    OrganisationType.SOCIAL_SERVICES: RehabActor.SOCIAL_SERVICES,
    OrganisationType.AF: RehabActor.AF,
}

ACTOR_ORGANISATION_TYPES: tuple[str, ...] = tuple(t.value for t in ACTOR_BY_ORGANISATION_TYPE)

#: The consent categories FK asks for when it registers a consent for collaboration in the rehabilitation.
REHAB_CONSENT_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("rehab_plan", "Rehabiliteringsplanen (de insatser och möten aktören deltar i)"),
    ("review_meeting_minutes", "Anteckningar från avstämningsmöten"),
    ("work_capacity_assessment", "Bedömning av arbetsförmåga"),
)

#: The category that must be covered for FK to involve an actor at all.
PLAN_CATEGORY = "rehab_plan"
MINUTES_CATEGORY = "review_meeting_minutes"


class NotAnActor(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def actor_for(organisation: Organisation) -> RehabActor:
    """The actor kind of ``organisation``; :class:`NotAnActor` with a Swedish reason otherwise."""
    if organisation.type is OrganisationType.FK:
        raise NotAnActor(
            "Försäkringskassan samordnar men genomför inte själv någon rehabilitering; varje aktör genomför och "
            "bekostar sina egna insatser (SFB 30 kap. 8 och 10 §§)."
        )
    actor = ACTOR_BY_ORGANISATION_TYPE.get(organisation.type)
    if actor is None:
        raise NotAnActor(
            f"{organisation.name} ({organisation.type.label}) är inte en aktör som Försäkringskassan samverkar med "
            f"i rehabiliteringen: arbetsgivare, arbetstagarorganisation, hälso- och sjukvård, socialtjänst eller "
            f"Arbetsförmedlingen ({SFB_30_10.text})."
        )
    return actor


def party_code(organisation: Organisation) -> str:
    """The party code used by the digital meeting checklist (the organisation type)."""
    return organisation.org_type
