"""The actors of a rehabilitation coordination, the need areas and the statuses, and the sources cited."""

from __future__ import annotations

from enum import StrEnum

from samverkan.domain.errors import InputError
from samverkan.domain.statutes import SFB_30_10, Citation

#: The employer's plan for return to work within 30 days: the yardstick for "snarast".
SFB_30_6 = Citation("SFB (2010:110)", "30 kap. 6 §")


#: First plan within this many days of the start of coordination: on time.
FIRST_PLAN_OK_DAYS = 30


#: First plan within this many days: needs attention. Later: late.
FIRST_PLAN_ATTENTION_DAYS = 60


SEED_002_SOURCE = "Försäkringskassan: Samordning av rehabiliteringsinsatser hos Försäkringskassan"


SEED_004_SOURCE = "Riktlinjer för kommunikation med Försäkringskassan (Region Sörmland och Försäkringskassan, 2020)"


class RehabActor(StrEnum):
    """The actors FK may collaborate with, with the insured's consent (SFB 30 kap. 10 §)."""

    EMPLOYER = "employer"
    UNION = "union"
    HEALTHCARE = "healthcare"
    SOCIAL_SERVICES = "social_services"
    AF = "af"

    @property
    def label(self) -> str:
        return {
            "employer": "arbetsgivaren",
            "union": "arbetstagarorganisationen (facket)",
            "healthcare": "hälso- och sjukvården",
            "social_services": "socialtjänsten",
            "af": "Arbetsförmedlingen",
        }[self.value]


class NeedArea(StrEnum):
    """The areas a needs mapping covers (kartläggning av rehabiliteringsbehov)."""

    MEDICAL = "medical"
    WORK = "work"
    SOCIAL = "social"
    ECONOMIC = "economic"

    @property
    def label(self) -> str:
        return {
            "medical": "Medicinska behov",
            "work": "Arbete och sysselsättning",
            "social": "Sociala förhållanden",
            "economic": "Ekonomi och försörjning",
        }[self.value]


class MeasureStatus(StrEnum):
    PLANNED = "planned"
    ONGOING = "ongoing"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return {"planned": "Planerad", "ongoing": "Pågår", "done": "Genomförd", "cancelled": "Avbruten"}[self.value]


class PlanTimeliness(StrEnum):
    OK = "ok"
    ATTENTION = "attention"
    LATE = "late"


class MeetingRequester(StrEnum):
    """Who may ask FK for an avstämningsmöte: FK itself, the insured, and the other actors of the rehabilitation
    (healthcare — on the rehabilitation page or in an administrative question —, the employer, socialtjänsten)."""

    FK = "fk"
    INSURED = "insured"
    HEALTHCARE = "healthcare"
    EMPLOYER = "employer"
    SOCIAL_SERVICES = "social_services"


def parse_actor(value: object, field: str, *, measure: bool = False) -> RehabActor:
    if value == "fk" and not measure:
        raise InputError(
            field,
            "Försäkringskassan är den som samordnar; ange vilken aktör Försäkringskassan ska samverka med "
            f"(arbetsgivare, arbetstagarorganisation, vård, socialtjänst eller Arbetsförmedlingen; {SFB_30_10.text}).",
            code="fk_is_coordinator",
        )
    if value == "fk":
        raise InputError(
            field,
            "Försäkringskassan kan inte vara ansvarig för en rehabiliteringsinsats: Försäkringskassan samordnar "
            "men genomför inte själv någon rehabilitering. Varje aktör genomför och bekostar sina egna insatser "
            f"(SFB 30 kap. 8 och 10 §§; {SEED_002_SOURCE}).",
            code="fk_provides_no_measures",
        )
    try:
        return RehabActor(str(value))
    except ValueError:
        known = ", ".join(a.value for a in RehabActor)
        raise InputError(field, f"Okänd aktör {value!r}. Kända aktörer: {known}.", code="unknown_actor") from None
