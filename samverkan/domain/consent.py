"""Consent (samtycke) to lift secrecy: what makes one valid, and when it counts.

Source: offentlighets- och sekretesslagen (2009:400) 12 kap. 2 § — secrecy that
protects a person may be lifted by that person, in whole or in part. A consent
is only valid when it is specific (docs/domain.md §4): who discloses, who receives,
which categories of data, for what purpose, and for how long. A consent "to
everything" is not valid. For a child the guardians decide (OSL 12 kap. 3 §,
föräldrabalken 6 kap. 11 och 13 §§: two guardians decide together).

Two entry points:

- :func:`validate_consent` checks a :class:`ConsentDraft` before it is
  registered and raises :class:`InputError`/:class:`DomainError` with a Swedish
  message naming the field.
- :func:`consent_counts` tells the secrecy gate whether one registered
  :class:`ConsentRecord` is a basis for one category on one day, and why
  (contracts/README.md, kind ``disclosure``). The disclosing agency obtains and
  checks consent itself: a consent recorded by another agency never counts.

Choices where the law leaves room (the safe reading, docs/domain.md preamble):

- **Validity at most 12 months** (:data:`CONSENT_MAX_MONTHS`). No statute caps it,
  but a consent must be specific also in time; a year keeps it current and close
  to the person's actual will, and matches a year of ekonomiskt bistånd or a
  rehabilitation period. Longer needs a new consent.
- **A child's own say** (OSL 12 kap. 3 §, FB 6 kap. 11 §; docs/adr/0009-a-childs-own-say.md).
  Under 15 the guardians consent for the child; from 12 the child's own view (and whether it
  agrees) is recorded with the consent. From 15 the child decides over the secrecy of its own
  data: a consent given only by the guardians does not count, the child's own consent is needed
  (and suffices). From 18 only the person. The age is taken on the day of the disclosure
  (:func:`consent_counts`), and on the first day of validity when a consent is registered.
- **Sensitive data needs written consent.** docs/domain.md §4: written is the rule
  for sensitive data (health, socialtjänst notes); the registry accepts oral
  consent only for other categories, and then records who took it and when.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from samverkan.domain.dates import age_on
from samverkan.domain.errors import InputError
from samverkan.domain.organisations import CaseType, OrganisationType
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

#: From this age the child's own view is recorded with a guardians' consent (OSL 12 kap. 3 §, FB 6 kap. 11 §).
CHILD_VIEW_AGE = 12
#: From this age the child's own consent is needed; the guardians' alone does not count (ADR 0009).
CHILD_CONSENT_AGE = 15
#: Myndighetsålder: the guardians' authority ends (FB 6 kap. 2 §).
ADULT_AGE = 18


class ConsentForm(StrEnum):
    WRITTEN = "written"
    ORAL = "oral"

    @property
    def label(self) -> str:
        return {"written": "skriftligt", "oral": "muntligt"}[self.value]


class ConsentStatus(StrEnum):
    NOT_YET_VALID = "not_yet_valid"
    ACTIVE = "active"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return {
            "not_yet_valid": "gäller inte ännu",
            "active": "gäller",
            "expired": "har gått ut",
            "withdrawn": "återkallat",
        }[self.value]


class ConsentGiver(StrEnum):
    """Who gave the consent: the person the data is about, or (for a child) the guardians."""

    PERSON = "person"
    GUARDIANS = "guardians"

    @property
    def label(self) -> str:
        return {"person": "personen själv", "guardians": "vårdnadshavarna"}[self.value]


def consent_giver(value: object, field_name: str = "given_by") -> ConsentGiver:
    """Parse who gave a consent; raises :class:`InputError` naming ``field_name``."""
    try:
        return ConsentGiver(str(value))
    except ValueError:
        raise InputError(
            field_name,
            f"Ange vem som lämnade samtycket: ”person” (personen själv) eller ”guardians” (vårdnadshavarna), "
            f"inte {value!r}.",
            code="given_by",
        ) from None


def child_view_problem(age: int, giver: ConsentGiver, child_view: str, child_agrees: bool | None) -> str | None:
    """Why a consent cannot be given this way for a person of ``age`` (None when it can); Swedish, with citations.

    The reading of OSL 12 kap. 3 § and FB 6 kap. 11 § in ADR 0009: under 15 the guardians consent,
    and from 12 the child's view and whether it agrees are recorded; from 15 the child's own consent
    is needed; from 18 only the person consents.
    """
    if age >= ADULT_AGE:
        if giver is ConsentGiver.GUARDIANS:
            return f"Personen är {age} år och myndig. Bara personen själv kan lämna samtycket."
        return None
    if age >= CHILD_CONSENT_AGE:
        if giver is ConsentGiver.GUARDIANS:
            return (
                f"Barnet är {age} år. Från 15 års ålder bestämmer barnet i regel självt över sekretessen för sina "
                f"egna uppgifter; vårdnadshavarnas samtycke räcker inte, barnets eget samtycke behövs "
                f"({OSL_12_3.short}, {FB_6_11.short})."
            )
        return None
    if giver is ConsentGiver.PERSON:
        return (
            f"Personen är ett barn ({age} år). För ett barn under 15 år lämnar vårdnadshavarna samtycket "
            f"({OSL_12_3.short}, {FB_6_13.short}); ange att det lämnades av vårdnadshavarna."
        )
    if age >= CHILD_VIEW_AGE and (not child_view.strip() or child_agrees is None):
        return (
            f"Barnet är {age} år. Från 12 års ålder ska barnets egen inställning höras och vägas in; skriv vad barnet "
            f"sade och om barnet samtycker ({OSL_12_3.short}, {FB_6_11.short})."
        )
    return None


def organisation_type(value: object, field_name: str = "organisation") -> OrganisationType:
    """Parse an organisation type code; raises :class:`InputError` naming ``field_name``."""
    if isinstance(value, OrganisationType):
        return value
    try:
        return OrganisationType(str(value))
    except ValueError:
        known = ", ".join(o.value for o in OrganisationType)
        raise InputError(
            field_name, f"Okänd organisationstyp {value!r}. Kända typer: {known}.", code="unknown_organisation"
        ) from None


def case_type(value: object, field_name: str = "case_type") -> CaseType:
    """Parse a case type code (the kind of ärende); raises :class:`InputError` naming ``field_name``."""
    if isinstance(value, CaseType):
        return value
    if isinstance(value, str) and value in CaseType._value2member_map_:
        return CaseType(value)
    known = ", ".join(c.value for c in CaseType)
    raise InputError(field_name, f"Okänd ärendetyp {value!r}. Kända typer: {known}.", code="unknown_case_type")


def _form(value: object, field_name: str = "form") -> ConsentForm:
    try:
        return ConsentForm(str(value))
    except ValueError:
        raise InputError(
            field_name, f"Formen ska vara ”written” (skriftligt) eller ”oral” (muntligt), inte {value!r}.", code="form"
        ) from None


def _normalise_codes(codes: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({str(c) for c in codes}))


@dataclass(frozen=True, slots=True)
class ConsentRecord:
    """A registered consent, as the secrecy gate sees it.

    ``recorded_by`` is the organisation type that obtained and checked it (the
    discloser it can serve), ``recipient`` the one that may receive the data.
    ``valid_to`` and ``withdrawn_on`` are inclusive/exclusive respectively: the
    consent counts on ``valid_to`` itself, and no longer on ``withdrawn_on``.
    ``categories`` is normalised to a sorted tuple without duplicates.

    ``given_by`` is who gave it (the person, or for a child the guardians); ``subject_birth_date``
    the person's birth date, when known, so the gate can apply the child's own say on the day of
    the disclosure (OSL 12 kap. 3 §; ADR 0009); ``child_view``/``child_agrees`` what a child of
    12–14 said and whether it agreed. The defaults describe an adult's own consent.
    """

    recorded_by: OrganisationType
    recipient: OrganisationType
    categories: tuple[str, ...]
    purpose: str
    valid_from: dt.date
    valid_to: dt.date | None = None
    form: ConsentForm = ConsentForm.WRITTEN
    withdrawn_on: dt.date | None = None
    id: str | int | None = None
    case_type: CaseType | None = None
    given_by: ConsentGiver = ConsentGiver.PERSON
    subject_birth_date: dt.date | None = None
    child_view: str = ""
    child_agrees: bool | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "given_by", consent_giver(self.given_by))
        if self.subject_birth_date is not None and (
            not isinstance(self.subject_birth_date, dt.date) or isinstance(self.subject_birth_date, dt.datetime)
        ):
            raise InputError(
                "subject_birth_date", f"Ska vara ett datum (ÅÅÅÅ-MM-DD), inte {self.subject_birth_date!r}.", code="date"
            )
        if not isinstance(self.child_view, str):
            raise InputError("child_view", "Barnets inställning ska vara en text.", code="type")
        if self.child_agrees is not None and not isinstance(self.child_agrees, bool):
            raise InputError("child_agrees", "Ska vara true, false eller null.", code="type")
        object.__setattr__(self, "recorded_by", organisation_type(self.recorded_by, "recorded_by"))
        object.__setattr__(self, "recipient", organisation_type(self.recipient, "recipient"))
        if self.case_type is not None:
            object.__setattr__(self, "case_type", case_type(self.case_type))
        if isinstance(self.categories, str) or not isinstance(self.categories, (tuple, list, frozenset, set)):
            raise InputError("categories", "Ska vara en lista av uppgiftskategorier.", code="type")
        object.__setattr__(self, "categories", _normalise_codes(self.categories))
        object.__setattr__(self, "form", _form(self.form))
        if self.id is not None and (isinstance(self.id, bool) or not isinstance(self.id, (str, int))):
            raise InputError("id", "Samtyckets id ska vara en text eller ett heltal.", code="type")
        for name in ("valid_from", "valid_to", "withdrawn_on"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, dt.date):
                raise InputError(name, f"Ska vara ett datum (ÅÅÅÅ-MM-DD), inte {value!r}.", code="date")
        if self.valid_from is None:
            raise InputError("valid_from", "Ange från vilken dag samtycket gäller.", code="required")
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise InputError(
                "valid_to",
                f"Samtycket kan inte sluta gälla ({self.valid_to.isoformat()}) före den dag det börjar gälla "
                f"({self.valid_from.isoformat()}).",
                code="order",
            )

    @property
    def label(self) -> str:
        """``"Samtycke 12"`` or ``"Samtycket"`` when it has no id; used in explanations."""
        return "Samtycket" if self.id is None else f"Samtycke {self.id}"

    def sort_key(self) -> tuple[str, ...]:
        """A total order independent of input order: used to pick and list consents deterministically."""
        return (
            "" if self.id is None else f"{type(self.id).__name__}:{self.id}",
            str(self.recorded_by),
            str(self.recipient),
            ",".join(self.categories),
            self.valid_from.isoformat(),
            self.valid_to.isoformat() if self.valid_to else "9999-12-31",
            self.withdrawn_on.isoformat() if self.withdrawn_on else "9999-12-31",
            str(self.form),
            self.purpose,
            str(self.case_type or ""),
            str(self.given_by),
            self.subject_birth_date.isoformat() if self.subject_birth_date else "",
            "" if self.child_agrees is None else str(self.child_agrees),
            self.child_view,
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-compatible form (dates as ISO strings).

        Who gave the consent and the child's say are included only when they differ from an
        adult's own consent; the child's words (``child_view``) never are: the gate does not need
        them to decide, and the stored snapshot should not repeat them.
        """
        data: dict[str, Any] = {
            "id": self.id,
            "recorded_by": str(self.recorded_by),
            "recipient": str(self.recipient),
            "categories": list(self.categories),
            "purpose": self.purpose,
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "form": str(self.form),
            "withdrawn_on": self.withdrawn_on.isoformat() if self.withdrawn_on else None,
            "case_type": str(self.case_type) if self.case_type else None,
        }
        if self.given_by is not ConsentGiver.PERSON:
            data["given_by"] = str(self.given_by)
        if self.subject_birth_date is not None:
            data["subject_birth_date"] = self.subject_birth_date.isoformat()
        if self.child_agrees is not None:
            data["child_agrees"] = self.child_agrees
        return data


