from __future__ import annotations

from django import forms

from samverkan.core.forms import Form


class EmailPreferenceForm(Form):
    email = forms.BooleanField(
        label="Mejla mig när något nytt kommer",
        required=False,
        help_text="Mejlet säger bara att det finns något nytt och länkar hit; det innehåller inga uppgifter om "
        "enskilda.",
    )
