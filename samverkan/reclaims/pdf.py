"""Letters and the request as PDF (reportlab), generated on demand from the stored reclaim.

Three documents:

- ``request``: the request to Försäkringskassan or Pensionsmyndigheten (SFB 107 kap. 5 §), with
  the bistånd paid for the period and the amount asked for;
- ``notice``: the letter telling the person that the nämnd has asked for the payment;
- ``outcome``: the letter telling the person what came of it (paid, refused, or too late, and then
  whether the nämnd may claim from the person under SoL (2025:400) 33 kap. 2 §).

Each is first built as a :class:`Letter` (title, address block, paragraphs, tables): plain data that
tests and other channels can read; :func:`render` lays it out. A person with protected identity
never has an address or a unit in any letter. The PDF is written without stream compression, so
its text can be searched (a letter is a few kilobytes).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from samverkan.core.clock import today
from samverkan.core.pdf_layout import facts_table, letter_head, letter_styles, render_a4
from samverkan.domain.money import ZERO, format_money
from samverkan.domain.reclaim import cite
from samverkan.reclaims.models import Reclaim

SFB_LONG = cite("reclaim", dt.date(2025, 7, 1))


class LetterKind(StrEnum):
    REQUEST = "request"
    NOTICE = "notice"
    OUTCOME = "outcome"

    @property
    def label(self) -> str:
        return {
            LetterKind.REQUEST: "Begäran till myndigheten",
            LetterKind.NOTICE: "Brev till personen om begäran",
            LetterKind.OUTCOME: "Brev till personen om utfallet",
        }[self]


@dataclass
class Letter:
    title: str
    sender: list[str]
    recipient: list[str]
    date: str
    paragraphs: list[str] = field(default_factory=list)
    facts: list[tuple[str, str]] = field(default_factory=list)
    table_header: list[str] = field(default_factory=list)
    table_rows: list[list[str]] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)

    def text(self) -> str:
        """Everything the letter says, as plain text."""
        parts = [self.title, *self.sender, *self.recipient, self.date, *self.paragraphs]
        parts += [f"{k}: {v}" for k, v in self.facts]
        parts += [" ".join(self.table_header)] + [" ".join(r) for r in self.table_rows]
        parts += self.closing
        return "\n".join(p for p in parts if p)


def available_letters(reclaim: Reclaim) -> list[LetterKind]:
    """Which documents exist in the reclaim's present status."""
    kinds = []
    if reclaim.status == Reclaim.Status.DRAFT or reclaim.request_received is not None:
        kinds.append(LetterKind.REQUEST)  # a draft gets a preview marked UTKAST
    if reclaim.request_received is not None:
        kinds.append(LetterKind.NOTICE)
    if reclaim.status in (Reclaim.Status.PAID, Reclaim.Status.REFUSED, Reclaim.Status.TOO_LATE):
        kinds.append(LetterKind.OUTCOME)
    return kinds


