"""A registered consent as the secrecy gate sees it, its form, who gave it and where it stands on a day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from samverkan.domain.errors import InputError
from samverkan.domain.organisations import CaseType, OrganisationType


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


def parse_form(value: object, field_name: str = "form") -> ConsentForm:
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
        object.__setattr__(self, "form", parse_form(self.form))
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
