"""The agencies' records as plain data: one format for the UI, the sandbox, file import and HTTP.

Every record kind (``benefit_payment``, ``jobseeker_registration`` …) has a :class:`KindSpec`:
which agencies keep it, its fields with Swedish labels and types, the model it is stored in, and
the agency event it is (for proactive notices, :mod:`samverkan.domain.disclosure`). A record read
from a CSV line, a JSON object, an HTTP answer, a form or a database row becomes a
:class:`RecordData` after :func:`parse_record` has checked it; errors are :class:`FieldError`
(field + Swedish message), so a file import can name the line and field of each.

:func:`record_items` turns a record into the facts the secrecy gate decides on: each
:class:`Item` has one data category of förordning (2008:975) 3, 5 och 7 §§ (docs/domain.md §3), so the
gate can release some and withhold others (2 § Centrala studiestödsnämnden, 4 § the a-kassor, 6 §
Skatteverket too). :func:`select_for_period` keeps the records that concern a requested period.

CSN and Skatteverket reach Samverkan by system integration only (as in SSBTEK): their records come from
the sandbox, a file or their API, never from an official's form.

Readings chosen here (the safe ones): a refused benefit decision yields no items (the duty is
about benefits *granted*; that an application was made is its own category); only the latest
activity report up to the end of the period is disclosed (the category is "datum för senaste
aktivitetsrapport"); of Skatteverket's decisions on slutlig skatt only the latest up to the end of the
period (the latest taxation is what tells the nämnd about the person's income).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from samverkan.core import clock
from samverkan.core.validation import MONEY_MAX, RECORD, text_problem
from samverkan.domain.disclosure import CATEGORIES, AgencyEventKind
from samverkan.domain.errors import DomainError
from samverkan.domain.identity import InvalidIdentityNumber, normalize_identity_number
from samverkan.domain.money import format_money, money_str, parse_money
from samverkan.domain.organisations import ORGANISATION_TYPE_LABELS, OrganisationType
from samverkan.domain.reclaim import BENEFITS


class Agency(StrEnum):
    """The agencies whose registers the lookup reads (organisation type codes)."""

    FK = "fk"
    PM = "pm"
    AF = "af"
    UNEMPLOYMENT_FUND = "unemployment_fund"
    CSN = "csn"
    TAX_AGENCY = "tax_agency"

    @property
    def label(self) -> str:
        return ORGANISATION_TYPE_LABELS[OrganisationType(self.value)]


AGENCIES: tuple[Agency, ...] = tuple(Agency)
AGENCY_CODES: tuple[str, ...] = tuple(a.value for a in Agency)


def agency_label(code: str) -> str:
    try:
        return Agency(code).label
    except ValueError:
        return code


# --- Field and kind specifications -------------------------------------------------------------


class FieldType(StrEnum):
    TEXT = "text"
    DATE = "date"
    MONEY = "money"
    BOOL = "bool"
    CHOICE = "choice"
    BENEFIT = "benefit"


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    label: str
    type: FieldType
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()
    max_length: int = 120
    default: Any = None
    help_text: str = ""


APPLICATION_STATUSES = (("submitted", "Inkommen"), ("decided", "Beslutad"), ("withdrawn", "Återkallad"))
DECISION_OUTCOMES = (("granted", "Beviljad"), ("refused", "Avslagen"), ("changed", "Ändrad"))
JOBSEEKER_CATEGORIES = (
    ("openly_unemployed", "Öppet arbetslös"),
    ("with_obstacles", "Arbetssökande med förhinder"),
    ("in_programme", "Sökande i program"),
    ("other", "Annan sökandekategori"),
)
EXTENTS = ("hel", "3/4", "1/2", "1/4")
#: Forms of studiestöd (förordning 2008:975 2 § p. 3) and the hemutrustningslån (p. 7).
STUDY_SUPPORT_FORMS = (
    ("study_grant", "Studiemedel, bidrag"),
    ("study_loan", "Studiemedel, lån"),
    ("home_equipment_loan", "Lån till hemutrustning"),
)
#: The extent of studiestöd (2 § p. 5), as the share of full-time studies.
STUDY_EXTENTS = (("100", "Heltid (100 %)"), ("75", "75 %"), ("50", "Halvtid (50 %)"))
#: A settlement of slutlig skatt: money back or money owed.
TAX_SETTLEMENTS = (("refund", "Skatteåterbäring"), ("residual", "Kvarskatt"))


@dataclass(frozen=True, slots=True)
class KindSpec:
    """One kind of agency record."""

    kind: str
    label: str
    label_plural: str
    agencies: frozenset[Agency]
    model_name: str
    fields: tuple[FieldSpec, ...]
    #: The dates that must be in order: (start field, end field).
    periods: tuple[tuple[str, str], ...] = ()

    def field(self, name: str) -> FieldSpec:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def kept_by(self, agency: str) -> bool:
        """Whether the agency (an organisation type code) keeps records of this kind."""
        return agency in {a.value for a in self.agencies}

    @property
    def owners_label(self) -> str:
        """The agencies that keep the kind, in Swedish ("Försäkringskassan och Pensionsmyndigheten")."""
        return " och ".join(a.label for a in sorted(self.agencies))


_BENEFIT = FieldSpec("benefit", "Förmån", FieldType.BENEFIT)
#: A payment for a period (FK's and PM's benefits, an a-kassa's ersättning): the same fields.
_PAYMENT = (
    FieldSpec("period_start", "Avser från", FieldType.DATE),
    FieldSpec("period_end", "Avser till", FieldType.DATE),
    FieldSpec("amount", "Belopp", FieldType.MONEY),
    FieldSpec("paid_on", "Utbetald", FieldType.DATE),
)

KIND_SPECS: Mapping[str, KindSpec] = {
    spec.kind: spec
    for spec in (
        KindSpec(
            "benefit_application",
            "Ansökan om förmån",
            "Ansökningar om förmåner",
            frozenset({Agency.FK, Agency.PM}),
            "BenefitApplication",
            (
                _BENEFIT,
                FieldSpec("submitted_on", "Inkom", FieldType.DATE),
                FieldSpec(
                    "status",
                    "Status",
                    FieldType.CHOICE,
                    required=False,
                    choices=APPLICATION_STATUSES,
                    default="submitted",
                ),
            ),
        ),
        KindSpec(
            "benefit_decision",
            "Beslut om förmån",
            "Beslut om förmåner",
            frozenset({Agency.FK, Agency.PM}),
            "BenefitDecision",
            (
                _BENEFIT,
                FieldSpec(
                    "outcome", "Utfall", FieldType.CHOICE, required=False, choices=DECISION_OUTCOMES, default="granted"
                ),
                FieldSpec("decision_date", "Beslutsdatum", FieldType.DATE),
                FieldSpec("period_start", "Period från", FieldType.DATE),
                FieldSpec("period_end", "Period till", FieldType.DATE, required=False, help_text="Tom: tills vidare."),
                FieldSpec("monthly_amount", "Belopp per månad", FieldType.MONEY, required=False),
                FieldSpec(
                    "extent",
                    "Omfattning",
                    FieldType.TEXT,
                    required=False,
                    max_length=40,
                    help_text="hel, 3/4, 1/2 eller 1/4",
                ),
                FieldSpec("retroactive_amount", "Retroaktivt belopp (netto)", FieldType.MONEY, required=False),
                FieldSpec("retroactive_start", "Retroaktiv period från", FieldType.DATE, required=False),
                FieldSpec("retroactive_end", "Retroaktiv period till", FieldType.DATE, required=False),
                FieldSpec(
                    "payout_date",
                    "Utbetalningsdag för det retroaktiva beloppet",
                    FieldType.DATE,
                    required=False,
                    help_text="Socialnämnden kan begära återsökning bara före den dagen (SFB 107 kap. 5 §).",
                ),
            ),
            periods=(("period_start", "period_end"), ("retroactive_start", "retroactive_end")),
        ),
        KindSpec(
            "benefit_payment",
            "Utbetalning av förmån",
            "Utbetalningar av förmåner",
            frozenset({Agency.FK, Agency.PM}),
            "BenefitPayment",
            (_BENEFIT, *_PAYMENT),
            periods=(("period_start", "period_end"),),
        ),
        KindSpec(
            "jobseeker_registration",
            "Inskrivning som arbetssökande",
            "Inskrivningar som arbetssökande",
            frozenset({Agency.AF}),
            "JobseekerRegistration",
            (
                FieldSpec("registered_from", "Inskriven från", FieldType.DATE),
                FieldSpec("registered_to", "Avaktualiserad", FieldType.DATE, required=False),
                FieldSpec("category", "Sökandekategori", FieldType.CHOICE, choices=JOBSEEKER_CATEGORIES),
                FieldSpec("unemployment_fund", "A-kassa enligt registrering", FieldType.TEXT, required=False),
            ),
            periods=(("registered_from", "registered_to"),),
        ),
        KindSpec(
            "labour_market_programme",
            "Arbetsmarknadspolitiskt program",
            "Arbetsmarknadspolitiska program",
            frozenset({Agency.AF}),
            "LabourMarketProgramme",
            (
                FieldSpec("name", "Program", FieldType.TEXT),
                FieldSpec("period_start", "Från", FieldType.DATE),
                FieldSpec("period_end", "Till", FieldType.DATE, required=False),
            ),
            periods=(("period_start", "period_end"),),
        ),
        KindSpec(
            "activity_report",
            "Aktivitetsrapport",
            "Aktivitetsrapporter",
            frozenset({Agency.AF}),
            "ActivityReport",
            (
                FieldSpec("submitted_on", "Inkom", FieldType.DATE),
                FieldSpec("report_month", "Avser månad", FieldType.DATE, help_text="Månadens första dag."),
            ),
        ),
        KindSpec(
            "establishment_allowance_decision",
            "Beslut om etableringsersättning",
            "Beslut om etableringsersättning",
            frozenset({Agency.AF}),
            "EstablishmentAllowanceDecision",
            (
                FieldSpec("entitled", "Rätt till etableringsersättning", FieldType.BOOL, required=False, default=True),
                FieldSpec("decision_date", "Beslutsdatum", FieldType.DATE),
                FieldSpec("monthly_amount", "Belopp per månad", FieldType.MONEY, required=False),
                FieldSpec("period_start", "Period från", FieldType.DATE, required=False),
                FieldSpec("period_end", "Period till", FieldType.DATE, required=False),
                FieldSpec("extent", "Omfattning", FieldType.TEXT, required=False, max_length=40),
                FieldSpec("changed", "Beslutet har ändrats", FieldType.BOOL, required=False, default=False),
            ),
            periods=(("period_start", "period_end"),),
        ),
        KindSpec(
            "unemployment_fund_payment",
            "Utbetalning från a-kassa",
            "Utbetalningar från a-kassa",
            frozenset({Agency.UNEMPLOYMENT_FUND}),
            "UnemploymentFundPayment",
            _PAYMENT,
            periods=(("period_start", "period_end"),),
        ),
        KindSpec(
            "unemployment_fund_decision",
            "Beslut om arbetslöshetsersättning",
            "Beslut om arbetslöshetsersättning",
            frozenset({Agency.UNEMPLOYMENT_FUND}),
            "UnemploymentFundDecision",
            (
                FieldSpec(
                    "outcome", "Utfall", FieldType.CHOICE, required=False, choices=DECISION_OUTCOMES, default="granted"
                ),
                FieldSpec("decision_date", "Beslutsdatum", FieldType.DATE),
                FieldSpec("period_start", "Ersättningsperiod från", FieldType.DATE),
                FieldSpec(
                    "period_end",
                    "Ersättningsperiod till",
                    FieldType.DATE,
                    required=False,
                    help_text="Tom: tills vidare.",
                ),
                FieldSpec("daily_amount", "Dagpenning per dag", FieldType.MONEY, required=False),
                FieldSpec(
                    "extent", "Omfattning", FieldType.TEXT, required=False, max_length=40, help_text="t.ex. heltid"
                ),
            ),
            periods=(("period_start", "period_end"),),
        ),
        KindSpec(
            "study_support_decision",
            "Beslut om studiestöd",
            "Beslut om studiestöd",
            frozenset({Agency.CSN}),
            "StudySupportDecision",
            (
                FieldSpec("form", "Form av stöd", FieldType.CHOICE, choices=STUDY_SUPPORT_FORMS),
                FieldSpec("decision_date", "Beslutsdatum", FieldType.DATE),
                FieldSpec("period_start", "Period från", FieldType.DATE),
                FieldSpec("period_end", "Period till", FieldType.DATE),
                FieldSpec(
                    "extent", "Omfattning", FieldType.CHOICE, required=False, choices=STUDY_EXTENTS, default="100"
                ),
                FieldSpec("amount", "Beviljat belopp för perioden", FieldType.MONEY),
                FieldSpec(
                    "compulsory_school", "Studier på grundskolenivå", FieldType.BOOL, required=False, default=False
                ),
            ),
            periods=(("period_start", "period_end"),),
        ),
        KindSpec(
            "study_support_payment",
            "Utbetalning av studiestöd",
            "Utbetalningar av studiestöd",
            frozenset({Agency.CSN}),
            "StudySupportPayment",
            (FieldSpec("form", "Form av stöd", FieldType.CHOICE, choices=STUDY_SUPPORT_FORMS), *_PAYMENT),
            periods=(("period_start", "period_end"),),
        ),
        KindSpec(
            "tax_assessment",
            "Beslut om slutlig skatt",
            "Beslut om slutlig skatt",
            frozenset({Agency.TAX_AGENCY}),
            "TaxAssessment",
            (
                FieldSpec("income_year", "Inkomstår", FieldType.TEXT, max_length=4, help_text="ÅÅÅÅ"),
                FieldSpec("decision_date", "Beslutsdatum", FieldType.DATE),
                FieldSpec("employment_income", "Inkomst av tjänst", FieldType.MONEY),
                FieldSpec("business_income", "Inkomst av näringsverksamhet", FieldType.MONEY, required=False),
                FieldSpec("final_tax", "Slutlig skatt", FieldType.MONEY, required=False),
            ),
        ),
        KindSpec(
            "tax_settlement",
            "Skatteåterbäring eller kvarskatt",
            "Skatteåterbäringar och kvarskatter",
            frozenset({Agency.TAX_AGENCY}),
            "TaxSettlement",
            (
                FieldSpec("income_year", "Inkomstår", FieldType.TEXT, max_length=4, help_text="ÅÅÅÅ"),
                FieldSpec("settlement", "Slag", FieldType.CHOICE, choices=TAX_SETTLEMENTS),
                FieldSpec("amount", "Belopp", FieldType.MONEY),
                FieldSpec(
                    "due_on",
                    "Utbetalningsdag eller förfallodag",
                    FieldType.DATE,
                    help_text="Skatteåterbäring: dagen den betalas ut. Kvarskatt: dagen den ska vara betald.",
                ),
            ),
        ),
    )
}


def kinds_for(agency: str) -> list[KindSpec]:
    """The record kinds an agency keeps, in display order."""
    return [spec for spec in KIND_SPECS.values() if spec.kept_by(agency)]


def benefits_for(agency: str) -> list[tuple[str, str]]:
    """Benefit codes (with Swedish names) the agency decides (:data:`samverkan.domain.reclaim.BENEFITS`)."""
    return [(b.code, b.name) for b in BENEFITS.values() if any(a.value == agency for a in b.decided_by)]


def benefit_name(code: str) -> str:
    benefit = BENEFITS.get(code)
    return benefit.name if benefit else code


# --- Parsing and validation --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class RecordInvalid(DomainError):
    """A record that does not pass :func:`parse_record`; ``errors`` names every field."""

    def __init__(self, errors: Sequence[FieldError]) -> None:
        super().__init__("; ".join(str(e) for e in errors), code="invalid_record")
        self.errors = tuple(errors)


@dataclass(frozen=True, slots=True)
class RecordData:
    """One agency record as typed data (dates as ``date``, money as ``Decimal``)."""

    kind: str
    external_id: str
    identity_number: str
    values: Mapping[str, Any]
    agency: str = ""
    #: Code of the organisation that holds the record ("" when the source serves one organisation).
    organisation: str = ""

    @property
    def spec(self) -> KindSpec:
        return KIND_SPECS[self.kind]

    def get(self, name: str) -> Any:
        return self.values.get(name)

    def to_json(self) -> dict[str, Any]:
        """The exchange format (JSON): dates ISO, money as ``"8000.00"``."""
        out: dict[str, Any] = {"kind": self.kind, "external_id": self.external_id}
        out["identity_number"] = self.identity_number
        for spec in self.spec.fields:
            out[spec.name] = _to_json_value(spec, self.values.get(spec.name))
        return out


def _to_json_value(spec: FieldSpec, value: Any) -> Any:
    if value is None:
        return None
    if spec.type is FieldType.DATE:
        return value.isoformat()
    if spec.type is FieldType.MONEY:
        return money_str(value)
    return value


_TRUE = {"true", "ja", "j", "1", "yes", "x"}
_FALSE = {"false", "nej", "n", "0", "no"}


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _parse_value(spec: FieldSpec, raw: Any, agency: str) -> Any:
    """One field's value; raises ValueError with a Swedish message."""
    if spec.type is FieldType.DATE:
        day: dt.date | None = None
        if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
            day = raw
        elif isinstance(raw, str):
            try:
                if len(raw.strip()) == 10:
                    day = dt.date.fromisoformat(raw.strip())
            except ValueError:
                pass
        if day is None:
            raise ValueError(f"{raw!r} är inget datum; skriv ÅÅÅÅ-MM-DD.")
        if (problem := RECORD.problem(day)) is not None:
            raise ValueError(problem)
        return day
    if spec.type is FieldType.MONEY:
        try:
            return parse_money(raw, field=spec.name, maximum=MONEY_MAX)
        except DomainError as exc:
            raise ValueError(getattr(exc, "detail", exc.message)) from None
    if spec.type is FieldType.BOOL:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.strip().lower() in _TRUE | _FALSE:
            return raw.strip().lower() in _TRUE
        raise ValueError(f"{raw!r} ska vara ja eller nej (true/false).")
    text = raw if isinstance(raw, str) else None
    if text is None:
        raise ValueError(f"Ska vara en text, inte {raw!r}.")
    text = text.strip()
    if (problem := text_problem(text)) is not None:
        raise ValueError(problem)
    if spec.type is FieldType.CHOICE:
        allowed = [c[0] for c in spec.choices]
        if text not in allowed:
            raise ValueError(f"Okänt värde {text!r}; tillåtna värden: {', '.join(allowed)}.")
        return text
    if spec.type is FieldType.BENEFIT:
        allowed = [code for code, _ in benefits_for(agency)]
        if text not in BENEFITS:
            raise ValueError(f"Okänd förmån {text!r}; kända förmåner: {', '.join(allowed)}.")
        if text not in allowed:
            raise ValueError(f"{agency_label(agency)} beslutar inte om {benefit_name(text)}.")
        return text
    if len(text) > spec.max_length:
        raise ValueError(f"Högst {spec.max_length} tecken.")
    return text


