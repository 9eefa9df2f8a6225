from __future__ import annotations

from typing import Any

from django import forms

from samverkan.accounts.models import Organisation, Unit, User
from samverkan.cases.models import CaseMember
from samverkan.core.clock import today
from samverkan.core.forms import Form, choices_of, model_choices_of
from samverkan.core.validation import HAPPENED
from samverkan.domain.organisations import CASE_TYPES_BY_ORGANISATION_TYPE


class CaseFilterForm(Form):
    """The filters of the case list (sent by POST, shown at ``?sok=``): every field optional; an unknown value falls
    back to the default."""

    q = forms.CharField(label="Sök", required=False, max_length=60, help_text="Diarienummer, namn eller personnummer")
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("active", "Aktuella"), ("closed", "Avslutade"), ("cancelled", "Makulerade"), ("all", "Alla")],
    )
    mine = forms.BooleanField(label="Bara ärenden där jag är ansvarig", required=False)
    case_type = forms.ChoiceField(label="Ärendetyp", required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices_of(self, "case_type").choices = [
            ("", "Alla typer"),
            *((t.value, t.label) for t in sorted(CASE_TYPES_BY_ORGANISATION_TYPE[organisation.type])),
        ]

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            "query": data.get("q") or "",
            "status": data.get("status") or "active",
            "mine": bool(data.get("mine")),
            "case_type": data.get("case_type") or "",
        }


class CaseCreateForm(Form):
    subject_identity_number = forms.CharField(
        label="Personnummer eller samordningsnummer",
        max_length=15,
        help_text="ÅÅÅÅMMDD-NNNN eller ÅÅMMDD-NNNN",
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    case_type = forms.ChoiceField(label="Ärendetyp")
    unit = forms.ModelChoiceField(label="Enhet", queryset=Unit.objects.none())
    responsible = forms.ModelChoiceField(label="Ansvarig handläggare", queryset=User.objects.none(), required=False)
    opened_on = forms.DateField(label="Öppnat", widget=forms.DateInput(attrs={"type": "date"}), validators=[HAPPENED])
    summary = forms.CharField(
        label="Kort beskrivning", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices_of(self, "case_type").choices = [
            (t.value, t.label) for t in sorted(CASE_TYPES_BY_ORGANISATION_TYPE[organisation.type])
        ]
        model_choices_of(self, "unit").queryset = Unit.objects.filter(organisation=organisation)
        model_choices_of(self, "responsible").queryset = User.objects.filter(
            unit__organisation=organisation, is_active=True
        ).order_by("last_name")
        self.fields["opened_on"].initial = today()


class CaseMemberForm(Form):
    identity_number = forms.CharField(label="Personnummer eller samordningsnummer", max_length=15)
    relation = forms.ChoiceField(
        label="Relation",
        choices=[c for c in CaseMember.Relation.choices if c[0] != CaseMember.Relation.APPLICANT],
    )


class CaseCloseForm(Form):
    closed_on = forms.DateField(label="Avslutas", widget=forms.DateInput(attrs={"type": "date"}), validators=[HAPPENED])


class PersonSearchForm(Form):
    q = forms.CharField(label="Sök person (namn eller personnummer)", max_length=100, required=False)


class JournalNoteForm(Form):
    text = forms.CharField(
        label="Anteckning",
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Vad som har hänt i ärendet, vad du har gjort och vad ett beslut grundas på.",
        error_messages={"required": "Skriv en anteckning."},
    )


class ReasonForm(Form):
    """A makulering's reason (of a case or a journal entry)."""

    reason = forms.CharField(
        label="Skäl",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Skriv skälet till makuleringen."},
    )