def _d(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else "–"


def _sender(reclaim: Reclaim) -> list[str]:
    lines = [reclaim.organisation.name]
    unit = reclaim.case.unit
    if not reclaim.person.protected_identity:  # never the unit for a person with protected identity
        lines.append(unit.name)
        if unit.address:
            lines.append(unit.address)
    return lines


def _handler(reclaim: Reclaim) -> str:
    user = reclaim.sent_by or reclaim.case.responsible
    return f"Handläggare: {user.get_full_name() or user.username}" if user is not None else ""


def _person_block(reclaim: Reclaim) -> list[str]:
    person = reclaim.person
    if person.protected_identity:
        return [person.full_name, "Skyddade personuppgifter – adressen visas inte"]
    return [person.full_name, person.street_address, f"{person.postal_code} {person.city}".strip()]


def _payments_table(reclaim: Reclaim) -> tuple[list[str], list[list[str]]]:
    header = ["Mottagare", "Avser", "Utbetald", "Belopp", "Dagar inom perioden", "Räknas"]
    result = reclaim.calculation.get("result", {})
    rows = []
    payments = {p["id"]: p for p in reclaim.calculation.get("payments", [])}
    for allocation in result.get("allocations", []):
        payment = payments.get(allocation["payment_id"], {})
        rows.append(
            [
                allocation.get("member") or "",
                f"{allocation['start']}–{allocation['end']}",
                payment.get("paid_on", ""),
                format_money(Decimal(payment.get("amount", "0"))),
                f"{allocation['days']} av {allocation['payment_days']}",
                format_money(Decimal(allocation["counted"])),
            ]
        )
    return header, rows


def _decision_facts(reclaim: Reclaim) -> list[tuple[str, str]]:
    return [
        ("Person", f"{reclaim.person.full_name}, {reclaim.person.identity_number}"),
        ("Förmån", reclaim.benefit_name),
        ("Beslutsdatum", _d(reclaim.decision_date)),
        ("Retroaktiv period", f"{_d(reclaim.period_start)}–{_d(reclaim.period_end)}"),
        ("Retroaktivt belopp (netto)", format_money(reclaim.retroactive_amount)),
        ("Utbetalningsdag", _d(reclaim.payout_date)),
    ]


def request_letter(reclaim: Reclaim) -> Letter:
    """The request to FK or PM (SFB 107 kap. 5 §)."""
    draft = reclaim.status == Reclaim.Status.DRAFT
    sol = cite("assistance", reclaim.decision_date)
    title = "Begäran om utbetalning av retroaktiv ersättning till socialnämnden"
    letter = Letter(
        title=("UTKAST – " if draft else "") + title,
        sender=_sender(reclaim),
        recipient=[reclaim.agency.name],
        date=f"Datum: {_d(reclaim.request_received or today())}",
    )
    letter.paragraphs.append(
        f"Enligt {SFB_LONG} begär {reclaim.organisation.name} att retroaktiv {reclaim.benefit_name} för perioden "
        f"{_d(reclaim.period_start)}–{_d(reclaim.period_end)} betalas ut till nämnden. Nämnden har lämnat "
        f"ekonomiskt bistånd enligt {sol} till personen och familjen för samma tid."
    )
    letter.facts = [
        ("Vår referens", f"{reclaim.reference} (ärende {reclaim.case.reference})"),
        *_decision_facts(reclaim),
        ("Bistånd som räknas för perioden", format_money(reclaim.counted_assistance)),
        ("Begärt belopp till socialnämnden", format_money(reclaim.to_social_services)),
        ("Till personen", format_money(reclaim.to_person)),
    ]
    letter.table_header, letter.table_rows = _payments_table(reclaim)
    if draft:
        letter.paragraphs.append(
            f"Utkastet är inte skickat. Begäran måste komma in till {reclaim.agency.name} före utbetalningen, alltså "
            f"senast {_d(reclaim.deadline)}."
        )
    else:
        letter.paragraphs.append(
            f"Begäran kom in till {reclaim.agency.name} {_d(reclaim.request_received)}, före utbetalningsdagen "
            f"{_d(reclaim.payout_date)}."
        )
    letter.paragraphs.append(
        "Bistånd som delvis avser tid utanför perioden är räknat i proportion till antalet dagar (RÅ 2001 ref. 58). "
        "Bistånd som redan har återsökts för samma tid är inte medräknat."
    )
    letter.closing = [line for line in (_handler(reclaim), reclaim.organisation.name) if line]
    return letter


def notice_letter(reclaim: Reclaim) -> Letter:
    """To the person: the nämnd has asked FK or PM to pay part of the retroactive benefit to it."""
    agency = reclaim.agency.name
    letter = Letter(
        title="Socialnämnden har begärt återsökning av retroaktiv ersättning",
        sender=_sender(reclaim),
        recipient=_person_block(reclaim),
        date=f"Datum: {_d(reclaim.request_received)}",
    )
    letter.paragraphs = [
        f"{agency} har beslutat att du får {reclaim.benefit_name} retroaktivt för perioden "
        f"{_d(reclaim.period_start)}–{_d(reclaim.period_end)}, {format_money(reclaim.retroactive_amount)}.",
        f"Under samma tid har du och din familj fått ekonomiskt bistånd. För att ingen ska få ersättning två gånger "
        f"för samma tid har socialnämnden den {_d(reclaim.request_received)} begärt att {agency} betalar "
        f"{format_money(reclaim.to_social_services)} till nämnden i stället för till dig. Det följer av "
        f"{SFB_LONG}. Resten, {format_money(reclaim.to_person)}, betalas till dig.",
        f"{agency} beslutar om utbetalningen. Du får ett nytt brev från oss när beslutet har kommit.",
        "Har du frågor, kontakta din handläggare.",
    ]
    letter.facts = [("Vår referens", reclaim.reference), *_decision_facts(reclaim)[1:]]
    letter.closing = [line for line in (_handler(reclaim), reclaim.organisation.name) if line]
    return letter


def outcome_letter(reclaim: Reclaim) -> Letter:
    """To the person: what came of the request (or that it could not be made in time)."""
    agency = reclaim.agency.name
    letter = Letter(
        title="Besked om återsökning av retroaktiv ersättning",
        sender=_sender(reclaim),
        recipient=_person_block(reclaim),
        date=f"Datum: {_d(reclaim.settled_on or reclaim.calculated_on)}",
    )
    period = f"{_d(reclaim.period_start)}–{_d(reclaim.period_end)}"
    if reclaim.status == Reclaim.Status.PAID:
        letter.paragraphs = [
            f"{agency} har beslutat om socialnämndens begäran enligt {SFB_LONG} om din retroaktiva "
            f"{reclaim.benefit_name} för perioden {period}.",
            f"{format_money(reclaim.paid_to_social_services or ZERO)} har betalats till socialnämnden för det ekonomiska "
            f"bistånd du och din familj fick för samma tid. {format_money(reclaim.paid_to_person or ZERO)} betalas till dig.",
            f"Nämnden kan överklaga {agency}s beslut. Har du frågor om beslutet, kontakta {agency}.",
        ]
    elif reclaim.status == Reclaim.Status.REFUSED:
        letter.paragraphs = [
            f"{agency} har avslagit socialnämndens begäran enligt {SFB_LONG} om din retroaktiva "
            f"{reclaim.benefit_name} för perioden {period}.",
            f"Skäl: {reclaim.refusal_reason}",
            f"Hela beloppet, {format_money(reclaim.retroactive_amount)}, betalas till dig. Socialnämnden kan "
            f"överklaga {agency}s beslut.",
        ]
    else:
        claim = reclaim.repayment_claim_provisions
        letter.paragraphs = [
            f"{agency} har beslutat att du får {reclaim.benefit_name} retroaktivt för perioden {period}. "
            f"Socialnämnden kunde inte begära att ersättningen betalas till nämnden enligt {SFB_LONG} före "
            f"utbetalningen den {_d(reclaim.payout_date)}. Hela beloppet, {format_money(reclaim.retroactive_amount)}, "
            "betalas därför till dig.",
        ]
        if reclaim.repayment_claim_possible:
            letter.paragraphs.append(
                "Du fick ekonomiskt bistånd som förskott i väntan på ersättningen, och i beslutet om biståndet stod "
                f"att det skulle krävas tillbaka. Nämnden kan därför besluta om återkrav enligt {claim}. Du får i så "
                "fall ett särskilt beslut som du kan överklaga."
            )
        else:
            letter.paragraphs.append(
                f"Nämnden kan inte kräva tillbaka biståndet för den tiden: återkrav enligt {claim} går bara för "
                "bistånd som lämnats som förskott med ett skriftligt beslut om att det skulle krävas tillbaka."
            )
    letter.paragraphs.append("Har du frågor, kontakta din handläggare.")
    letter.facts = [("Vår referens", reclaim.reference)]
    letter.closing = [line for line in (_handler(reclaim), reclaim.organisation.name) if line]
    return letter


BUILDERS = {LetterKind.REQUEST: request_letter, LetterKind.NOTICE: notice_letter, LetterKind.OUTCOME: outcome_letter}


def build(reclaim: Reclaim, kind: LetterKind) -> Letter:
    return BUILDERS[kind](reclaim)


def render(letter: Letter) -> bytes:
    """Lay the letter out on A4 and return the PDF (:mod:`samverkan.core.pdf_layout`)."""
    styles = letter_styles(small_size=8.5, small_leading=11)
    para = styles.para
    story = letter_head(styles, sender=letter.sender, recipient=letter.recipient, date=letter.date, title=letter.title)
    for text in letter.paragraphs:
        story += [para(text), Spacer(1, 2 * mm)]
    if letter.facts:
        story += [Spacer(1, 2 * mm), facts_table(styles, letter.facts, label_width=60 * mm)]
    if letter.table_rows:
        rows = [[para(h, styles.small) for h in letter.table_header]] + [
            [para(c, styles.small) for c in row] for row in letter.table_rows
        ]
        table = Table(rows, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.grey),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story += [Spacer(1, 4 * mm), para("Ekonomiskt bistånd för perioden"), table]
    story.append(Spacer(1, 6 * mm))
    for line in letter.closing:
        story.append(para(line))
    return render_a4(story, title=letter.title, sender=letter.sender, subject=f"Återsökning enligt {SFB_LONG}")


def filename(reclaim: Reclaim, kind: LetterKind) -> str:
    base = {LetterKind.REQUEST: "begaran", LetterKind.NOTICE: "brev-begaran", LetterKind.OUTCOME: "brev-utfall"}[kind]
    return f"atersokning-{reclaim.reference.replace('Å', 'A')}-{base}.pdf"