def _check_record(spec: KindSpec, values: dict[str, Any]) -> list[FieldError]:
    """Checks across fields (periods in order, retroactive parts complete)."""
    errors: list[FieldError] = []
    for start, end in spec.periods:
        first, last = values.get(start), values.get(end)
        if last is not None and first is None:
            errors.append(FieldError(start, "Ange periodens första dag när den sista är angiven."))
        elif first is not None and last is not None and last < first:
            errors.append(
                FieldError(
                    end,
                    f"Periodens slut ({last.isoformat()}) ligger före dess början ({first.isoformat()}).",
                )
            )
    if spec.kind == "benefit_decision":
        retro = ("retroactive_amount", "retroactive_start", "retroactive_end")
        given = [name for name in retro if values.get(name) is not None]
        if given:
            for name in retro:
                if values.get(name) is None:
                    errors.append(
                        FieldError(name, "Ett retroaktivt beslut behöver belopp, period från och period till.")
                    )
            if values.get("payout_date") is None:
                errors.append(FieldError("payout_date", "Ange utbetalningsdag för det retroaktiva beloppet."))
            retro_end = values.get("retroactive_end")
            decided = values.get("decision_date")
            if retro_end is not None and decided is not None and retro_end > decided:
                errors.append(FieldError("retroactive_end", "En retroaktiv period kan inte sluta efter beslutsdatum."))
        elif values.get("payout_date") is not None:
            errors.append(FieldError("retroactive_amount", "Utbetalningsdag anges bara för ett retroaktivt belopp."))
        payout, decided = values.get("payout_date"), values.get("decision_date")
        if payout is not None and decided is not None and payout < decided:
            errors.append(FieldError("payout_date", "Utbetalningsdagen kan inte ligga före beslutsdatum."))
    if spec.kind in ("benefit_decision", "establishment_allowance_decision"):
        extent = values.get("extent") or ""
        if extent and extent not in EXTENTS:
            errors.append(FieldError("extent", f"Omfattningen ska vara en av {', '.join(EXTENTS)}."))
    if spec.kind in ("tax_assessment", "tax_settlement"):
        year = values.get("income_year") or ""
        if year and not (len(year) == 4 and year.isdigit() and 1990 <= int(year) <= 2100):
            errors.append(FieldError("income_year", "Inkomståret skrivs med fyra siffror, t.ex. 2025."))
    if spec.kind == "activity_report" and values.get("report_month") is not None:
        values["report_month"] = values["report_month"].replace(day=1)
    return errors


