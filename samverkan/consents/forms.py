from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from samverkan.accounts.models import Organisation, User
from samverkan.consents.case_types import case_type_problem, grouped_case_type_choices
from samverkan.consents.models import Consent
from samverkan.core.clock import today
from samverkan.core.forms import Form, choices_of, model_choices_of
from samverkan.core.validation import CONSENT_END, CONSENT_START, HAPPENED
from samverkan.disclosures.forms import CategoriesField
from samverkan.domain.consent import add_months
from samverkan.domain.disclosure import CATEGORY_CATALOGUE
from samverkan.domain.organisations import INTEGRATION_ONLY_TYPES, OrganisationType

_DATE = forms.DateInput(attrs={"type": "date"})


def consent_category_choices(organisation: Organisation) -> list[tuple[str, str]]:
    """The categories the organisation keeps, in catalogue order."""
    return [(c.code, c.label) for c in CATEGORY_CATALOGUE if organisation.type in c.holders]


class ConsentForm(Form):
    identity_number = forms.CharField(
        label="Personnummer eller samordningsnummer",
        max_length=15,
        help_text="ÅÅÅÅMMDD-NNNN. Personen ska ha ett ärende hos er.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    recipient = forms.ModelChoiceField(
        label="Uppgifterna får lämnas till", queryset=Organisation.objects.none(), empty_label="Välj mottagare"
    )
    categories = CategoriesField(
        label="Uppgifter som samtycket gäller",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Välj minst en uppgift. Ett samtycke till ”allt” är inte giltigt."},
    )
    case_type = forms.ChoiceField(
        label="Gäller ärende om",
        help_text="Vilket slags ärende hos mottagaren uppgifterna får användas i. Samtycket gäller bara för "
        "begäranden i ett sådant ärende.",
        error_messages={
            "required": "Ange vilket slags ärende hos mottagaren samtycket gäller.",
            "invalid_choice": "Välj ett slags ärende i listan.",
        },
    )
    purpose = forms.CharField(
        label="Ändamål",
        max_length=500,
        help_text="Vad uppgifterna får användas till, t.ex. ”samordning av rehabilitering”.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    valid_from = forms.DateField(label="Gäller från", widget=_DATE, validators=[CONSENT_START])
    valid_to = forms.DateField(
        label="Gäller till och med", widget=_DATE, help_text="Högst 12 månader.", validators=[CONSENT_END]
    )
    form = forms.ChoiceField(
        label="Form", choices=Consent.Form.choices, widget=forms.RadioSelect, initial=Consent.Form.WRITTEN
    )
    taken_by_name = forms.CharField(
        label="Togs emot av", max_length=200, required=False, help_text="Krävs för ett muntligt samtycke."
    )
    taken_on = forms.DateField(
        label="Lämnades den",
        required=False,
        widget=_DATE,
        help_text="Krävs för ett muntligt samtycke.",
        validators=[HAPPENED],
    )
    guardians_total = forms.IntegerField(
        label="Antal vårdnadshavare",
        required=False,
        min_value=0,
        max_value=2,
        help_text="Bara när personen är ett barn.",
    )
    guardians_consenting = forms.CharField(
        label="Vårdnadshavare som har samtyckt",
        required=False,
        max_length=500,
        help_text="En per rad. Alla vårdnadshavare måste samtycka.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    given_by = forms.ChoiceField(
        label="Samtycket lämnades av",
        choices=Consent.GivenBy.choices,
        widget=forms.RadioSelect,
        initial=Consent.GivenBy.PERSON,
        required=False,
        help_text="För ett barn under 15 år lämnar vårdnadshavarna samtycket. Från 15 år behövs barnets eget "
        "samtycke (12 kap. 3 § offentlighets- och sekretesslagen).",
    )
    child_view = forms.CharField(
        label="Barnets inställning",
        required=False,
        max_length=2000,
        help_text="Krävs när barnet är 12–14 år: vad barnet sade om att uppgifterna lämnas ut.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    child_agrees = forms.TypedChoiceField(
        label="Samtycker barnet?",
        required=False,
        choices=[("", "Inte angivet"), ("yes", "Ja"), ("no", "Nej")],
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
        help_text="Krävs när barnet är 12–14 år.",
    )

    def __init__(self, *args: Any, organisation: Organisation, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        recipients = (
            Organisation.objects.exclude(pk=organisation.pk)
            .exclude(org_type=OrganisationType.FINSAM.value)
            # CSN and Skatteverket reach Samverkan by system integration only: nobody there receives data.
            .exclude(org_type__in=[t.value for t in INTEGRATION_ONLY_TYPES])
            .order_by("name")
        )
        model_choices_of(self, "recipient").queryset = recipients
        choices_of(self, "case_type").choices = [
            ("", "Välj slags ärende"),
            *grouped_case_type_choices(recipients.values_list("org_type", flat=True)),
        ]
        choices_of(self, "categories").choices = consent_category_choices(organisation)
        start = today()
        self.fields["valid_from"].initial = start
        self.fields["valid_to"].initial = add_months(start, 6) - dt.timedelta(days=1)
        self.fields["taken_by_name"].initial = user.get_full_name()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        recipient: Organisation | None = data.get("recipient")
        kind = data.get("case_type")
        if recipient is not None and kind:
            problem = case_type_problem(recipient.org_type, recipient.name, kind)
            if problem is not None:
                self.add_error("case_type", problem)
        return data

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "recipient": data["recipient"],
            "case_type": data["case_type"],
            "categories": data["categories"],
            "purpose": data["purpose"],
            "valid_from": data["valid_from"],
            "valid_to": data["valid_to"],
            "form": data["form"],
            "taken_by_name": data["taken_by_name"],
            "taken_on": data["taken_on"],
            "guardians_total": data["guardians_total"] or 0,
            "guardians_consenting": [g for g in (data["guardians_consenting"] or "").splitlines() if g.strip()],
            "given_by": data["given_by"] or Consent.GivenBy.PERSON,
            "child_view": data["child_view"] or "",
            "child_agrees": data["child_agrees"],
        }


class ConsentWithdrawForm(Form):
    withdrawn_on = forms.DateField(
        label="Återkallat den", widget=_DATE, required=False, help_text="Tomt: i dag.", validators=[CONSENT_START]
    )


class ConsentConfirmForm(Form):
    form = forms.ChoiceField(
        label="Form", choices=Consent.Form.choices, widget=forms.RadioSelect, initial=Consent.Form.WRITTEN
    )
    taken_on = forms.DateField(label="Samtycket kontrollerades den", widget=_DATE, validators=[HAPPENED])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["taken_on"].initial = today()


class ConsentRejectForm(Form):
    reason = forms.CharField(label="Skäl", widget=forms.Textarea(attrs={"rows": 2}), max_length=500)
