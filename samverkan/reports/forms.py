"""Forms of the oversight pages: validation only; the reads and writes are selectors and services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from samverkan.accounts.models import Organisation, Unit, User
from samverkan.core import clock
from samverkan.core.forms import Form, choices_of, model_choices_of
from samverkan.core.validation import PERIOD
from samverkan.domain import log_review as rules
from samverkan.domain.identity import InvalidIdentityNumber, normalize_identity_number
from samverkan.reports.figures import add_months, first_of_month, month_label
from samverkan.reports.labels import BASIS_CHOICES, EVENT_GROUPS, category_choices
from samverkan.reports.selectors import AuditFilters, Period

MAX_PERIOD_DAYS = 366
MAX_MONTHS = 36


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class PeriodForm(Form):
    """The period of the standing reports (Swedish local dates, both inclusive)."""

    start = forms.DateField(label="Från och med", widget=DateInput(), validators=[PERIOD])
    end = forms.DateField(label="Till och med", widget=DateInput(), validators=[PERIOD])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", "Slutdagen ligger före startdagen.")
            elif (end - start).days + 1 > MAX_PERIOD_DAYS:
                self.add_error("end", f"Välj en period på högst {MAX_PERIOD_DAYS} dagar.")
        return data

    @property
    def period(self) -> Period:
        return Period(self.cleaned_data["start"], self.cleaned_data["end"])


class AuditSearchForm(Form):
    identity_number = forms.CharField(
        label="Person (person- eller samordningsnummer)",
        required=False,
        max_length=20,
        help_text="ÅÅÅÅMMDD-NNNN eller ÅÅMMDD-NNNN",
    )
    official = forms.ModelChoiceField(
        label="Handläggare", queryset=User.objects.none(), required=False, empty_label="Alla"
    )
    category = forms.ChoiceField(label="Uppgift", required=False)
    basis = forms.ChoiceField(label="Grund", required=False, choices=[("", "Alla"), *BASIS_CHOICES])
    event_group = forms.ChoiceField(
        label="Slag av händelse",
        required=False,
        choices=[("", "Alla"), *[(code, label) for code, (label, _) in EVENT_GROUPS.items()]],
    )
    start = forms.DateField(label="Från och med", required=False, widget=DateInput(), validators=[PERIOD])
    end = forms.DateField(label="Till och med", required=False, widget=DateInput(), validators=[PERIOD])

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices_of(self, "official").queryset = User.objects.filter(unit__organisation=organisation).order_by(
            "last_name", "first_name"
        )
        choices_of(self, "category").choices = [("", "Alla"), *category_choices()]

    def clean_identity_number(self) -> str:
        value = (self.cleaned_data.get("identity_number") or "").strip()
        if not value:
            return ""
        try:
            return normalize_identity_number(value, on=clock.today())
        except InvalidIdentityNumber as exc:
            raise forms.ValidationError(f"Numret går inte att tolka: {exc.message}") from exc

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "Slutdagen ligger före startdagen.")
        return data

    def filters(self) -> AuditFilters:
        data = self.cleaned_data
        return AuditFilters(
            identity_number=data.get("identity_number") or "",
            official=data.get("official"),
            category=data.get("category") or "",
            basis=data.get("basis") or "",
            event_group=data.get("event_group") or "",
            start=data.get("start"),
            end=data.get("end"),
        )


class ReviewMarkForm(Form):
    key = forms.CharField(widget=forms.HiddenInput, max_length=120)
    start = forms.DateField(widget=forms.HiddenInput, required=False, validators=[PERIOD])
    end = forms.DateField(widget=forms.HiddenInput, required=False, validators=[PERIOD])
    note = forms.CharField(
        label="Anteckning",
        max_length=rules.NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Vad granskningen visade, t.ex. att slagningen hörde till ett ärende.",
    )

    def clean_key(self) -> str:
        key = self.cleaned_data["key"]
        if rules.parse_key(key) is None:
            raise forms.ValidationError("Okänt fynd.")
        return str(key)


class OfficialPersonForm(Form):
    """Link an official of the organisation to the official's own person record."""

    official = forms.ModelChoiceField(label="Handläggare", queryset=User.objects.none(), empty_label="Välj handläggare")
    identity_number = forms.CharField(
        label="Handläggarens eget person- eller samordningsnummer",
        max_length=20,
        help_text="ÅÅÅÅMMDD-NNNN eller ÅÅMMDD-NNNN",
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices_of(self, "official").queryset = User.objects.filter(unit__organisation=organisation).order_by(
            "last_name", "first_name"
        )

    def clean_identity_number(self) -> str:
        value = (self.cleaned_data.get("identity_number") or "").strip()
        try:
            return normalize_identity_number(value, on=clock.today())
        except InvalidIdentityNumber as exc:
            raise forms.ValidationError(f"Numret går inte att tolka: {exc.message}") from exc


def _month_choices(today: dt.date, count: int = MAX_MONTHS) -> list[tuple[str, str]]:
    end = first_of_month(today)
    return [(add_months(end, -i).isoformat()[:7], month_label(add_months(end, -i))) for i in range(count)]


class StatisticsForm(Form):
    unit = forms.ModelChoiceField(
        label="Enhet", queryset=Unit.objects.none(), required=False, empty_label="Alla enheter"
    )
    start = forms.ChoiceField(label="Från och med månad")
    end = forms.ChoiceField(label="Till och med månad")

    def __init__(self, *args: Any, organisation: Organisation | None, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = _month_choices(today)
        choices_of(self, "start").choices = choices
        choices_of(self, "end").choices = choices
        if organisation is None:
            del self.fields["unit"]
        else:
            model_choices_of(self, "unit").queryset = Unit.objects.filter(organisation=organisation).order_by("name")

    @staticmethod
    def _month(value: str) -> dt.date:
        return dt.date.fromisoformat(f"{value}-01")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end"):
            start, end = self._month(data["start"]), self._month(data["end"])
            if end < start:
                self.add_error("end", "Slutmånaden ligger före startmånaden.")
            else:
                data["start_month"], data["end_month"] = start, end
        return data