def parse_record(
    kind: str,
    raw: Mapping[str, Any],
    *,
    agency: str,
    require_external_id: bool = True,
    require_identity: bool = True,
) -> RecordData:
    """Check one record (strings from CSV, JSON values, or typed values from a form).

    Raises :class:`RecordInvalid` naming every field that is wrong, with Swedish messages.
    """
    errors: list[FieldError] = []
    spec = KIND_SPECS.get(kind)
    if spec is None:
        raise RecordInvalid([FieldError("kind", f"Okänd posttyp {kind!r}; kända: {', '.join(KIND_SPECS)}.")])
    if not spec.kept_by(agency):
        raise RecordInvalid([FieldError("kind", f"{spec.label} registreras bara hos {spec.owners_label}.")])
    external_id = raw.get("external_id")
    external = "" if _blank(external_id) else str(external_id).strip()
    if require_external_id and not external:
        errors.append(FieldError("external_id", "Myndighetens id för posten saknas."))
    elif len(external) > 80:
        errors.append(FieldError("external_id", "Högst 80 tecken."))
    elif (problem := text_problem(external)) is not None:
        errors.append(FieldError("external_id", problem))
    identity = ""
    if require_identity:
        raw_identity = raw.get("identity_number")
        if _blank(raw_identity):
            errors.append(FieldError("identity_number", "Personnummer eller samordningsnummer saknas."))
        else:
            try:
                identity = normalize_identity_number(str(raw_identity), on=clock.today())
            except InvalidIdentityNumber as exc:
                errors.append(FieldError("identity_number", exc.message))
    values: dict[str, Any] = {}
    for fspec in spec.fields:
        raw_value = raw.get(fspec.name)
        if _blank(raw_value):
            if fspec.required:
                errors.append(FieldError(fspec.name, f"{fspec.label} saknas."))
            values[fspec.name] = (
                fspec.default
                if fspec.type in (FieldType.BOOL, FieldType.CHOICE)
                else ("" if fspec.type is FieldType.TEXT else None)
            )
            continue
        try:
            values[fspec.name] = _parse_value(fspec, raw_value, agency)
        except ValueError as exc:
            errors.append(FieldError(fspec.name, str(exc)))
            values[fspec.name] = None
    if not errors:
        errors.extend(_check_record(spec, values))
    if errors:
        raise RecordInvalid(errors)
    return RecordData(kind=kind, external_id=external, identity_number=identity, values=values, agency=agency)


