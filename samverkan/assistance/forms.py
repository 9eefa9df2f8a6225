"""Forms of ekonomiskt bistånd. They only parse input; the services validate the rules.

Amounts are :class:`~samverkan.core.forms.MoneyField`: the Swedish form ("8 000,50") is accepted,
and a negative amount or one larger than its column holds is refused with a Swedish message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, cast

from django import forms

from samverkan.assistance.models import (
    BENEFIT_CHOICES,
    Application,
    ApplicationMember,
    CostKind,
    DeclaredIncome,
    IncomeKind,
    IncomeSource,
    PaymentKind,
)
from samverkan.core.clock import today
from samverkan.core.forms import Form, MoneyField, choices_of
from samverkan.core.validation import ASSISTANCE_MONTH, CONTROL_MONTH, HAPPENED_ADMINISTRATIVE, PLANNED
from samverkan.domain.dates import ADULT_AGE, age_on

AMOUNT_HINT = "Kronor, t.ex. 8 000 eller 8000,50."


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _amount_field(label: str, *, required: bool = True, help_text: str = AMOUNT_HINT) -> MoneyField:
    # Every amount column of ekonomiskt bistånd is DecimalField(max_digits=12, decimal_places=2).
    return MoneyField(
        label=label, required=required, help_text=help_text, model_field=DeclaredIncome._meta.get_field("amount")
    )


def member_choices(members: Sequence[tuple[int, str]]) -> list[tuple[str, str]]:
    return [(str(pk), label) for pk, label in members]


class ApplicationForm(Form):
    month = forms.DateField(
        label="Månad som ansökan gäller",
        help_text="ÅÅÅÅ-MM, t.ex. 2026-11.",
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        validators=[ASSISTANCE_MONTH],
    )
    received_on = forms.DateField(label="Ansökan kom in", widget=_date_widget(), validators=[HAPPENED_ADMINISTRATIVE])
    applied_amount = _amount_field("Sökt belopp", required=False)
    note = forms.CharField(
        label="Anteckning", widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["month"].initial = today().replace(day=1)
        self.fields["received_on"].initial = today()


class IncomeRowForm(Form):
    """One declared income (a row of the application form; a blank row is ignored)."""

    person = forms.ChoiceField(label="Avser")
    kind = forms.ChoiceField(label="Slag av inkomst", choices=IncomeKind.choices)
    source = forms.ChoiceField(
        label="Utbetalare",
        choices=[("", "Den vanliga för slaget"), *IncomeSource.choices],
        required=False,
    )
    amount = _amount_field("Belopp")
    received_on = forms.DateField(
        label="Utbetald", widget=_date_widget(), required=False, validators=[HAPPENED_ADMINISTRATIVE]
    )
    description = forms.CharField(label="Beskrivning", max_length=200, required=False)

    def __init__(self, *args: Any, members: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices_of(self, "person").choices = member_choices(members)

    def has_changed(self) -> bool:
        # A row counts as filled in only when an amount was typed (the selects always have a value).
        return bool((self.data.get(self.add_prefix("amount")) or "").strip()) if self.is_bound else False


class CostRowForm(Form):
    kind = forms.ChoiceField(label="Slag av kostnad", choices=CostKind.choices)
    amount = _amount_field("Belopp")
    description = forms.CharField(label="Beskrivning", max_length=200, required=False)

    def has_changed(self) -> bool:
        return bool((self.data.get(self.add_prefix("amount")) or "").strip()) if self.is_bound else False


class RowFormSet(forms.BaseFormSet[forms.Form]):
    def __init__(self, *args: Any, members: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        self.members = members
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        kwargs = super().get_form_kwargs(index)
        if self.form is IncomeRowForm:
            kwargs["members"] = self.members
        return kwargs

    def filled(self) -> list[tuple[int, forms.Form]]:
        """The rows filled in, with their index in the formset."""
        return [(i, f) for i, f in enumerate(self.forms) if f.has_changed() and f.is_valid()]


IncomeFormSet = cast(
    type[RowFormSet], forms.formset_factory(IncomeRowForm, formset=RowFormSet, extra=3, max_num=20, validate_max=True)
)
CostFormSet = cast(
    type[RowFormSet], forms.formset_factory(CostRowForm, formset=RowFormSet, extra=3, max_num=20, validate_max=True)
)


def _adult(member: ApplicationMember, on: dt.date) -> bool:
    birth = member.person.birth_date
    return birth is None or age_on(birth, on) >= ADULT_AGE


class AssessmentForm(Form):
    """The case worker's assessment of each adult member's work capacity."""

    CHOICES = [("", "Inte bedömd"), ("yes", "Arbetsför"), ("no", "Inte arbetsför")]

    def __init__(
        self, *args: Any, members: Sequence[ApplicationMember] = (), on: dt.date | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # Only adults are assessed: a child's work capacity is never asked for (the members under 18 on ``on``).
        self.members = [m for m in members if on is None or _adult(m, on)]
        for member in self.members:
            initial = {True: "yes", False: "no", None: ""}[member.able_to_work]
            self.fields[f"able_{member.person_id}"] = forms.ChoiceField(
                label=f"{member.person.full_name}", choices=self.CHOICES, required=False, initial=initial
            )

    def assessments(self) -> dict[int, bool | None]:
        values = {"yes": True, "no": False, "": None}
        return {m.person_id: values[self.cleaned_data.get(f"able_{m.person_id}", "")] for m in self.members}


class DecisionForm(Form):
    decision = forms.ChoiceField(label="Beslut", choices=Application.Decision.choices, widget=forms.RadioSelect)
    granted_amount = _amount_field("Beviljat belopp", required=False, help_text="Kronor. Lämnas tomt vid avslag.")
    decided_on = forms.DateField(label="Beslutsdatum", widget=_date_widget(), validators=[HAPPENED_ADMINISTRATIVE])
    motivation = forms.CharField(
        label="Motivering",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
        help_text="Krävs vid avslag och delvis bifall.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = today()


class PaymentForm(Form):
    recipient = forms.ChoiceField(label="Mottagare")
    kind = forms.ChoiceField(label="Slag av bistånd", choices=PaymentKind.choices)
    amount = _amount_field("Belopp")
    period_start = forms.DateField(label="Avser från", widget=_date_widget(), validators=[PLANNED])
    period_end = forms.DateField(label="Avser till", widget=_date_widget(), validators=[PLANNED])
    paid_on = forms.DateField(label="Utbetalningsdag", widget=_date_widget(), validators=[PLANNED])
    advance_benefit = forms.ChoiceField(
        label="Förskott i avvaktan på förmån",
        choices=[("", "Inget förskott"), *BENEFIT_CHOICES],
        required=False,
        help_text="Välj förmånen om biståndet ges i väntan på ett beslut från Försäkringskassan eller Pensionsmyndigheten.",
    )
    advance_written_notice = forms.BooleanField(
        label="Det skriftliga beslutet anger att förskottet ska betalas tillbaka", required=False
    )

    def __init__(
        self,
        *args: Any,
        members: Sequence[tuple[int, str]] = (),
        month: dt.date | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices_of(self, "recipient").choices = member_choices(members)
        if month is not None:
            from samverkan.assistance.inputs import month_end

            self.fields["period_start"].initial = month
            self.fields["period_end"].initial = month_end(month)
        self.fields["paid_on"].initial = today()


class RepaymentForm(Form):
    payment = forms.ChoiceField(label="Utbetalning som betalas tillbaka")
    amount = _amount_field("Återbetalt belopp")
    repaid_on = forms.DateField(label="Återbetald", widget=_date_widget(), validators=[HAPPENED_ADMINISTRATIVE])
    note = forms.CharField(label="Anteckning", max_length=200, required=False)

    def __init__(self, *args: Any, payments: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices_of(self, "payment").choices = [("", "Välj utbetalning"), *payments]
        self.fields["repaid_on"].initial = today()


class ControlRunForm(Form):
    month = forms.DateField(
        label="Månad",
        help_text="ÅÅÅÅ-MM",
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        validators=[CONTROL_MONTH],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["month"].initial = today().replace(day=1)
