"""The controls of the benefit payers: Försäkringskassan, Pensionsmyndigheten, the a-kassa, CSN and Skatteverket."""

from __future__ import annotations

import dataclasses

from samverkan.domain.controls.builder import Builder, benefit_name, compare, declared_figure, payment_figure
from samverkan.domain.controls.records import (
    ESTABLISHMENT_ALLOWANCE_BENEFITS,
    ApplicationStatus,
    BenefitRecords,
    ControlOutcome,
    Figure,
    IncomeKind,
    Source,
    StudySupportRecords,
    TaxRecords,
    Unavailable,
    UnemploymentFundRecords,
)
from samverkan.domain.money import ZERO, format_money


def benefit_controls(b: Builder, source: Source, records: BenefitRecords | Unavailable | None) -> None:
    pending_title = f"Ansökningar hos {source.label} som inte är beslutade"
    paid_title = f"Utbetalningar från {source.label} jämfört med uppgivna inkomster"
    if not isinstance(records, BenefitRecords):
        b.missing("benefit_application_pending", pending_title, source, records)
        b.missing("benefit_payments_declared", paid_title, source, records)
        return
    pending = [a for a in records.applications if a.status is ApplicationStatus.APPLIED and a.applied_on <= b.on]
    if pending:
        listed = "; ".join(f"{benefit_name(a.benefit)}, ansökt {a.applied_on.isoformat()}" for a in pending)
        b.add(
            "benefit_application_pending",
            ControlOutcome.ATTENTION,
            pending_title,
            f"Ansökan är inlämnad men inte beslutad: {listed}. Den som söker bistånd ska i första hand söka de "
            "generella förmåner hen kan ha rätt till, och det har hen gjort. Följ upp beslutet; om bistånd ges i "
            "väntan på förmånen kan den retroaktiva ersättningen återsökas (SFB 107 kap. 5 §).",
            source,
            records.fetched_on,
            received=tuple(Figure(f"Ansökan: {benefit_name(a.benefit)}", None, a.applied_on) for a in pending),
        )
    else:
        b.add(
            "benefit_application_pending",
            ControlOutcome.OK,
            pending_title,
            f"Det finns ingen ansökan hos {source.label} som väntar på beslut.",
            source,
            records.fetched_on,
        )
    payments = [p for p in b.paid_this_month(records.payments) if p.benefit not in ESTABLISHMENT_ALLOWANCE_BENEFITS]
    kind = IncomeKind.FK_BENEFIT if source is Source.FK else IncomeKind.PM_BENEFIT
    compare(
        b,
        code="benefit_payments_declared",
        title=paid_title,
        source=source,
        data_date=records.fetched_on,
        received=[payment_figure(p, source) for p in payments],
        declared=b.declared_as(kind),
        what=f"ersättning från {source.label}",
    )


def unemployment_fund_control(b: Builder) -> None:
    records = b.member.unemployment_fund
    title = "Utbetalningar från a-kassa jämfört med uppgivna inkomster"
    source = Source.UNEMPLOYMENT_FUND
    if not isinstance(records, UnemploymentFundRecords):
        b.missing("unemployment_payments_declared", title, source, records)
        return
    payments = b.paid_this_month(records.payments)
    label = f"a-kassan {records.fund}".strip()
    compare(
        b,
        code="unemployment_payments_declared",
        title=title,
        source=source,
        data_date=records.fetched_on,
        received=[Figure(label, p.amount, p.paid_on, p.period_start, p.period_end) for p in payments],
        declared=b.declared_as(IncomeKind.UNEMPLOYMENT_BENEFIT),
        what="arbetslöshetsersättning",
    )


#: Names of the forms of studiestöd (förordning 2008:975 2 § p. 3, 7), as released by CSN.
STUDY_SUPPORT_FORM_NAMES = {
    "study_grant": "studiemedel, bidrag",
    "study_loan": "studiemedel, lån",
    "home_equipment_loan": "lån till hemutrustning",
}


