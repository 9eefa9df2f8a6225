"""Forms of Mina sidor."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from samverkan.accounts.models import Organisation
from samverkan.consents.case_types import case_type_problem, grouped_case_type_choices
from samverkan.core.forms import Form, choices_of, model_choices_of
from samverkan.core.validation import CONSENT_END
from samverkan.domain.consent import latest_valid_to
from samverkan.people.models import Person
from samverkan.portal import selectors


class ConsentRequestForm(Form):
    """The person asks an agency to register a consent (the agency then confirms it itself)."""

    discloser = forms.ModelChoiceField(
        label="Vem ska lämna ut uppgifterna?",
        queryset=Organisation.objects.none(),
        empty_label="Välj organisation",
        help_text="Den organisation som har uppgifterna. Den kontrollerar själv ditt samtycke innan den lämnar ut något.",
        error_messages={
            "required": "Välj vem som ska lämna ut uppgifterna.",
            "invalid_choice": "Välj en organisation i listan.",
        },
    )
    recipient = forms.ModelChoiceField(
        label="Vem ska få uppgifterna?",
        queryset=Organisation.objects.none(),
        empty_label="Välj organisation",
        error_messages={
            "required": "Välj vem som ska få uppgifterna.",
            "invalid_choice": "Välj en organisation i listan.",
        },
    )
    categories = forms.MultipleChoiceField(
        label="Vilka uppgifter gäller samtycket?",
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Välj minst en uppgift.", "invalid_choice": "Välj uppgifter i listan."},
    )
    case_type = forms.ChoiceField(
        label="I vilket slags ärende hos mottagaren?",
        help_text="Samtycket gäller bara när mottagaren använder uppgifterna i ett sådant ärende.",
        error_messages={
            "required": "Välj i vilket slags ärende hos mottagaren uppgifterna ska användas.",
            "invalid_choice": "Välj ett slags ärende i listan.",
        },
    )
    purpose = forms.CharField(
        label="Vad ska uppgifterna användas till?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Till exempel ”samordning av min rehabilitering” eller ”utredning av rätt till ekonomiskt bistånd”.",
        error_messages={"required": "Skriv vad uppgifterna ska användas till."},
    )
    valid_to = forms.DateField(
        label="Samtycket gäller till och med",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Högst 12 månader. Skriv ÅÅÅÅ-MM-DD.",
        validators=[CONSENT_END],
        error_messages={
            "required": "Ange till och med vilken dag samtycket ska gälla.",
            "invalid": "Skriv datumet som ÅÅÅÅ-MM-DD.",
        },
    )

    def __init__(self, *args: Any, person: Person, on: dt.date, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"valid_to": latest_valid_to(on)})
        super().__init__(*args, **kwargs)
        disclosers = selectors.consent_disclosers_for(person)
        recipients = selectors.consent_recipients()
        model_choices_of(self, "discloser").queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in disclosers]
        ).order_by("name")
        model_choices_of(self, "recipient").queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in recipients]
        ).order_by("name")
        choices_of(self, "categories").choices = selectors.requestable_categories()
        choices_of(self, "case_type").choices = [
            ("", "Välj slags ärende"),
            *grouped_case_type_choices(o.org_type for o in recipients),
        ]
        for name, field in self.fields.items():
            described = [f"id_{name}-hint"] if field.help_text else []
            if self.is_bound and name in self.errors:
                described.append(f"id_{name}-error")
            if described and name != "categories":
                field.widget.attrs["aria-describedby"] = " ".join(described)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        discloser: Organisation | None = data.get("discloser")
        recipient: Organisation | None = data.get("recipient")
        categories: list[str] = data.get("categories") or []
        if discloser is not None and recipient is not None and discloser.pk == recipient.pk:
            self.add_error("recipient", "Välj en annan organisation än den som ska lämna ut uppgifterna.")
        kind = data.get("case_type")
        if recipient is not None and kind:
            problem = case_type_problem(recipient.org_type, recipient.name, kind)
            if problem is not None:
                self.add_error("case_type", problem)
        if discloser is not None and categories:
            kept = selectors.categories_kept_by(discloser)
            missing = [selectors.category_label(c) for c in categories if c not in kept]
            if missing:
                self.add_error(
                    "categories",
                    f"{discloser.name} har inte de här uppgifterna: {', '.join(missing)}. Välj bara uppgifter som "
                    f"{discloser.name} har.",
                )
        return data


class PortalPolicyForm(Form):
    show_official_names = forms.BooleanField(
        label="Visa handläggarens namn för personen i ”Vem har sett mina uppgifter”",
        required=False,
    )
