"""Forms for the employer's plan for return to work and for an actor's request for an avstämningsmöte:
input shape only; the rules are in :mod:`samverkan.rehab.employer_plans`, the services and the domain."""

from __future__ import annotations

from typing import Any

from django import forms

from samverkan.core.clock import today
from samverkan.core.forms import Form
from samverkan.core.validation import CONSENT_END, CONSENT_START, HAPPENED, PLANNED
from samverkan.domain.consent import latest_valid_to
from samverkan.domain.return_to_work import MAX_EXPECTED_DAYS
from samverkan.domain.statutes import SFB_30_10
from samverkan.rehab.employer_plans import MeasureInput
from samverkan.rehab.forms import DATE, MeetingRequestForm
from samverkan.rehab.models import EmployerPlanVersion

#: Measure rows offered by the form (empty rows are left out).
FORM_ROWS = 5


class EmployerFactsForm(Form):
    sick_leave_start = forms.DateField(label="Första sjukdagen", widget=DATE, validators=[HAPPENED])
    expected_days = forms.IntegerField(
        label="Hur många dagar väntas arbetsförmågan vara nedsatt?",
        min_value=0,
        max_value=MAX_EXPECTED_DAYS,
        required=False,
        help_text="Räknat från första sjukdagen, enligt läkarintyget eller er bedömning. Lämna tomt om det inte är "
        "bedömt. Väntas det minst 60 dagar ska planen finnas senast dag 30 (30 kap. 6 § socialförsäkringsbalken).",
    )


class EmployerPlanVersionForm(Form):
    expected_return_on = forms.DateField(
        label="Väntad återgång i arbete", widget=DATE, required=False, validators=[PLANNED]
    )
    adjustments = forms.CharField(
        label="Anpassningar",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
        help_text="Till exempel anpassade arbetsuppgifter, arbetstider, hjälpmedel eller arbetsplats.",
    )
    contact_person = forms.CharField(
        label="Kontaktperson hos arbetsgivaren", max_length=200, help_text="Namn och telefonnummer."
    )
    change_note = forms.CharField(
        label="Vad har ändrats sedan förra versionen?",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args: Any, latest: EmployerPlanVersion | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rows = list(latest.measures.all()) if latest is not None else []
        for index in range(1, FORM_ROWS + 1):
            row = rows[index - 1] if index <= len(rows) else None
            self.fields[f"measure_{index}_what"] = forms.CharField(
                label=f"Åtgärd {index}: vad", max_length=2000, required=False, initial=row.what if row else ""
            )
            self.fields[f"measure_{index}_who"] = forms.CharField(
                label=f"Åtgärd {index}: vem ansvarar", max_length=200, required=False, initial=row.who if row else ""
            )
            self.fields[f"measure_{index}_starts_on"] = forms.DateField(
                label=f"Åtgärd {index}: från",
                widget=DATE,
                required=False,
                validators=[PLANNED],
                initial=row.starts_on if row else None,
            )
            self.fields[f"measure_{index}_ends_on"] = forms.DateField(
                label=f"Åtgärd {index}: till",
                widget=DATE,
                required=False,
                validators=[PLANNED],
                initial=row.ends_on if row else None,
            )
        if latest is not None:
            self.fields["expected_return_on"].initial = latest.expected_return_on
            self.fields["adjustments"].initial = latest.adjustments
            self.fields["contact_person"].initial = latest.contact_person
        else:
            del self.fields["change_note"]
        order = [f"measure_{i}_{p}" for i in range(1, FORM_ROWS + 1) for p in ("what", "who", "starts_on", "ends_on")]
        self.order_fields([*order, "expected_return_on", "adjustments", "contact_person", "change_note"])

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "measures": [
                MeasureInput(
                    what=data.get(f"measure_{i}_what") or "",
                    who=data.get(f"measure_{i}_who") or "",
                    starts_on=data.get(f"measure_{i}_starts_on"),
                    ends_on=data.get(f"measure_{i}_ends_on"),
                )
                for i in range(1, FORM_ROWS + 1)
            ],
            "expected_return_on": data.get("expected_return_on"),
            "adjustments": data.get("adjustments") or "",
            "contact_person": data.get("contact_person") or "",
            "change_note": data.get("change_note") or "",
        }


class EmployerConsentForm(Form):
    valid_from = forms.DateField(label="Gäller från", widget=DATE, validators=[CONSENT_START])
    valid_to = forms.DateField(
        label="Gäller till och med", widget=DATE, help_text="Högst tolv månader.", validators=[CONSENT_END]
    )
    form = forms.ChoiceField(
        label="Form",
        choices=[("written", "Skriftligt"), ("oral", "Muntligt")],
        initial="written",
        help_text="Planen rör arbetstagarens hälsa och rehabilitering: samtycket ska vara skriftligt.",
    )
    taken_by_name = forms.CharField(label="Samtycket togs emot av", max_length=200, required=False)
    taken_on = forms.DateField(label="Samtycket lämnades den", widget=DATE, required=False, validators=[HAPPENED])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        day = today()
        self.fields["valid_from"].initial = day
        self.fields["valid_to"].initial = latest_valid_to(day)
        self.fields["taken_on"].initial = day


class ActorMeetingRequestForm(MeetingRequestForm):
    patient_consented = forms.BooleanField(
        label="Den försäkrade samtycker till att vi begär ett avstämningsmöte hos Försäkringskassan "
        f"({SFB_30_10.text})",
        required=False,
    )
