"""The rules table of ``docs/rules.md``, generated from the domain data so it never drifts.

``samverkan rules doc`` prints it; ``tests/domain/test_rules_doc.py`` fails when the committed
file differs from what the tables say.
"""

from __future__ import annotations

import datetime as dt

from samverkan.domain import consent, contact_person, disclosure, reclaim, rehab, return_to_work, sick_leave_chain
from samverkan.domain.statutes import FB_6_11, FB_6_13, OSL_12_2, OSL_12_3, SFB_110_57, SFB_110_58, Citation

_D = dt.date(2026, 1, 1)  # any day: the citations of the summons rule do not depend on it


def _validity(c: Citation) -> str:
    if c.valid_from and c.valid_to:
        return f"{c.valid_from.isoformat()} – {c.valid_to.isoformat()}"
    if c.valid_from:
        return f"från {c.valid_from.isoformat()}"
    if c.valid_to:
        return f"till och med {c.valid_to.isoformat()}"
    return "gäller"


def render() -> str:
    lines = [
        "# Rules table",
        "",
        "Generated from `samverkan/domain` by `samverkan rules doc` (a test keeps it current).",
        f"Rules version of the disclosure table: `{disclosure.RULES_VERSION}`.",
        "",
        *_duties(),
        *_decision(),
        *_child_say(),
        *_categories(),
        *_reclaim(),
    ]
    return "\n".join(lines + _sick_leave_chain() + _benefit_reduction() + _contact_person() + _general_benefits())


def _duties() -> list[str]:
    """The duty table and the proactive events (docs/domain.md §3)."""
    lines = [
        "## Duty to disclose to socialnämnden (docs/domain.md §3)",
        "",
        "| discloser | categories | conditions | proactive | citations (validity) |",
        "|---|---|---|---|---|",
    ]
    for duty in disclosure.DUTY_TABLE:
        cats = "<br>".join(f"`{c}` {disclosure.CATEGORIES[c].label}" for c in sorted(duty.categories))
        conds = "<br>".join(c.label for c in sorted(duty.conditions))
        cites = "<br>".join(f"{c.text} ({_validity(c)})" for c in duty.citations)
        lines.append(f"| {duty.discloser.label} | {cats} | {conds} | {'ja' if duty.proactive else 'nej'} | {cites} |")
    lines += [
        "",
        "### On the agency's own initiative (scenario kind `proactive`)",
        "",
        "An agency with a proactive row tells the nämnd unasked when an event is a reason (a decision, a payment,",
        "a change) and the person is in the household of an aktuellt ärende om ekonomiskt bistånd; it sends the",
        "event's categories that are in its row. Skatteverket discloses on request only.",
        "",
        "| event | categories it reveals | a reason to tell the nämnd |",
        "|---|---|---|",
    ]
    for spec in disclosure.EVENT_SPECS.values():
        cats = ", ".join(f"`{c}`" for c in sorted(spec.categories))
        lines.append(f"| `{spec.kind}` {spec.label} | {cats} | {'ja' if spec.gives_reason else 'nej'} |")
    return lines


def _decision() -> list[str]:
    """The gate's decision per category (contracts/README.md, kind ``disclosure``)."""
    return [
        "",
        "## Decision per category (contracts/README.md, kind `disclosure`)",
        "",
        "| situation | outcome | basis | citation |",
        "|---|---|---|---|",
        "| all duty conditions hold and the category is in the discloser's list | released | duty | the duty's citations in force on the day |",
        "| otherwise, a consent recorded by the discloser, to this recipient, for this category, valid on the day and not withdrawn (withdrawal counts from its own day) | released (Arbetsförmedlingen: review) | consent | 12 kap. 2 § offentlighets- och sekretesslagen (2009:400) |",
        "| otherwise | denied | – | the discloser's secrecy provision; OSL 10 kap. 27 § never releases socialtjänst or vård data |",
        "| the discloser says it needs to disclose for its own work | review, never automatic | – | 10 kap. 2 § offentlighets- och sekretesslagen (2009:400) |",
        "",
    ]


