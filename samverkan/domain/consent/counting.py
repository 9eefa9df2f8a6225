"""Whether one registered consent is a basis for one category on one day, and why (OSL 12 kap. 2 §)."""

from __future__ import annotations

import datetime as dt

from samverkan.domain.consent.child import child_say_counts
from samverkan.domain.consent.record import ConsentRecord, ConsentStatus, consent_status, organisation_type
from samverkan.domain.organisations import CaseType, OrganisationType
from samverkan.domain.statutes import OSL_12_2


def _org(value: object) -> str:
    """Swedish name of an organisation type for running text (lazy import: disclosure imports this package)."""
    from samverkan.domain.disclosure import in_sentence

    return in_sentence(organisation_type(value))


def _category_label(code: str) -> str:
    from samverkan.domain.disclosure import CATEGORIES

    found = CATEGORIES.get(code)
    return f"”{found.label}”" if found else f"”{code}”"


def consent_counts(
    consent: ConsentRecord,
    discloser: OrganisationType,
    requester: OrganisationType,
    category: str,
    on: dt.date,
    request_case_type: CaseType | None = None,
) -> tuple[bool, str]:
    """Whether ``consent`` is a basis for disclosing ``category`` from ``discloser`` to ``requester`` on ``on``.

    Returns ``(counts, reason)`` with the reason in plain Swedish. Checked in this
    order, the first failure being the reason given (contracts/README.md):
    recorded by the discloser itself; the requester is the recipient; the
    category is covered; the consent's kind of ärende, when it names one, is the
    request's (``request_case_type``; never counts for a request without one: a
    consent lifts secrecy only for the purpose it was given for, OSL 12 kap. 2 §);
    ``valid_from <= on``; ``valid_to`` is open or ``on <= valid_to``;
    not withdrawn (``on < withdrawn_on``). A samordningsförbund never receives
    data about a person (docs/domain.md §1: aggregated data only).
    """
    who = consent.label
    if consent.recorded_by != discloser:
        return False, (
            f"{who} registrerades av {_org(consent.recorded_by)}, inte av {_org(discloser)}. "
            f"Den myndighet som lämnar ut uppgiften måste själv ta emot och kontrollera samtycket; "
            f"att en annan myndighet uppger att personen har samtyckt räcker inte ({OSL_12_2.text})."
        )
    if consent.recipient != requester:
        return False, (f"{who} gäller utlämnande till {_org(consent.recipient)}, inte till {_org(requester)}.")
    if str(requester) == "finsam":
        return False, (
            f"{who} kan inte användas: samordningsförbundet arbetar inte med enskilda ärenden och får bara "
            f"avidentifierade, sammanställda uppgifter."
        )
    if category not in consent.categories:
        covered = ", ".join(_category_label(c) for c in consent.categories)
        return False, f"{who} omfattar andra uppgifter ({covered}), inte {_category_label(category)}."
    if consent.case_type is not None and consent.case_type != request_case_type:
        given = f"ett ärende om {consent.case_type.label.lower()}"
        asked = (
            "en begäran som inte anger i vilket slags ärende uppgiften ska användas"
            if request_case_type is None
            else f"ett ärende om {request_case_type.label.lower()}"
        )
        return False, (
            f"{who} lämnades för {given} och gäller inte för {asked}: ett samtycke häver sekretessen bara för "
            f"det ändamål det lämnades för ({OSL_12_2.text})."
        )
    status = consent_status(consent, on)
    if status is ConsentStatus.WITHDRAWN:
        assert consent.withdrawn_on is not None
        return False, (
            f"{who} återkallades den {consent.withdrawn_on.isoformat()}. Ett återkallat samtycke gäller inte "
            f"för något utlämnande från och med den dagen."
        )
    if status is ConsentStatus.NOT_YET_VALID:
        return False, f"{who} gäller först från och med den {consent.valid_from.isoformat()}."
    if status is ConsentStatus.EXPIRED:
        assert consent.valid_to is not None
        return False, f"{who} gällde till och med den {consent.valid_to.isoformat()} och har gått ut."
    counts, child_note = child_say_counts(consent, on)
    if not counts:
        return False, f"{who} {child_note}"
    until = f"till och med den {consent.valid_to.isoformat()}" if consent.valid_to else "tills vidare"
    return True, (
        f"{who} togs emot och kontrollerades av {_org(discloser)} själv, gäller utlämnande av "
        f"{_category_label(category)} till {_org(requester)} och gäller från den {consent.valid_from.isoformat()} "
        f"{until} ({consent.form.label}, ändamål: {consent.purpose or 'ej angivet'}).{child_note}"
    )