def consent_status(consent: ConsentRecord, on: dt.date) -> ConsentStatus:
    """Where the consent stands on ``on``; a withdrawal takes effect on its own day."""
    if consent.withdrawn_on is not None and on >= consent.withdrawn_on:
        return ConsentStatus.WITHDRAWN
    if on < consent.valid_from:
        return ConsentStatus.NOT_YET_VALID
    if consent.valid_to is not None and on > consent.valid_to:
        return ConsentStatus.EXPIRED
    return ConsentStatus.ACTIVE


def _org(value: object) -> str:
    """Swedish name of an organisation type for running text (lazy import: disclosure imports this module)."""
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


def child_say_counts(consent: ConsentRecord, on: dt.date) -> tuple[bool, str]:
    """Whether who gave ``consent`` is enough on ``on`` for the person's age (OSL 12 kap. 3 §, FB 6 kap. 11 §).

    Returns ``(counts, text)``. When it does not count, ``text`` continues a sentence that starts
    with the consent's label; when it counts, ``text`` is "" for an adult's own consent (or an
    unknown age) and otherwise a sentence, with a leading space, on who consented for the child
    and what the child said (ADR 0009):

    - given by the guardians: counts only while the person is under 15; from 15 the child's own
      consent is needed, and from 18 only the person's (the age on ``on``, so a guardians' consent
      stops counting on the child's 15th birthday). Without a known birth date it does not count;
    - given by the person: for a child under 15 it does not count (the guardians consent);
    - a guardians' consent for a child of 12–14 counts, and the child's recorded view is told.
    """
    if consent.subject_birth_date is None:
        if consent.given_by is ConsentGiver.GUARDIANS:
            return False, (
                "lämnades av vårdnadshavarna, men personens födelsedatum är inte känt. Det går därför inte att "
                f"avgöra om barnet är under 15 år, då vårdnadshavarnas samtycke räcker ({OSL_12_3.text})."
            )
        return True, ""
    age = age_on(consent.subject_birth_date, on)
    if consent.given_by is ConsentGiver.GUARDIANS:
        if age >= ADULT_AGE:
            return False, (
                f"lämnades av vårdnadshavarna, men personen är nu {age} år och myndig. Vårdnaden har upphört; bara "
                f"personen själv kan samtycka ({OSL_12_2.text})."
            )
        if age >= CHILD_CONSENT_AGE:
            return False, (
                f"lämnades bara av vårdnadshavarna, men barnet är {age} år. Från 15 års ålder bestämmer barnet i regel "
                f"självt över sekretessen för sina egna uppgifter, och barnets eget samtycke behövs "
                f"({OSL_12_3.text}, {FB_6_11.text})."
            )
        if age < CHILD_VIEW_AGE:
            return True, f" Samtycket lämnades av vårdnadshavarna för barnet ({age} år) ({OSL_12_3.text})."
        if consent.child_agrees is None:
            view = "Barnets egen inställning är inte dokumenterad."
        elif consent.child_agrees:
            view = "Barnet har fått säga sin mening och samtycker."
        else:
            view = "Barnet har fått säga sin mening och samtycker inte; det har vägts in när samtycket registrerades."
        return True, (
            f" Samtycket lämnades av vårdnadshavarna för barnet ({age} år). {view} ({OSL_12_3.text}, {FB_6_11.text})."
        )
    if age < CHILD_CONSENT_AGE:
        return False, (
            f"lämnades av barnet självt, som är {age} år. För ett barn under 15 år lämnar vårdnadshavarna samtycket "
            f"({OSL_12_3.text}, {FB_6_13.text})."
        )
    if age < ADULT_AGE:
        return True, f" Barnet ({age} år) har själv samtyckt ({OSL_12_3.text}, {FB_6_11.text})."
    return True, ""