def _categories() -> list[str]:
    """The category catalogue."""
    lines = [
        "## Categories",
        "",
        "| code | label | sensitive |",
        "|---|---|---|",
    ]
    for code, cat in sorted(disclosure.CATEGORIES.items()):
        lines.append(f"| `{code}` | {cat.label} | {'ja' if cat.sensitive else 'nej'} |")
    return lines


def _reclaim() -> list[str]:
    """Återsökning, SFB 107 kap. 5 § (docs/domain.md §6), and återkrav hos personen."""
    lines = [
        "",
        "## Återsökning, SFB 107 kap. 5 § (docs/domain.md §6)",
        "",
        "| code | benefit | decided by | may be paid to the nämnd | citation |",
        "|---|---|---|---|---|",
    ]
    status_text = {
        reclaim.BenefitStatus.RECLAIMABLE: "ja",
        reclaim.BenefitStatus.EXCLUDED: "nej – undantagen i 107 kap. 5 §",
        reclaim.BenefitStatus.NOT_SFB_BENEFIT: "nej – inte en förmån enligt SFB",
    }
    for code, b in reclaim.BENEFITS.items():
        agencies = ", ".join(str(a) for a in b.decided_by)
        lines.append(f"| `{code}` | {b.name} | {agencies} | {status_text[b.status]} | {b.citation} |")
    lines += [
        "",
        "Amount to the nämnd: the smaller of the retroactive amount and the counted bistånd (subsistence and",
        "other living costs, pro rata by days for payments that straddle the period) less repaid and earlier",
        "reclaims; paid only if it exceeds 1 000 kr and the request reached FK/PM before the payout day (the",
        "payout day may lie before the decision date when an earlier interim decision was paid).",
        "Repaid (`repaid`): what the person paid back on the counted payments by the day the request is received,",
        "each payment's repayments at most its counted share inside the period (107 kap. 5 §: \"till den del den",
        'ersättningsberättigade inte har återbetalat biståndet").',
        "",
        "### Återkrav hos personen",
        "",
        "When 107 kap. 5 § gives the nämnd nothing (`request_too_late`, `below_threshold`, `excluded_benefit` or",
        "`not_sfb_benefit`) and a counted payment (subsistence or other living costs with a share above zero) was",
        "an advance with written notice, the nämnd may claim it back from the person (`repayment_claim_possible`).",
        "The provision follows the day the advance was granted (`paid_on`), not the decision date: the",
        "transitional provisions of SoL (2025:400) keep the old law for bistånd granted before 2025-07-01.",
        "`repayment_claim_citations` lists each provision once, oldest first.",
        "",
        "| provision | in `repayment_claim_citations` | bistånd granted (validity) |",
        "|---|---|---|",
    ]
    for c in reclaim.RULE_CITATIONS["repayment_claim"]:
        lines.append(f"| {c.text} | `{c.short}` | {_validity(c)} |")
    lines.append("")
    return lines


def _child_say() -> list[str]:
    """Who may consent for a child, by age on the day (OSL 12 kap. 3 §, FB 6 kap. 11 §; ADR 0009)."""
    view, own, adult = consent.CHILD_VIEW_AGE, consent.CHILD_CONSENT_AGE, consent.ADULT_AGE
    cites = f"{OSL_12_3.text}; {FB_6_11.text}"
    return [
        "### A child's own say (ADR 0009)",
        "",
        "| age on the day | a consent counts when given by | also recorded | citation |",
        "|---|---|---|---|",
        f"| under {view} | the guardians (all of them) | – | {cites}; {FB_6_13.text} |",
        f"| {view}–{own - 1} | the guardians (all of them) | the child's view and whether it agrees | {cites} |",
        f"| {own}–{adult - 1} | the child itself; the guardians' consent alone does not count | – | {cites} |",
        f"| {adult} and older | the person | – | {OSL_12_2.text} |",
        "",
        "A guardians' consent stops counting on the child's 15th birthday; one without a known birth date does",
        "not count. Consents without `given_by` are the person's own.",
        "",
    ]


