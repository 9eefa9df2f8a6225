"""Validation of a consent before it is registered: specific parties, categories, purpose and time (OSL 12 kap. 2 §)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from samverkan.domain.consent.child import CHILD_CONSENT_AGE, CHILD_VIEW_AGE, child_view_problem
from samverkan.domain.consent.record import (
    ConsentForm,
    ConsentGiver,
    ConsentRecord,
    consent_giver,
    organisation_type,
    parse_form,
)
from samverkan.domain.dates import age_on
from samverkan.domain.errors import InputError
from samverkan.domain.organisations import OrganisationType
from samverkan.domain.statutes import FB_6_11, FB_6_13, OSL_12_2, OSL_12_3, Citation

#: Longest validity of a new consent, in months (see the module docstring).
CONSENT_MAX_MONTHS = 12


#: Category codes that try to mean "everything"; never accepted.
WILDCARD_CATEGORIES = frozenset(
    {"*", "all", "alla", "allt", "any", "everything", "samtliga", "alla uppgifter", "allt om mig", "%"}
)


#: Purposes too vague to make a consent specific (compared in lower case, stripped).
VAGUE_PURPOSES = frozenset(
    {
        "allt",
        "alla",
        "alla ändamål",
        "alla syften",
        "samtliga ändamål",
        "alla ärenden",
        "samverkan",
        "allmänt",
        "generellt",
        "diverse",
        "övrigt",
        "annat",
        "okänt",
        "vet ej",
        "-",
    }
)


#: Shortest purpose accepted (letters only); "bistånd" (7) passes, "div" does not.
MIN_PURPOSE_LETTERS = 5


@dataclass(frozen=True, slots=True)
class ConsentDraft:
    """A consent about to be registered by the disclosing agency.

    ``discloser``/``recipient`` are organisation types; when both parties are of
    the same type (two kommuners socialnämnder) the organisations must be told
    apart by ``discloser_organisation``/``recipient_organisation`` (e.g. an
    organisationsnummer). An oral consent needs ``taken_by`` (who took it) and
    ``taken_on`` (when). For a child (``subject_is_minor``), ``guardians_total``
    is how many guardians the child has and ``guardians_consenting`` who of them
    consented; all must consent. With ``subject_birth_date`` the age on ``valid_from``
    decides instead (ADR 0009): under 15 the guardians give the consent (``given_by``), and
    from 12 the child's view (``child_view``, ``child_agrees``) is recorded; from 15 the child
    gives it itself (the guardians' consent is then not required).
    """

    discloser: OrganisationType | str
    recipient: OrganisationType | str
    categories: tuple[str, ...]
    purpose: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    form: ConsentForm | str
    taken_by: str = ""
    taken_on: dt.date | None = None
    discloser_organisation: str = ""
    recipient_organisation: str = ""
    subject_is_minor: bool = False
    guardians_total: int = 0
    guardians_consenting: tuple[str, ...] = field(default_factory=tuple)
    given_by: ConsentGiver | str = ConsentGiver.PERSON
    subject_birth_date: dt.date | None = None
    child_view: str = ""
    child_agrees: bool | None = None

    def to_record(self, *, id: str | int | None = None) -> ConsentRecord:
        """The record the gate uses, after :func:`validate_consent` has passed."""
        validate_consent(self)
        assert self.valid_from is not None
        return ConsentRecord(
            recorded_by=organisation_type(self.discloser, "discloser"),
            recipient=organisation_type(self.recipient, "recipient"),
            categories=tuple(self.categories),
            purpose=self.purpose.strip(),
            valid_from=self.valid_from,
            valid_to=self.valid_to,
            form=parse_form(self.form),
            withdrawn_on=None,
            id=id,
            given_by=consent_giver(self.given_by),
            subject_birth_date=self.subject_birth_date,
            child_view=self.child_view.strip(),
            child_agrees=self.child_agrees,
        )


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months (may be negative), clamped to the month's last day.

    31 januari + 1 månad = 28 (29) februari.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(day.day, last))


def latest_valid_to(valid_from: dt.date) -> dt.date:
    """The last day a consent starting on ``valid_from`` may run (12 months, both days included)."""
    return add_months(valid_from, CONSENT_MAX_MONTHS) - dt.timedelta(days=1)


def _letters(text: str) -> int:
    return len(re.findall(r"[^\W\d_]", text))


def validate_consent(draft: ConsentDraft) -> None:
    """Check that a consent is specific and well-formed before it is registered (OSL 12 kap. 2 §).

    Raises :class:`InputError` (a :class:`~samverkan.domain.errors.DomainError`)
    naming the field, with a Swedish message, for the first problem found.
    """
    _check_parties(draft)
    codes = _checked_codes(draft)
    _check_purpose(draft)
    valid_from = _checked_validity(draft)
    _check_form(draft, codes, valid_from)
    _check_child(draft, valid_from)


def _check_parties(draft: ConsentDraft) -> None:
    """Two different organisations, neither a samordningsförbund (it gets aggregated data only)."""
    from samverkan.domain.disclosure import in_sentence

    discloser = organisation_type(draft.discloser, "discloser")
    recipient = organisation_type(draft.recipient, "recipient")
    if OrganisationType.FINSAM in (discloser, recipient):
        raise InputError(
            "recipient" if recipient is OrganisationType.FINSAM else "discloser",
            "Samordningsförbundet arbetar inte med enskilda ärenden och kan inte vara part i ett samtycke om "
            "uppgifter om en person; det får bara avidentifierade, sammanställda uppgifter.",
            code="finsam",
        )
    if discloser == recipient:
        own, other = draft.discloser_organisation.strip(), draft.recipient_organisation.strip()
        if not own or not other:
            raise InputError(
                "recipient_organisation",
                f"Både den som lämnar ut och den som tar emot är {in_sentence(discloser)}. Ange vilka organisationer "
                "det gäller (t.ex. organisationsnummer), så att det framgår att det är två olika.",
                code="parties",
            )
        if own == other:
            raise InputError(
                "recipient",
                "Den som lämnar ut och den som tar emot uppgifterna måste vara olika organisationer.",
                code="parties",
            )


def _checked_codes(draft: ConsentDraft) -> list[str]:
    """The categories, named one by one: never a wildcard, an unknown code or the whole catalogue."""
    from samverkan.domain.disclosure import CATEGORIES

    codes = [str(c).strip() for c in draft.categories]
    if not codes:
        raise InputError("categories", "Ange minst en uppgiftskategori som samtycket gäller.", code="required")
    wildcards = sorted({c for c in codes if c.lower() in WILDCARD_CATEGORIES})
    if wildcards:
        raise InputError(
            "categories",
            f"Ett samtycke till ”allt” ({', '.join(wildcards)}) är inte giltigt. Ange vilka uppgifter samtycket "
            "gäller (12 kap. 2 § OSL).",
            code="wildcard",
        )
    unknown = sorted({c for c in codes if c not in CATEGORIES})
    if unknown:
        raise InputError("categories", f"Okänd uppgiftskategori: {', '.join(unknown)}.", code="unknown_category")
    if set(codes) >= set(CATEGORIES):
        raise InputError(
            "categories",
            "Samtycket räknar upp alla uppgiftskategorier; det är i praktiken ett samtycke till allt och är inte "
            "giltigt. Ta bara med de uppgifter som behövs för ändamålet (12 kap. 2 § OSL).",
            code="wildcard",
        )
    return codes


def _check_purpose(draft: ConsentDraft) -> None:
    """A purpose specific enough to say what the data will be used for."""
    purpose = (draft.purpose or "").strip()
    if not purpose:
        raise InputError("purpose", "Ange för vilket ändamål eller ärende samtycket lämnas.", code="required")
    if purpose.lower() in VAGUE_PURPOSES or _letters(purpose) < MIN_PURPOSE_LETTERS:
        raise InputError(
            "purpose",
            f"Ändamålet ”{purpose}” är för allmänt. Skriv vad uppgifterna ska användas till, t.ex. "
            "”utredning av rätt till ekonomiskt bistånd” eller ”samordning av rehabilitering”.",
            code="vague_purpose",
        )


def _checked_validity(draft: ConsentDraft) -> dt.date:
    """Both days given, in order, at most :data:`CONSENT_MAX_MONTHS` months; the first day of validity."""
    if draft.valid_from is None:
        raise InputError("valid_from", "Ange från vilken dag samtycket gäller.", code="required")
    if draft.valid_to is None:
        raise InputError(
            "valid_to",
            f"Ange till och med vilken dag samtycket gäller (högst {CONSENT_MAX_MONTHS} månader). Ett samtycke "
            "måste vara tidsbegränsat.",
            code="required",
        )
    if draft.valid_to < draft.valid_from:
        raise InputError(
            "valid_to",
            f"Slutdagen {draft.valid_to.isoformat()} ligger före startdagen {draft.valid_from.isoformat()}.",
            code="order",
        )
    latest = latest_valid_to(draft.valid_from)
    if draft.valid_to > latest:
        raise InputError(
            "valid_to",
            f"Ett samtycke får gälla högst {CONSENT_MAX_MONTHS} månader, alltså längst till och med "
            f"{latest.isoformat()}. Ta ett nytt samtycke när det behövs längre.",
            code="too_long",
        )
    return draft.valid_from


def _check_form(draft: ConsentDraft, codes: list[str], valid_from: dt.date) -> None:
    """An oral consent: never for sensitive data, and who took it and when are recorded."""
    from samverkan.domain.disclosure import CATEGORIES

    form = parse_form(draft.form)
    sensitive = sorted(c for c in set(codes) if CATEGORIES[c].sensitive)
    if form is ConsentForm.ORAL:
        if sensitive:
            labels = ", ".join(f"”{CATEGORIES[c].label}”" for c in sensitive)
            raise InputError(
                "form",
                f"Samtycke till känsliga uppgifter ({labels}) ska vara skriftligt. Ta ett skriftligt samtycke.",
                code="written_required",
            )
        if not draft.taken_by.strip():
            raise InputError("taken_by", "Ange vem som tog emot det muntliga samtycket.", code="required")
        if draft.taken_on is None:
            raise InputError("taken_on", "Ange när det muntliga samtycket lämnades.", code="required")
        if valid_from < draft.taken_on:
            raise InputError(
                "valid_from",
                f"Samtycket kan inte gälla från {valid_from.isoformat()}, före den dag det lämnades "
                f"({draft.taken_on.isoformat()}).",
                code="before_given",
            )


def _check_child(draft: ConsentDraft, valid_from: dt.date) -> None:
    """For a child: who may consent by age on ``valid_from`` (ADR 0009), and every guardian when they do."""
    needs_guardians = draft.subject_is_minor
    if draft.subject_birth_date is not None:
        giver = consent_giver(draft.given_by)
        age = age_on(draft.subject_birth_date, valid_from)
        problem = child_view_problem(age, giver, draft.child_view, draft.child_agrees)
        if problem is not None:
            if giver is ConsentGiver.GUARDIANS and CHILD_VIEW_AGE <= age < CHILD_CONSENT_AGE:
                name = "child_view" if not draft.child_view.strip() else "child_agrees"
            else:
                name = "given_by"
            raise InputError(name, problem, code="child_say")
        needs_guardians = age < CHILD_CONSENT_AGE
    if needs_guardians:
        consenting = {g.strip() for g in draft.guardians_consenting if g.strip()}
        if draft.guardians_total < 1:
            raise InputError(
                "guardians_total",
                "Personen är ett barn: ange hur många vårdnadshavare barnet har.",
                code="required",
            )
        if len(consenting) < draft.guardians_total:
            raise InputError(
                "guardians_consenting",
                f"Personen är ett barn och har {draft.guardians_total} vårdnadshavare; alla måste samtycka "
                f"({OSL_12_3.short}, {FB_6_13.short}). Samtycke finns från {len(consenting)}.",
                code="guardians",
            )


#: Statutes behind the rules of this package, for explanations and documentation.
CITATIONS: tuple[Citation, ...] = (OSL_12_2, OSL_12_3, FB_6_11, FB_6_13)


def parse_consent_draft(data: dict[str, Any]) -> ConsentDraft:
    """A :class:`ConsentDraft` from JSON-like data (dates as ISO strings); raises :class:`InputError`."""

    def day(key: str) -> dt.date | None:
        value = data.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise InputError(key, f"Ogiltigt datum {value!r}; skriv ÅÅÅÅ-MM-DD.", code="date") from None

    categories = data.get("categories", [])
    if not isinstance(categories, (list, tuple)):
        raise InputError("categories", "Ska vara en lista av uppgiftskategorier.", code="type")
    guardians = data.get("guardians_consenting", [])
    if not isinstance(guardians, (list, tuple)):
        raise InputError("guardians_consenting", "Ska vara en lista.", code="type")
    try:
        guardians_total = int(data.get("guardians_total", 0) or 0)
    except (TypeError, ValueError):
        raise InputError("guardians_total", "Ska vara ett heltal.", code="type") from None
    return ConsentDraft(
        discloser=str(data.get("discloser", "")),
        recipient=str(data.get("recipient", "")),
        categories=tuple(str(c) for c in categories),
        purpose=str(data.get("purpose", "") or ""),
        valid_from=day("valid_from"),
        valid_to=day("valid_to"),
        form=str(data.get("form", "")),
        taken_by=str(data.get("taken_by", "") or ""),
        taken_on=day("taken_on"),
        discloser_organisation=str(data.get("discloser_organisation", "") or ""),
        recipient_organisation=str(data.get("recipient_organisation", "") or ""),
        subject_is_minor=bool(data.get("subject_is_minor", False)),
        guardians_total=guardians_total,
        guardians_consenting=tuple(str(g) for g in guardians),
        given_by=consent_giver(data.get("given_by") or ConsentGiver.PERSON),
        subject_birth_date=day("subject_birth_date"),
        child_view=str(data.get("child_view", "") or ""),
        child_agrees=_optional_bool(data.get("child_agrees"), "child_agrees"),
    )


def _optional_bool(value: object, field_name: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise InputError(field_name, f"Ska vara true, false eller null, inte {value!r}.", code="type")