def study_support_control(b: Builder) -> None:
    records = b.member.csn
    if records is None:
        return
    title = "Studiestöd från Centrala studiestödsnämnden jämfört med uppgivna inkomster"
    source = Source.CSN
    if not isinstance(records, StudySupportRecords):
        b.missing("study_support_declared", title, source, records)
        return
    payments = b.paid_this_month(records.payments)
    compare(
        b,
        code="study_support_declared",
        title=title,
        source=source,
        data_date=records.fetched_on,
        received=[
            Figure(
                f"CSN: {STUDY_SUPPORT_FORM_NAMES.get(p.benefit, p.benefit or 'studiestöd')}",
                p.amount,
                p.paid_on,
                p.period_start,
                p.period_end,
            )
            for p in payments
        ],
        declared=b.declared_as(IncomeKind.STUDY_SUPPORT),
        what="studiestöd",
    )
    if payments and b.results[-1].result is ControlOutcome.ATTENTION:
        last = b.results[-1]
        b.results[-1] = dataclasses.replace(
            last,
            explanation=last.explanation
            + " Studiemedel (bidrag och lån) är till för den studerandes försörjning under studietiden; den som "
            "studerar med studiemedel har i regel inte rätt till försörjningsstöd för samma tid.",
        )


def tax_agency_controls(b: Builder) -> None:
    records = b.member.tax_agency
    if records is None:
        return
    source = Source.TAX_AGENCY
    refund_title = "Skatteåterbäring från Skatteverket jämfört med uppgivna inkomster"
    income_title = "Inkomst enligt Skatteverkets senaste beslut om slutlig skatt"
    if not isinstance(records, TaxRecords):
        b.missing("tax_refund_declared", refund_title, source, records)
        b.missing("taxed_income_declared", income_title, source, records)
        return
    refunds = b.paid_this_month(records.refunds)
    compare(
        b,
        code="tax_refund_declared",
        title=refund_title,
        source=source,
        data_date=records.fetched_on,
        received=[Figure("Skatteverket: skatteåterbäring", p.amount, p.paid_on) for p in refunds],
        declared=b.declared_as(IncomeKind.TAX_REFUND),
        what="skatteåterbäring",
    )
    taxed = [
        (label, amount)
        for label, amount in (
            ("inkomst av tjänst", records.employment_income),
            ("inkomst av näringsverksamhet", records.business_income),
        )
        if amount is not None and amount > ZERO
    ]
    figures = tuple(
        Figure(f"Skatteverket, inkomstår {records.income_year}: {label}", amount) for label, amount in taxed
    )
    salary = [d for d in b.member.declared if d.kind is IncomeKind.SALARY]
    if not records.income_year:
        b.add(
            "taxed_income_declared",
            ControlOutcome.OK,
            income_title,
            "Skatteverket har inget beslut om slutlig skatt att visa för personen.",
            source,
            records.fetched_on,
        )
    elif taxed and not salary:
        listed = " och ".join(f"{label} {format_money(amount)}" for label, amount in taxed)
        b.add(
            "taxed_income_declared",
            ControlOutcome.ATTENTION,
            income_title,
            f"Enligt Skatteverkets beslut om slutlig skatt för inkomstår {records.income_year} hade "
            f"personen {listed}, men ingen lön är uppgiven för {b.month.name}. "
            "Beslutet gäller ett tidigare år: fråga om anställningen eller verksamheten pågår och om den ger "
            "inkomster nu.",
            source,
            records.fetched_on,
            received=figures,
            declared=tuple(declared_figure(d) for d in salary),
        )
    else:
        b.add(
            "taxed_income_declared",
            ControlOutcome.OK,
            income_title,
            f"Beslutet om slutlig skatt för inkomstår {records.income_year} visar "
            + ("ingen inkomst av tjänst eller näringsverksamhet." if not taxed else "inkomst, och lön är uppgiven.")
            + " Beloppen gäller ett tidigare år och jämförs inte med månadens uppgifter.",
            source,
            records.fetched_on,
            received=figures,
            declared=tuple(declared_figure(d) for d in salary),
        )