def _sick_leave_chain() -> list[str]:
    """Rehabiliteringskedjan and the employer's plan (contracts/README.md, kind ``sick_leave_chain``)."""
    chain, kinds = sick_leave_chain.CHAIN, tuple(sick_leave_chain.Employment)
    lines = [
        "## Rehabiliteringskedjan, SFB 27 kap. 46–49 §§ (contracts/README.md, kind `sick_leave_chain`)",
        "",
        f"| day | {' | '.join(f'`{k}`' for k in kinds)} | with `exception` | citation (validity) |",
        "|---|" + "---|" * len(kinds) + "---|---|",
    ]
    for step, after in zip(chain, [*chain[1:], None], strict=True):
        days = f"{step.first_day}–{after.first_day - 1}" if after else f"från {step.first_day}"
        kept = step.with_exception or {}
        exception = "<br>".join(f"`{k}`: `{a}`" for k, a in kept.items() if a != step.assessed[k]) or "–"
        only = " (endast `employed`)" if step.employed_only else ""
        cite = f"{step.citation.text} ({_validity(step.citation)}){only}"
        lines.append(f"| {days} | {' | '.join(f'`{step.assessed[k]}`' for k in kinds)} | {exception} | {cite} |")
    plan = sick_leave_chain.SFB_30_6
    lines += ["", "| code | assessed against |", "|---|---|"]
    lines += [f"| `{a}` | {a.label} |" for a in sick_leave_chain.AssessedAgainst]
    lines += [
        "",
        "Citations are cumulative: every row up to the day, in table order. Not modelled: sammanläggning",
        "(27 kap. 51 §), behovsanställda (49 b–c §§), older workers (49 d–e §§); an `on` before a cited",
        "wording came into force is an input error.",
        "",
        f"Employer's plan for return to work: due on day {sick_leave_chain.PLAN_DUE_DAY} when `employed` and",
        f"`expected_days` ≥ {sick_leave_chain.PLAN_THRESHOLD_DAYS} (overdue after that day), citing {plan.text}",
        f'({_validity(plan)}). Not modelled: an expectation that grows later ("omgående") and a person who',
        "clearly cannot return (second paragraph).",
        "",
        "The employer's side (`samverkan.domain.return_to_work`): a plan first recorded on or before the last day",
        "is on time, later it is late; under 60 expected days no plan is required. The employer is e-mailed from",
        f"{return_to_work.PLAN_REMINDER_DAYS} days before the last day while no plan exists, FK's responsible official",
        f'from {return_to_work.MILESTONE_REMINDER_DAYS} days before day 91, 181 and 366 ("närmar sig dag 90, 180,',
        '365"), once each and without personal data.',
        "",
    ]
    return lines


def _benefit_reduction() -> list[str]:
    """Which benefit a reduction for non-attendance may touch (SFB 110 kap. 57–58 §§; docs/domain.md §7)."""
    lines = [
        "## Nedsättning vid utevaro från avstämningsmöte, SFB 110 kap. 57–58 §§ (docs/domain.md §7)",
        "",
        "| code | benefit | needs SGI | citation |",
        "|---|---|---|---|",
    ]
    for b in rehab.ReducibleBenefit:
        needs = "ja" if b.needs_sgi else "nej"
        lines.append(f"| `{b.value}` | {b.label} | {needs} | {SFB_110_57.text}; {SFB_110_58.text} |")
    lines += [
        "",
        "A benefit may be reduced only if the insured was told so on a day before the meeting and had no valid",
        "reason (110 kap. 58 §). Without SGI there is no sjukpenning or rehabiliteringspenning to reduce, but",
        "sjukersättning and aktivitetsersättning may be reduced without SGI (110 kap. 57 §). A benefit not",
        "stated is read as sjukpenning.",
        "",
    ]
    return lines + _summons_notice()


