"""Forms of the organisation's own administration of its officials (:mod:`samverkan.accounts.officials`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator

from samverkan.accounts.models import ROLE_CHOICES, Organisation, Unit
from samverkan.accounts.officials import role_refusal, units_of
from samverkan.core.forms import Form, model_choices_of
from samverkan.domain.organisations import Role, role_allowed_at


class OfficialForm(Form):
    """An official's unit and roles. Only the roles that exist at the organisation's type are offered; another
    one sent anyway is refused with the reason."""

    unit = forms.ModelChoiceField(label="Enhet", queryset=Unit.objects.none(), empty_label="Välj enhet")
    roles = forms.MultipleChoiceField(
        label="Roller",
        choices=ROLE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Välj minst en roll."},
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        model_choices_of(self, "unit").queryset = units_of(organisation)
        # Validation knows every role (to name the refused one); the page offers only those that exist here.
        self.fields["roles"].widget.choices = [
            (value, label) for value, label in ROLE_CHOICES if role_allowed_at(Role(value), organisation.type)
        ]

    def clean_roles(self) -> list[str]:
        roles: list[str] = self.cleaned_data["roles"]
        for value in roles:
            if (reason := role_refusal(Role(value), self.organisation)) is not None:
                raise forms.ValidationError(reason)
        return roles


class NewOfficialForm(OfficialForm):
    username = forms.CharField(
        label="Användarnamn",
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text="Till exempel fornamn.efternamn. Bokstäver, siffror och @ . + - _",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    first_name = forms.CharField(label="Förnamn", max_length=150)
    last_name = forms.CharField(label="Efternamn", max_length=150)
    email = forms.EmailField(label="E-post", required=False, max_length=254)
    password = forms.CharField(
        label="Första lösenord",
        max_length=128,
        strip=False,
        help_text="Minst 12 tecken, inte ett vanligt lösenord och inte likt namnet eller användarnamnet.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    field_order = ["username", "first_name", "last_name", "email", "unit", "roles", "password"]