def record_from_model(kind: str, instance: Any, *, agency: str = "") -> RecordData:
    """A database row as :class:`RecordData` (trusted: no validation)."""
    spec = KIND_SPECS[kind]
    values = {f.name: getattr(instance, f.name) for f in spec.fields}
    return RecordData(
        kind=kind,
        external_id=instance.external_id,
        identity_number=instance.person.identity_number,
        values=values,
        agency=agency,
        organisation=instance.organisation.code,
    )


def same_values(record: RecordData, instance: Any) -> bool:
    """Whether a stored row holds exactly this record's values (an idempotent re-import)."""
    if instance.person.identity_number != record.identity_number:
        return False
    return all(getattr(instance, f.name) == record.values.get(f.name) for f in record.spec.fields)


# --- Facts for the gate ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Item:
    """One fact about a person in one data category (what the gate releases or withholds)."""

    category: str
    label: str
    value: str
    kind: str
    external_id: str
    data: Mapping[str, Any] = field(default_factory=dict)

    @property
    def category_label(self) -> str:
        return CATEGORIES[self.category].label

    @property
    def record_label(self) -> str:
        return KIND_SPECS[self.kind].label if self.kind in KIND_SPECS else self.kind

    def to_json(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "label": self.label,
            "value": self.value,
            "kind": self.kind,
            "external_id": self.external_id,
            "data": {k: _json_scalar(v) for k, v in self.data.items()},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Item:
        return cls(
            category=data["category"],
            label=data["label"],
            value=data["value"],
            kind=data.get("kind", ""),
            external_id=data.get("external_id", ""),
            data=dict(data.get("data") or {}),
        )


def _json_scalar(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return money_str(value)
    return value


def _d(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _span(start: dt.date | None, end: dt.date | None, open_text: str = "tills vidare") -> str:
    if start is None:
        return "period ej angiven"
    return f"{_d(start)}–{_d(end) if end else open_text}"


def _choice_label(choices: Iterable[tuple[str, str]], value: str) -> str:
    return dict(choices).get(value, value)


def identity_item(*, full_name: str, identity_number: str, agency: str) -> Item:
    """The identity category: name and personnummer/samordningsnummer as the agency has them."""
    return Item(
        category="identity",
        label="Namn och nummer",
        value=f"{full_name}, {identity_number}",
        kind="identity",
        external_id=f"{agency}:{identity_number}",
        data={"name": full_name, "identity_number": identity_number},
    )


def record_items(record: RecordData) -> list[Item]:
    """The facts a record holds, one :class:`Item` per data category (förordning 2008:975)."""
    v = record.values
    kind, ext = record.kind, record.external_id

    def item(code: str, label: str, value: str, /, **data: Any) -> Item:
        return Item(code, label, value, kind, ext, data)

    if kind == "benefit_application":
        name = benefit_name(v["benefit"])
        status = _choice_label(APPLICATION_STATUSES, v.get("status") or "submitted").lower()
        return [
            item(
                "application_submitted",
                "Ansökan",
                f"Ansökan om {name} inkom {_d(v['submitted_on'])} ({status})",
                benefit=v["benefit"],
                submitted_on=v["submitted_on"],
                status=v.get("status") or "submitted",
            )
        ]
    if kind == "benefit_decision":
        if v.get("outcome") == "refused":
            return []
        name = benefit_name(v["benefit"]).capitalize()

        def fact(code: str, label: str, value: str, /, **data: Any) -> Item:
            return item(code, label, value, benefit=v["benefit"], **data)

        changed = " (ändrat beslut)" if v.get("outcome") == "changed" else ""
        items = [
            fact(
                "benefit_granted",
                "Beviljad förmån",
                f"{name} beviljad genom beslut {_d(v['decision_date'])}{changed}",
                decision_date=v["decision_date"],
                outcome=v.get("outcome") or "granted",
            ),
            fact(
                "payment_period",
                "Period och omfattning",
                f"{name}: {_span(v['period_start'], v.get('period_end'))}"
                + (f", {v['extent']}" if v.get("extent") else ""),
                period_start=v["period_start"],
                period_end=v.get("period_end"),
                extent=v.get("extent") or "",
            ),
        ]
        if v.get("monthly_amount") is not None:
            items.append(
                fact(
                    "payment_amount",
                    "Belopp per månad",
                    f"{name}: {format_money(v['monthly_amount'])} per månad",
                    monthly_amount=v["monthly_amount"],
                )
            )
        if v.get("retroactive_amount") is not None:
            items += [
                fact(
                    "payment_period",
                    "Retroaktiv period",
                    f"{name} retroaktivt för {_span(v['retroactive_start'], v['retroactive_end'])}",
                    retroactive_start=v["retroactive_start"],
                    retroactive_end=v["retroactive_end"],
                ),
                fact(
                    "payment_amount",
                    "Retroaktivt belopp (netto)",
                    f"{name}: {format_money(v['retroactive_amount'])} retroaktivt",
                    retroactive_amount=v["retroactive_amount"],
                ),
                fact(
                    "payment_date",
                    "Utbetalningsdag (retroaktivt)",
                    f"{name}: det retroaktiva beloppet betalas ut {_d(v['payout_date'])}",
                    payout_date=v["payout_date"],
                ),
            ]
        return items
    if kind == "benefit_payment":
        name = benefit_name(v["benefit"]).capitalize()
        common = {"benefit": v["benefit"], "paid_on": v["paid_on"]}
        return [
            item(
                "payment_period",
                "Utbetalningen avser",
                f"{name}: {_span(v['period_start'], v['period_end'])}",
                period_start=v["period_start"],
                period_end=v["period_end"],
                **common,
            ),
            item(
                "payment_amount",
                "Utbetalt belopp",
                f"{name}: {format_money(v['amount'])}",
                amount=v["amount"],
                **common,
            ),
            item("payment_date", "Utbetalningsdag", f"{name}: utbetald {_d(v['paid_on'])}", **common),
        ]
    if kind == "jobseeker_registration":
        text = f"Anmäld som arbetssökande från {_d(v['registered_from'])}"
        if v.get("registered_to"):
            text += f", inte längre anmäld från {_d(v['registered_to'])}"
        items = [
            item(
                "jobseeker_registration",
                "Anmälan som arbetssökande",
                text,
                registered_from=v["registered_from"],
                registered_to=v.get("registered_to"),
            ),
            item(
                "jobseeker_category",
                "Sökandekategori",
                _choice_label(JOBSEEKER_CATEGORIES, v["category"]),
                category=v["category"],
            ),
        ]
        if v.get("unemployment_fund"):
            items.append(
                item(
                    "unemployment_fund_membership",
                    "A-kassa enligt registrering",
                    v["unemployment_fund"],
                    unemployment_fund=v["unemployment_fund"],
                )
            )
        return items
    if kind == "labour_market_programme":
        return [
            item(
                "labour_market_programme",
                "Arbetsmarknadspolitiskt program",
                f"{v['name']}, {_span(v['period_start'], v.get('period_end'), 'pågår')}",
                name=v["name"],
                period_start=v["period_start"],
                period_end=v.get("period_end"),
            )
        ]
    if kind == "activity_report":
        month = v["report_month"]
        return [
            item(
                "activity_report_date",
                "Senaste aktivitetsrapport",
                f"Inkom {_d(v['submitted_on'])} (avser {month:%Y-%m})",
                submitted_on=v["submitted_on"],
                report_month=month,
            )
        ]
    if kind == "establishment_allowance_decision":
        entitled = bool(v.get("entitled"))
        items = [
            item(
                "establishment_allowance_entitlement",
                "Rätt till etableringsersättning",
                f"{'Ja' if entitled else 'Nej'} (beslut {_d(v['decision_date'])})",
                entitled=entitled,
                decision_date=v["decision_date"],
            )
        ]
        if entitled and (v.get("monthly_amount") is not None or v.get("period_start") is not None):
            parts = []
            if v.get("monthly_amount") is not None:
                parts.append(f"{format_money(v['monthly_amount'])} per månad")
            if v.get("period_start") is not None:
                parts.append(_span(v["period_start"], v.get("period_end")))
            if v.get("extent"):
                parts.append(v["extent"])
            items.append(
                item(
                    "establishment_allowance_grant",
                    "Beviljad etableringsersättning",
                    ", ".join(parts),
                    monthly_amount=v.get("monthly_amount"),
                    period_start=v.get("period_start"),
                    period_end=v.get("period_end"),
                    extent=v.get("extent") or "",
                )
            )
        items.append(
            item(
                "establishment_allowance_change",
                "Ändrat beslut",
                f"Beslutet {_d(v['decision_date'])} har ändrats" if v.get("changed") else "Nej",
                changed=bool(v.get("changed")),
                decision_date=v["decision_date"],
            )
        )
        return items
    if kind == "unemployment_fund_payment":
        # Förordning (2008:975) 4 § p. 4–6, one fact per point; the summary code of before the split last.
        common = {"paid_on": v["paid_on"]}
        name = "Arbetslöshetsersättning"
        return [
            item(
                "payment_period",
                "Utbetalningen avser",
                f"{name}: {_span(v['period_start'], v['period_end'])}",
                period_start=v["period_start"],
                period_end=v["period_end"],
                **common,
            ),
            item(
                "payment_amount",
                "Utbetalt belopp",
                f"{name}: {format_money(v['amount'])}",
                amount=v["amount"],
                **common,
            ),
            item("payment_date", "Utbetalningsdag", f"{name}: utbetald {_d(v['paid_on'])}", **common),
            item(
                "unemployment_benefit_payment",
                "Utbetald arbetslöshetsersättning",
                f"{format_money(v['amount'])}, utbetald {_d(v['paid_on'])}, avser "
                f"{_span(v['period_start'], v['period_end'])}",
                amount=v["amount"],
                paid_on=v["paid_on"],
                period_start=v["period_start"],
                period_end=v["period_end"],
            ),
        ]
    if kind == "unemployment_fund_decision":
        if v.get("outcome") == "refused":
            return []
        name = "Arbetslöshetsersättning"
        changed = " (ändrat beslut)" if v.get("outcome") == "changed" else ""
        items = [
            item(
                "benefit_granted",
                "Beviljad ersättning",
                f"{name} beviljad genom beslut {_d(v['decision_date'])}{changed}",
                decision_date=v["decision_date"],
                outcome=v.get("outcome") or "granted",
            ),
            item(
                "payment_period",
                "Ersättningsperiod och omfattning",
                f"{name}: {_span(v['period_start'], v.get('period_end'))}"
                + (f", {v['extent']}" if v.get("extent") else ""),
                period_start=v["period_start"],
                period_end=v.get("period_end"),
                extent=v.get("extent") or "",
            ),
        ]
        if v.get("daily_amount") is not None:
            items.append(
                item(
                    "payment_amount",
                    "Dagpenning",
                    f"{name}: {format_money(v['daily_amount'])} per dag",
                    daily_amount=v["daily_amount"],
                )
            )
        return items
    if kind in ("study_support_decision", "study_support_payment"):
        form = v["form"]
        form_label = _choice_label(STUDY_SUPPORT_FORMS, form)
        loan = form == "home_equipment_loan"
        decided = kind == "study_support_decision"
        common = {"form": form}
        items = [
            item(
                "study_support_form",
                "Form av stöd",
                f"{form_label} ({'beviljat' if decided else 'utbetalt'})",
                **common,
            ),
            item(
                "study_support_period",
                "Period",
                f"{form_label}: {_span(v['period_start'], v['period_end'])}",
                period_start=v["period_start"],
                period_end=v["period_end"],
                **common,
            ),
        ]
        if decided and not loan:
            items.append(
                item(
                    "study_support_extent",
                    "Omfattning",
                    _choice_label(STUDY_EXTENTS, v.get("extent") or "100"),
                    extent=v.get("extent") or "100",
                    **common,
                )
            )
        amount_code = "home_equipment_loan_amount" if loan else "study_support_amount"
        if decided:
            items.append(
                item(
                    amount_code,
                    "Beviljat belopp",
                    f"{form_label}: {format_money(v['amount'])} för perioden",
                    granted_amount=v["amount"],
                    **common,
                )
            )
            if not loan:
                items.append(
                    item(
                        "study_support_compulsory_school",
                        "Studier på grundskolenivå",
                        "Ja" if v.get("compulsory_school") else "Nej",
                        compulsory_school=bool(v.get("compulsory_school")),
                        **common,
                    )
                )
        else:
            paid = {"paid_on": v["paid_on"], **common}
            items += [
                item(
                    amount_code,
                    "Utbetalt belopp",
                    f"{form_label}: {format_money(v['amount'])}",
                    amount=v["amount"],
                    **paid,
                ),
                item(
                    "study_support_payment_date",
                    "Utbetalningsdag",
                    f"{form_label}: utbetald {_d(v['paid_on'])}",
                    **paid,
                ),
            ]
        return items
    if kind == "tax_assessment":
        year = v["income_year"]
        common = {"income_year": year, "decision_date": v["decision_date"]}
        items = [
            item(
                "employment_income",
                "Inkomst av tjänst",
                f"Inkomstår {year}: {format_money(v['employment_income'])}",
                employment_income=v["employment_income"],
                **common,
            )
        ]
        if v.get("business_income") is not None:
            items.append(
                item(
                    "business_income",
                    "Inkomst av näringsverksamhet",
                    f"Inkomstår {year}: {format_money(v['business_income'])}",
                    business_income=v["business_income"],
                    **common,
                )
            )
        text = f"Beslut om slutlig skatt för inkomstår {year}, {_d(v['decision_date'])}"
        if v.get("final_tax") is not None:
            text += f": slutlig skatt {format_money(v['final_tax'])}"
        items.append(
            item("final_tax_assessment", "Beslut om slutlig skatt", text, final_tax=v.get("final_tax"), **common)
        )
        return items
    if kind == "tax_settlement":
        year = v["income_year"]
        if v["settlement"] == "refund":
            return [
                item(
                    "tax_refund",
                    "Skatteåterbäring",
                    f"Inkomstår {year}: {format_money(v['amount'])}, utbetalas {_d(v['due_on'])}",
                    income_year=year,
                    amount=v["amount"],
                    paid_on=v["due_on"],
                )
            ]
        return [
            item(
                "residual_tax",
                "Kvarskatt",
                f"Inkomstår {year}: {format_money(v['amount'])}, ska betalas senast {_d(v['due_on'])}",
                income_year=year,
                amount=v["amount"],
                due_on=v["due_on"],
            )
        ]
    raise KeyError(kind)  # pragma: no cover - every kind is handled above


#: Categories asked of each agency in a lookup (the duty lists of förordning 2008:975: 3 och 7 §§ FK and PM,
#: 5 § AF, 4 § the a-kassa (split as 3 §), 2 § CSN, 6 § Skatteverket).
LOOKUP_CATEGORIES: Mapping[str, tuple[str, ...]] = {
    Agency.FK.value: (
        "identity",
        "application_submitted",
        "benefit_granted",
        "payment_period",
        "payment_amount",
        "payment_date",
    ),
    Agency.PM.value: (
        "identity",
        "application_submitted",
        "benefit_granted",
        "payment_period",
        "payment_amount",
        "payment_date",
    ),
    Agency.AF.value: (
        "identity",
        "jobseeker_registration",
        "unemployment_fund_membership",
        "jobseeker_category",
        "labour_market_programme",
        "activity_report_date",
        "establishment_allowance_entitlement",
        "establishment_allowance_grant",
        "establishment_allowance_change",
    ),
    Agency.UNEMPLOYMENT_FUND.value: (
        "identity",
        "application_submitted",
        "benefit_granted",
        "payment_period",
        "payment_amount",
        "payment_date",
    ),
    Agency.CSN.value: (
        "identity",
        "study_support_application",
        "study_support_form",
        "study_support_period",
        "study_support_extent",
        "study_support_amount",
        "home_equipment_loan_amount",
        "study_support_payment_date",
        "study_support_compulsory_school",
    ),
    Agency.TAX_AGENCY.value: (
        "identity",
        "employment_income",
        "business_income",
        "final_tax_assessment",
        "tax_refund",
        "residual_tax",
    ),
}


# --- Period selection --------------------------------------------------------------------------


def _overlaps(start: dt.date | None, end: dt.date | None, period: tuple[dt.date, dt.date]) -> bool:
    if start is None:
        return False
    return start <= period[1] and (end is None or end >= period[0])


def _within(day: dt.date | None, period: tuple[dt.date, dt.date]) -> bool:
    return day is not None and period[0] <= day <= period[1]


def in_period(record: RecordData, period: tuple[dt.date, dt.date]) -> bool:
    """Whether a record concerns ``period`` (activity reports: see :func:`select_for_period`)."""
    v = record.values
    kind = record.kind
    if kind == "benefit_application":
        return _within(v["submitted_on"], period) or (v.get("status") == "submitted" and v["submitted_on"] <= period[1])
    if kind == "benefit_decision":
        return (
            _overlaps(v["period_start"], v.get("period_end"), period)
            or _within(v["decision_date"], period)
            or _within(v.get("payout_date"), period)
        )
    if kind in ("benefit_payment", "unemployment_fund_payment", "study_support_payment"):
        return _within(v["paid_on"], period) or _overlaps(v["period_start"], v["period_end"], period)
    if kind in ("unemployment_fund_decision", "study_support_decision"):
        return _overlaps(v["period_start"], v.get("period_end"), period) or _within(v["decision_date"], period)
    if kind == "tax_assessment":
        return v["decision_date"] <= period[1]
    if kind == "tax_settlement":
        return _within(v["due_on"], period)
    if kind == "jobseeker_registration":
        return _overlaps(v["registered_from"], v.get("registered_to"), period)
    if kind == "labour_market_programme":
        return _overlaps(v["period_start"], v.get("period_end"), period)
    if kind == "activity_report":
        return v["submitted_on"] <= period[1]
    if kind == "establishment_allowance_decision":
        return _overlaps(v.get("period_start"), v.get("period_end"), period) or _within(v["decision_date"], period)
    return False


def _sort_key(record: RecordData) -> tuple[str, str, str]:
    dates = [value for value in record.values.values() if isinstance(value, dt.date)]
    return (record.kind, max(dates).isoformat() if dates else "", record.external_id)


#: Kinds of which only the latest record per person (by the given date field) concerns a period.
LATEST_ONLY: Mapping[str, str] = {"activity_report": "submitted_on", "tax_assessment": "decision_date"}


def select_for_period(records: Iterable[RecordData], period: tuple[dt.date, dt.date]) -> list[RecordData]:
    """The records that concern ``period``; of the activity reports and the decisions on slutlig skatt only the
    latest per person."""
    chosen: list[RecordData] = []
    latest: dict[tuple[str, str], RecordData] = {}
    for record in records:
        if not in_period(record, period):
            continue
        day_field = LATEST_ONLY.get(record.kind)
        if day_field is not None:
            key = (record.kind, record.identity_number)
            current = latest.get(key)
            if current is None or record.values[day_field] > current.values[day_field]:
                latest[key] = record
            continue
        chosen.append(record)
    chosen.extend(latest.values())
    return sorted(chosen, key=_sort_key)


# --- Proactive events --------------------------------------------------------------------------


def agency_event(record: RecordData) -> AgencyEventKind | None:
    """The agency event a newly recorded record is (None: nothing to tell anyone)."""
    kind = record.kind
    if kind == "benefit_application":
        return AgencyEventKind.APPLICATION_RECEIVED
    if kind == "benefit_decision":
        return None if record.values.get("outcome") == "refused" else AgencyEventKind.BENEFIT_DECIDED
    if kind in ("benefit_payment", "unemployment_fund_payment"):
        return AgencyEventKind.PAYMENT_RECORDED
    if kind == "unemployment_fund_decision":
        return None if record.values.get("outcome") == "refused" else AgencyEventKind.BENEFIT_DECIDED
    if kind == "study_support_decision":
        return AgencyEventKind.STUDY_SUPPORT_DECIDED
    if kind == "study_support_payment":
        return AgencyEventKind.STUDY_SUPPORT_PAID
    if kind == "tax_assessment":
        return AgencyEventKind.TAX_ASSESSED
    if kind == "tax_settlement":
        return AgencyEventKind.TAX_SETTLED
    if kind == "jobseeker_registration":
        return AgencyEventKind.JOBSEEKER_REGISTRATION_CHANGED
    if kind == "labour_market_programme":
        return AgencyEventKind.PROGRAMME_CHANGED
    if kind == "activity_report":
        return AgencyEventKind.ACTIVITY_REPORT_RECEIVED
    if kind == "establishment_allowance_decision":
        if record.values.get("changed"):
            return AgencyEventKind.ESTABLISHMENT_ALLOWANCE_CHANGED
        return AgencyEventKind.ESTABLISHMENT_ALLOWANCE_DECIDED
    return None
