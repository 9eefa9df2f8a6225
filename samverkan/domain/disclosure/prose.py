"""How the organisations are named in the gate's Swedish sentences, and the secrecy that protects data there."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from samverkan.domain.organisations import OrganisationType
from samverkan.domain.statutes import OSL_25_1, OSL_26_1, OSL_27_1, OSL_28, OSL_28_1, OSL_28_11, OSL_28_13, Citation

#: How each organisation type is named inside a Swedish sentence, and the secrecy provision that
#: protects data about a person there (docs/domain.md §1; None: not bound by OSL). The enum itself,
#: with its labels for lists, lives in :mod:`samverkan.domain.organisations`.
_PROSE: Mapping[OrganisationType, tuple[str, Citation | None]] = MappingProxyType(
    {
        OrganisationType.SOCIAL_SERVICES: ("socialnämnden", OSL_26_1),
        OrganisationType.FK: ("Försäkringskassan", OSL_28_1),
        OrganisationType.PM: ("Pensionsmyndigheten", OSL_28_1),
        OrganisationType.AF: ("Arbetsförmedlingen", OSL_28_11),
        OrganisationType.UNEMPLOYMENT_FUND: ("a-kassan", OSL_28_13),
        OrganisationType.HEALTHCARE: ("hälso- och sjukvården", OSL_25_1),
        OrganisationType.EMPLOYER: ("arbetsgivaren", None),
        OrganisationType.FINSAM: ("samordningsförbundet", None),
        OrganisationType.CSN: ("Centrala studiestödsnämnden", OSL_28),
        OrganisationType.TAX_AGENCY: ("Skatteverket", OSL_27_1),
    }
)


def in_sentence(organisation: OrganisationType) -> str:
    """Swedish definite form inside a sentence: ``"socialnämnden"``, ``"Försäkringskassan"``."""
    return _PROSE[organisation][0]


def as_subject(organisation: OrganisationType) -> str:
    """The definite form at the start of a sentence: ``"Socialnämnden"``, ``"A-kassan"``."""
    text = in_sentence(organisation)
    return text[:1].upper() + text[1:]


def secrecy_citation(organisation: OrganisationType) -> Citation | None:
    """The secrecy provision protecting data about a person at ``organisation`` (None: not bound by OSL)."""
    return _PROSE[organisation][1]


#: Organisations whose data the general clause OSL 10 kap. 27 § can never release
#: (it does not apply to 25 kap. 1–8 §§ or 26 kap. 1–6 §§).
NEVER_GENERAL_CLAUSE = frozenset({OrganisationType.SOCIAL_SERVICES, OrganisationType.HEALTHCARE})


#: Disclosers that always make their own secrecy review, even with a valid consent
#: (Arbetsförmedlingen: "sekretessprövning i varje ärende", seed 001, docs/domain.md §4).
OWN_REVIEW_WITH_CONSENT = frozenset({OrganisationType.AF})
