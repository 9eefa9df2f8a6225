"""The rules table of ``docs/rules.md``, generated from the domain data so it never drifts.

``samverkan rules doc`` prints it; ``tests/domain/test_rules_doc.py`` fails when the committed
file differs from what the tables say.
"""

from __future__ import annotations

from samverkan.domain import disclosure, reclaim
from samverkan.domain.statutes import Citation


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
        "## Duty to disclose to socialnämnden (DOMAIN.md §3)",
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
        "## Decision per category (contracts/README.md, kind `disclosure`)",
        "",
        "| situation | outcome | basis | citation |",
        "|---|---|---|---|",
        "| all duty conditions hold and the category is in the discloser's list | released | duty | the duty's citations in force on the day |",
        "| otherwise, a consent recorded by the discloser, to this recipient, for this category, valid on the day and not withdrawn (withdrawal counts from its own day) | released (Arbetsförmedlingen: review) | consent | 12 kap. 2 § offentlighets- och sekretesslagen (2009:400) |",
        "| otherwise | denied | – | the discloser's secrecy provision; OSL 10 kap. 27 § never releases socialtjänst or vård data |",
        "| the discloser says it needs to disclose for its own work | review, never automatic | – | 10 kap. 2 § offentlighets- och sekretesslagen (2009:400) |",
        "",
        "## Categories",
        "",
        "| code | label | sensitive |",
        "|---|---|---|",
    ]
    for code, cat in sorted(disclosure.CATEGORIES.items()):
        lines.append(f"| `{code}` | {cat.label} | {'ja' if cat.sensitive else 'nej'} |")
    lines += [
        "",
        "## Återsökning, SFB 107 kap. 5 § (DOMAIN.md §6)",
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
        "reclaims; paid only if it exceeds 1 000 kr and the request reached FK/PM before the payout day.",
        "Too late: a claim on the person under SoL (2025:400) 33 kap. 2 § only for an advance with written notice.",
        "",
    ]
    return "\n".join(lines)