# --- Validation before registration ------------------------------------------------------------


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
            form=_form(self.form),
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
    from samverkan.domain.disclosure import CATEGORIES, in_sentence

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

    form = _form(draft.form)
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
        if draft.valid_from < draft.taken_on:
            raise InputError(
                "valid_from",
                f"Samtycket kan inte gälla från {draft.valid_from.isoformat()}, före den dag det lämnades "
                f"({draft.taken_on.isoformat()}).",
                code="before_given",
            )

    needs_guardians = draft.subject_is_minor
    if draft.subject_birth_date is not None:
        giver = consent_giver(draft.given_by)
        age = age_on(draft.subject_birth_date, draft.valid_from)
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


#: Statutes behind the rules of this module, for explanations and documentation.
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


__all__ = [
    "ADULT_AGE",
    "CHILD_CONSENT_AGE",
    "CHILD_VIEW_AGE",
    "CONSENT_MAX_MONTHS",
    "ConsentDraft",
    "ConsentForm",
    "ConsentGiver",
    "ConsentRecord",
    "ConsentStatus",
    "OrganisationType",
    "add_months",
    "age_on",
    "child_say_counts",
    "child_view_problem",
    "consent_counts",
    "consent_giver",
    "consent_status",
    "latest_valid_to",
    "organisation_type",
    "parse_consent_draft",
    "validate_consent",
]
