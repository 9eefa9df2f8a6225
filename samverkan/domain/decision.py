"""The gate's decision: every category of a disclosure request decided against the duty table and the consents.

Its own module so that one Django app alone may call it: ``samverkan.disclosures`` (the secrecy gate)
is the only importer outside the domain, an import-linter contract in ``pyproject.toml`` enforces it.
The steps per category are those of :mod:`samverkan.domain.disclosure`'s docstring; the catalogue, the
request and decision types and everything else the apps may read stay in that package.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from samverkan.domain.consent import consent_counts
from samverkan.domain.disclosure.catalogue import CATEGORIES
from samverkan.domain.disclosure.duties import (
    CONSENT_PROVISIONS,
    DUTY_TABLE,
    DisclosureDuty,
    DutyCondition,
    period_problem,
)
from samverkan.domain.disclosure.prose import (
    NEVER_GENERAL_CLAUSE,
    OWN_REVIEW_WITH_CONSENT,
    as_subject,
    in_sentence,
    secrecy_citation,
)
from samverkan.domain.disclosure.request import Basis, CategoryDecision, DisclosureDecision, DisclosureRequest, Outcome
from samverkan.domain.organisations import CaseType, OrganisationType
from samverkan.domain.statutes import OSL_10_2, OSL_10_27, OSL_10_28, OSL_12_2, Citation, join_texts


def decide(request: DisclosureRequest, *, duties: Sequence[DisclosureDuty] = DUTY_TABLE) -> DisclosureDecision:
    """Decide every category of ``request`` (pure; the order of categories and consents does not matter).

    ``duties`` defaults to :data:`~samverkan.domain.disclosure.DUTY_TABLE`; passing another table is how a
    new duty is tried out before it becomes data of the package.
    """
    rows = [d for d in duties if d.discloser == request.discloser and d.in_force_on(request.date)]
    decisions = tuple(_decide_category(request, code, rows) for code in request.categories)
    return DisclosureDecision(request=request, decisions=decisions)


def _unmet(request: DisclosureRequest, conditions: Iterable[DutyCondition]) -> list[str]:
    reasons = []
    for condition in sorted(conditions, key=list(DutyCondition).index):
        if condition is DutyCondition.REQUESTER_HANDLES_ASSISTANCE and not request.requester_handles_assistance:
            reasons.append(
                "Uppgiftsskyldigheten gäller bara den del av socialnämnden som handlägger ekonomiskt bistånd, "
                "och den begärande enheten gör inte det."
            )
        elif condition is DutyCondition.ACTIVE_CASE and not request.active_case:
            reasons.append(
                "Personen har inget aktuellt ärende om ekonomiskt bistånd hos socialnämnden, och utan ett aktuellt "
                "ärende finns ingen uppgiftsskyldighet."
            )
        elif (
            condition is DutyCondition.ASSISTANCE_CASE
            and request.case_type is not None
            and request.case_type is not CaseType.ASSISTANCE
        ):
            reasons.append(
                f"Uppgiftsskyldigheten gäller uppgifter till ett ärende om ekonomiskt bistånd; den här begäran gäller "
                f"ett ärende om {request.case_type.label.lower()}."
            )
        elif condition is DutyCondition.HOUSEHOLD_MEMBER and not request.household_member:
            reasons.append("Begäran gäller inte en person i hushållet i det aktuella ärendet.")
        elif condition is DutyCondition.LIMITED_CURRENT_PERIOD:
            problem = period_problem(request.period_start, request.period_end, request.date)
            if problem:
                reasons.append(problem)
    return reasons


def _duty_for(
    request: DisclosureRequest, code: str, rows: Sequence[DisclosureDuty]
) -> tuple[DisclosureDuty | None, str]:
    """The duty row that releases ``code``, or None and the Swedish reason why none does."""
    discloser, requester = request.discloser, request.requester
    if not rows:
        return None, f"{as_subject(discloser)} har ingen uppgiftsskyldighet som gäller den här uppgiften."
    to_requester = [r for r in rows if r.recipient == requester]
    if not to_requester:
        recipients = sorted({in_sentence(r.recipient) for r in rows})
        return None, (
            f"{as_subject(discloser)} har ingen uppgiftsskyldighet mot {in_sentence(requester)}; "
            f"uppgiftsskyldigheten gäller bara mot {' och '.join(recipients)}."
        )
    listing = [r for r in to_requester if code in r.categories]
    if not listing:
        cited = join_texts(c for r in to_requester for c in r.citations_on(request.date) if c is not OSL_10_28)
        return None, (
            f"”{CATEGORIES[code].label}” hör inte till de uppgifter som {in_sentence(discloser)} är skyldig att "
            f"lämna till {in_sentence(requester)} ({cited})."
        )
    failures: list[str] = []
    for row in listing:
        unmet = _unmet(request, row.conditions)
        if not unmet:
            return row, ""
        failures.extend(r for r in unmet if r not in failures)
    return None, " ".join(failures)


def _consent_citations(request: DisclosureRequest, code: str) -> tuple[tuple[Citation, ...], tuple[str, ...]]:
    extra = [
        p
        for p in CONSENT_PROVISIONS
        if p.discloser == request.discloser and request.requester in p.recipients and code in p.categories
    ]
    return tuple(p.citation for p in extra), tuple(p.note for p in extra)


def _secrecy_citations(discloser: OrganisationType) -> tuple[Citation, ...]:
    own = secrecy_citation(discloser)
    cited = [] if own is None else [own]
    if discloser in NEVER_GENERAL_CLAUSE:
        cited.append(OSL_10_27)
    return tuple(cited)


def _decide_category(request: DisclosureRequest, code: str, rows: Sequence[DisclosureDuty]) -> CategoryDecision:
    """One category, in the order of the module docstring of :mod:`samverkan.domain.disclosure`."""
    label = CATEGORIES[code].label
    duty, duty_reason = _duty_for(request, code, rows)
    if duty is not None:
        return _released_by_duty(request, code, label, duty)
    by_consent, consent_text = _consent_decision(request, code, label)
    if by_consent is not None:
        return by_consent
    if request.own_work_necessity:
        return _own_work_review(request, code, label, f"{duty_reason} {consent_text}")
    return _denied(request, code, label, f"{duty_reason} {consent_text}")


def _released_by_duty(request: DisclosureRequest, code: str, label: str, duty: DisclosureDuty) -> CategoryDecision:
    """Step 1: a duty row releases the category; secrecy yields (OSL 10 kap. 28 §) and no consent is needed."""
    cited = duty.citations_on(request.date)
    grounds = join_texts(c for c in cited if c is not OSL_10_28)
    secrecy = f" Sekretess hindrar inte utlämnandet ({OSL_10_28.text})." if OSL_10_28 in cited else ""
    return CategoryDecision(
        category=code,
        outcome=Outcome.RELEASED,
        basis=Basis.DUTY,
        consent_id=None,
        citations=cited,
        explanation=(
            f"{as_subject(request.discloser)} är skyldig att lämna uppgiften ”{label}” till "
            f"{in_sentence(duty.recipient)} eftersom {duty.because} ({grounds}).{secrecy} Samtycke behövs inte."
        ),
    )


def _consent_decision(request: DisclosureRequest, code: str, label: str) -> tuple[CategoryDecision | None, str]:
    """Step 2: the first counting consent decides; else None and why no consent counts (Swedish)."""
    discloser, requester = request.discloser, request.requester
    consent_reasons: list[str] = []
    for consent in request.consents:  # already in a canonical order: the first counting one is used
        counts, reason = consent_counts(consent, discloser, requester, code, request.date, request.case_type)
        if counts:
            return _by_consent(request, code, label, consent.id, reason), ""
        if reason not in consent_reasons:
            consent_reasons.append(reason)
    if consent_reasons:
        return None, " ".join(consent_reasons)
    return None, f"Det finns inget samtycke från personen som {in_sentence(discloser)} har tagit emot."


def _by_consent(
    request: DisclosureRequest, code: str, label: str, consent_id: str | int | None, reason: str
) -> CategoryDecision:
    """A counting consent releases the category (OSL 12 kap. 2 §), or sends it to the discloser's own review."""
    discloser = request.discloser
    extra, notes = _consent_citations(request, code)
    note_text = "".join(f" {n}" for n in notes)
    if discloser in OWN_REVIEW_WITH_CONSENT:
        own = secrecy_citation(discloser)
        return CategoryDecision(
            category=code,
            outcome=Outcome.REVIEW,
            basis=Basis.CONSENT,
            consent_id=consent_id,
            citations=(OSL_12_2, *([own] if own else []), *extra),
            explanation=(
                f"Det finns inte någon uppgiftsskyldighet för ”{label}”, men personen har samtyckt. {reason} "
                f"{as_subject(discloser)} gör ändå alltid en egen sekretessprövning i varje ärende: en "
                f"handläggare hos {in_sentence(discloser)} prövar begäran innan något lämnas ut "
                f"({OSL_12_2.text}{', ' + own.text if own else ''}). Uppgiften lämnas inte ut "
                f"automatiskt.{note_text}"
            ),
        )
    return CategoryDecision(
        category=code,
        outcome=Outcome.RELEASED,
        basis=Basis.CONSENT,
        consent_id=consent_id,
        citations=(OSL_12_2, *extra),
        explanation=(
            f"{as_subject(discloser)} får lämna ut ”{label}” till {in_sentence(request.requester)} eftersom "
            f"personen har samtyckt ({OSL_12_2.text}). {reason}{note_text}"
        ),
    )


