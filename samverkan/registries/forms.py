"""Forms of the registries: one record form per kind (built from its field list), search, lookup."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from samverkan.core.clock import today
from samverkan.core.forms import Form, MoneyField
from samverkan.core.validation import MONEY_MAX, RECORD
from samverkan.domain.disclosure import period_problem
from samverkan.registries.lookup import default_period
from samverkan.registries.records import AGENCY_CODES, FieldSpec, FieldType, KindSpec, agency_label, benefits_for

_DATE = {"type": "date"}


def _form_field(spec: FieldSpec, agency: str) -> forms.Field:
    common: dict[str, Any] = {"label": spec.label, "required": spec.required, "help_text": spec.help_text}
    if spec.type is FieldType.DATE:
        return forms.DateField(widget=forms.DateInput(attrs=_DATE), validators=[RECORD], **common)
    if spec.type is FieldType.MONEY:
        # The record columns are DecimalField(max_digits=12, decimal_places=2), as every amount.
        return MoneyField(maximum=MONEY_MAX, **{**common, "help_text": common["help_text"] or "Kronor, t.ex. 8 000,00"})
    if spec.type is FieldType.BOOL:
        return forms.BooleanField(initial=spec.default, **{**common, "required": False})
    if spec.type is FieldType.CHOICE:
        choices = list(spec.choices)
        return forms.ChoiceField(choices=choices, initial=spec.default, **common)
    if spec.type is FieldType.BENEFIT:
        choices = [("", "Välj förmån")] + [(code, name.capitalize()) for code, name in benefits_for(agency)]
        return forms.ChoiceField(choices=choices, **common)
    return forms.CharField(max_length=spec.max_length, **common)


class RecordForm(Form):
    """A record of one kind; the service checks it (periods, amounts, duplicates)."""

    def __init__(self, *args: Any, spec: KindSpec, agency: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spec = spec
        for field_spec in spec.fields:
            self.fields[field_spec.name] = _form_field(field_spec, agency)
        self.fields["external_id"] = forms.CharField(
            label="Myndighetens id",
            required=False,
            max_length=80,
            help_text="Lämna tomt så skapas ett id.",
        )

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("external_id", None)
        texts = {f.name for f in self.spec.fields if f.type is FieldType.TEXT}
        return {k: v for k, v in data.items() if v not in (None, "") or k in texts}


class ApplicationStatusForm(Form):
    status = forms.ChoiceField(label="Ny status", choices=[("decided", "Beslutad"), ("withdrawn", "Återkallad")])


class RegistrySearchForm(Form):
    q = forms.CharField(label="Sök person (namn eller personnummer)", max_length=100, required=False)


class LookupForm(Form):
    period_start = forms.DateField(label="Period från", widget=forms.DateInput(attrs=_DATE))
    period_end = forms.DateField(label="Period till", widget=forms.DateInput(attrs=_DATE))
    sources = forms.MultipleChoiceField(
        label="Källor",
        choices=[(code, agency_label(code)) for code in AGENCY_CODES],
        widget=forms.CheckboxSelectMultiple,
        initial=list(AGENCY_CODES),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        start, end = default_period(today())
        self.fields["period_start"].initial = start
        self.fields["period_end"].initial = end

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start: dt.date | None = data.get("period_start")
        end: dt.date | None = data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "Periodens sista dag ligger före dess första dag.")
        elif start and end and (problem := period_problem(start, end, today())) is not None:
            self.add_error(None, problem)  # the gate's "limited, current period", checked before anything is asked
        return data


class LookupJournalForm(Form):
    """“Spara i journalen” under a lookup's result: the gate's requests the lookup made, and an optional comment."""

    requests = forms.CharField(
        widget=forms.HiddenInput,
        max_length=4000,
        error_messages={"required": "Det finns ingen hämtning att spara. Hämta uppgifterna först."},
    )
    text = forms.CharField(
        label="Kommentar till journalen",
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Till exempel vad uppgifterna betyder för bedömningen.",
    )

    def clean_requests(self) -> list[int]:
        parts = [p.strip() for p in (self.cleaned_data.get("requests") or "").split(",") if p.strip()]
        if not parts or not all(p.isdigit() and len(p) <= 12 for p in parts):
            raise forms.ValidationError("Hämtningen kunde inte läsas. Gör om hämtningen och spara igen.")
        return [int(p) for p in parts]