def _summons_notice() -> list[str]:
    """When the kallelse to an avstämningsmöte tells the insured about 110 kap. 58 § (samverkan.domain.summons)."""
    from samverkan.domain.summons import summons_notice

    cites = "; ".join(c.text for c in summons_notice(reduction_possible=True, meeting_on=_D, sent_on=_D).citations)
    return [
        "### The kallelse to an avstämningsmöte (`summons.summons_notice`, issue 21.4)",
        "",
        "| the meeting was booked | sent | the kallelse says | a notice beforehand | citation |",
        "|---|---|---|---|---|",
        f"| with a possible reduction for non-attendance | before the meeting day | the insured is asked to take part; the benefit may be withdrawn or reduced without a valid reason | yes | {cites} |",
        f"| with a possible reduction for non-attendance | on the meeting day or later | the same | no (the day-based reading of 58 §) | {cites} |",
        "| without a possible reduction | any day | nothing about a reduction; contact the official to book a new time | – | "
        f"{SFB_110_58.text} |",
        "",
    ]


def _contact_person() -> list[str]:
    """Försäkringskassan's contact person for a vårdcentral (seed 004; samverkan.domain.contact_person)."""
    cites = "; ".join(c.text for c in contact_person.CITATIONS)
    return [
        "## Försäkringskassans kontaktperson för vårdcentralen (seed 004)",
        "",
        "| answer about a person by the contact person | needs | citation |",
        "|---|---|---|",
        f"| any question routed to the contact person | a consent registered by Försäkringskassan that counts for the answer (the contact person's own secrecy review is not a basis) and an assessment by another försäkringsutredare, made between the question and the answer, that secrecy is not broken; both are recorded on the answer | {cites} |",
        "",
        "### The meeting once a term (`contact_person.term_of`, `term_meeting_reminder`)",
        "",
        "| rule | reading | source |",
        "|---|---|---|",
        '| term | vårtermin 1 January–30 June, hösttermin 1 July–31 December | seed 004: "en gång per termin" |',
        f"| meetings | one per vårdcentral and term, at most {contact_person.TERM_MEETING_MAX_MINUTES} minutes, booked for the current or the next term, about routines (no patient data) | seed 004 |",
        f"| reminder | from the term's first day while nothing is booked; {contact_person.TERM_MEETING_REMINDER_DAYS_BEFORE} days before a booked meeting up to its day | reading chosen here |",
        "",
        "### Call-back requests (`callback.callback_due_date`)",
        "",
        'Seed 004: "Återkoppling till region och Försäkringskassan görs snarast." Read as: due the next working',
        "day after the request (working days as for the answer deadlines: not Saturday, Sunday, a public holiday,",
        "midsommarafton, julafton or nyårsafton); done on or before it is in time, open after it is overdue and",
        "reminded once.",
        "",
    ]


def _general_benefits() -> list[str]:
    """The control checklist's prompts for general benefits not applied for (SoL 12 kap. 1 §; seed 000)."""
    from samverkan.domain import controls

    return [
        "## General benefits first: the checklist's prompts (SoL 12 kap. 1 §, seed 000)",
        "",
        "Each prompt is `attention` for the case worker to assess; nothing is decided, and a source that did",
        "not answer prompts nothing (its own control is `missing`).",
        "",
        "| code | when | citations |",
        "|---|---|---|",
        "| `general_benefit_sickness` | a member assessed not able to work; FK released no application or payment"
        " of sjukpenning, rehabiliteringspenning, sjukersättning or aktivitetsersättning | 12 kap. 1 § SoL;"
        " 27 kap. and 33 kap. SFB |",
        f"| `general_benefit_pension` | a member aged {controls.PENSION_PROMPT_AGE} or more; PM released no"
        " garantipension or bostadstillägg | 12 kap. 1 § SoL; 67 kap. and 102 kap. SFB |",
        "| `general_benefit_unemployment` | a member openly unemployed at AF and member of an a-kassa; the a-kassa"
        " paid nothing in the month | 12 kap. 1 § SoL; 4 § förordningen (2008:975) |",
        "| `general_benefit_housing_allowance` | children under 18 in the household; FK released no bostadsbidrag"
        " for anyone in it | 12 kap. 1 § SoL; 97 kap. SFB |",
        "",
    ]