def _own_work_review(request: DisclosureRequest, code: str, label: str, reasons: str) -> CategoryDecision:
    """Step 3: the discloser says it needs to disclose for its own work (OSL 10 kap. 2 §): never automatic."""
    discloser = request.discloser
    return CategoryDecision(
        category=code,
        outcome=Outcome.REVIEW,
        basis=None,
        consent_id=None,
        citations=(OSL_10_2,),
        explanation=(
            f"Det finns varken uppgiftsskyldighet eller ett giltigt samtycke för ”{label}”. {reasons} "
            f"{as_subject(discloser)} har angett att utlämnandet behövs för att fullgöra den egna "
            f"verksamheten ({OSL_10_2.text}). Det prövar en handläggare hos {in_sentence(discloser)} i varje "
            f"enskilt fall; det sker aldrig automatiskt."
        ),
    )


def _denied(request: DisclosureRequest, code: str, label: str, reasons: str) -> CategoryDecision:
    """Step 4: no basis, denied with the reasons and the discloser's secrecy provision."""
    discloser = request.discloser
    closing = ""
    if discloser in NEVER_GENERAL_CLAUSE:
        closing = (
            f" Generalklausulen i {OSL_10_27.text} kan aldrig användas för uppgifter från "
            f"{'socialtjänsten' if discloser is OrganisationType.SOCIAL_SERVICES else 'hälso- och sjukvården'}."
        )
    if request.requester is not OrganisationType.FINSAM:
        closing += (
            f" Behövs uppgiften kan personen lämna sitt samtycke direkt till {in_sentence(discloser)}, som själv "
            f"kontrollerar det."
        )
    return CategoryDecision(
        category=code,
        outcome=Outcome.DENIED,
        basis=None,
        consent_id=None,
        citations=_secrecy_citations(discloser),
        explanation=(
            f"”{label}” lämnas inte ut: det finns varken uppgiftsskyldighet eller ett giltigt samtycke. "
            f"{reasons}{closing}"
        ),
    )


__all__ = ["decide"]
