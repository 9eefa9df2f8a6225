from __future__ import annotations

from typing import Any

from django import forms

from samverkan.accounts.models import Organisation
from samverkan.cases.models import Case
from samverkan.core.forms import Form, ListFilterForm, choices_of, model_choices_of
from samverkan.core.validation import PERIOD
from samverkan.domain.disclosure import CATEGORY_CATALOGUE, duty_categories
from samverkan.domain.organisations import OrganisationType
from samverkan.people.models import Person

#: The organisations a socialsekreterare asks for data (docs/domain.md §3, §9).
DISCLOSER_TYPES = (
    OrganisationType.FK,
    OrganisationType.PM,
    OrganisationType.AF,
    OrganisationType.UNEMPLOYMENT_FUND,
    OrganisationType.CSN,
    OrganisationType.TAX_AGENCY,
)
_SHORT = {
    OrganisationType.FK: "FK",
    OrganisationType.PM: "PM",
    OrganisationType.AF: "AF",
    OrganisationType.UNEMPLOYMENT_FUND: "a-kassa",
    OrganisationType.CSN: "CSN",
    OrganisationType.TAX_AGENCY: "Skatteverket",
}


class CategoriesField(forms.MultipleChoiceField):
    """Checkboxes of data categories; the gate itself checks the codes (unknown ones get its Swedish error)."""

    def valid_value(self, value: Any) -> bool:
        return True


def category_groups(selected: list[str] | None = None) -> list[dict[str, Any]]:
    """Checkbox groups for the request form: duty categories first, then those that need consent."""
    chosen = set(selected or [])
    duty_by: dict[str, list[str]] = {}
    for org_type in DISCLOSER_TYPES:
        for code in duty_categories(org_type):
            duty_by.setdefault(code, []).append(_SHORT[org_type])
    held = {code.code for code in CATEGORY_CATALOGUE if any(t in code.holders for t in DISCLOSER_TYPES)}
    duty = []
    other = []
    for cat in CATEGORY_CATALOGUE:
        if cat.code in duty_by:
            holders = ", ".join(duty_by[cat.code])
            duty.append({"code": cat.code, "label": cat.label, "hint": holders, "checked": cat.code in chosen})
        elif cat.code in held:
            other.append({"code": cat.code, "label": cat.label, "hint": "", "checked": cat.code in chosen})
    return [
        {
            "id": "duty",
            "legend": "Uppgifter som omfattas av uppgiftsskyldighet (lämnas direkt om villkoren är uppfyllda)",
            "items": duty,
        },
        {
            "id": "other",
            "legend": "Övriga uppgifter (kräver samtycke som den utlämnande organisationen själv har tagit emot)",
            "items": other,
        },
    ]


class DisclosureRequestForm(Form):
    discloser = forms.ModelChoiceField(
        label="Organisation som har uppgifterna",
        queryset=Organisation.objects.none(),
        empty_label="Välj organisation",
    )
    person = forms.ModelChoiceField(label="Person i hushållet", queryset=Person.objects.none(), empty_label=None)
    categories = CategoriesField(
        label="Uppgifter",
        error_messages={"required": "Välj minst en uppgift."},
        widget=forms.CheckboxSelectMultiple,
    )
    purpose = forms.CharField(
        label="Ändamål",
        max_length=500,
        help_text="Vad uppgifterna ska användas till. Skriv inga personnummer här.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    period_start = forms.DateField(
        label="Period från", required=False, widget=forms.DateInput(attrs={"type": "date"}), validators=[PERIOD]
    )
    period_end = forms.DateField(
        label="Period till", required=False, widget=forms.DateInput(attrs={"type": "date"}), validators=[PERIOD]
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices_of(self, "discloser").queryset = (
            Organisation.objects.filter(org_type__in=[t.value for t in DISCLOSER_TYPES])
            .exclude(pk=case.organisation_id)
            .order_by("name")
        )
        people = model_choices_of(self, "person")
        people.queryset = Person.objects.filter(case_memberships__case=case).order_by("birth_date")
        # A per-instance label, as Django's documentation shows; the stubs see a method.
        people.label_from_instance = lambda p: f"{p.full_name} ({p.identity_number})"  # type: ignore[method-assign,assignment]
        if case.subject_id:
            people.initial = case.subject_id
        self.fields["purpose"].initial = "Utredning av rätt till ekonomiskt bistånd"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if (start is None) != (end is None) and not self.has_error("period_start") and not self.has_error("period_end"):
            self.add_error(
                "period_end" if end is None else "period_start", "Ange både första och sista dag, eller ingen av dem."
            )
        return data

    @property
    def period(self) -> tuple[Any, Any] | None:
        start, end = self.cleaned_data.get("period_start"), self.cleaned_data.get("period_end")
        return (start, end) if start and end else None

    def groups(self) -> list[dict[str, Any]]:
        selected = self.data.getlist("categories") if self.is_bound else []  # type: ignore[attr-defined]  # a QueryDict; stubs: a Mapping
        return category_groups(selected)


class ReviewDecisionForm(Form):
    decision = forms.ChoiceField(
        label="Beslut",
        choices=[("approve", "Lämna ut"), ("refuse", "Lämna inte ut")],
        widget=forms.RadioSelect,
        error_messages={"required": "Välj om uppgiften ska lämnas ut eller inte."},
    )
    motivation = forms.CharField(
        label="Motivering",
        help_text="Skälen för beslutet efter din sekretessprövning. Motiveringen sparas med beslutet.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": "Skriv en motivering till beslutet."},
    )

    @property
    def approve(self) -> bool:
        return bool(self.cleaned_data["decision"] == "approve")


class RequestFilterForm(ListFilterForm):
    """The filters of "Förfrågningar" (sent by POST, shown at ``?sok=``, samverkan.core.searches): every field is
    optional and an unknown value falls back to the default."""

    DIRECTIONS = [("made", "Uppgifter vi har fått"), ("answered", "Uppgifter vi har lämnat ut")]
    WHOSE = [("mine", "Mina"), ("unit", "Min enhets"), ("all", "Hela organisationens")]
    OUTCOMES = [
        ("", "Alla utfall"),
        ("released", "Något utlämnat"),
        ("review", "Väntar på sekretessprövning"),
        ("denied", "Inget utlämnat"),
    ]

    q = forms.CharField(
        label="Sök", required=False, max_length=60, help_text="Namn, personnummer, förfrågans nummer eller diarienummer"
    )
    direction = forms.ChoiceField(label="Riktning", required=False, choices=DIRECTIONS)
    whose = forms.ChoiceField(label="Vems", required=False, choices=WHOSE)
    outcome = forms.ChoiceField(label="Utfall", required=False, choices=OUTCOMES)
    counterpart = forms.ChoiceField(label="Organisation", required=False)
    since = forms.DateField(
        label="Från och med", required=False, widget=forms.DateInput(attrs={"type": "date"}), validators=[PERIOD]
    )
    until = forms.DateField(
        label="Till och med", required=False, widget=forms.DateInput(attrs={"type": "date"}), validators=[PERIOD]
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = Organisation.objects.exclude(pk=organisation.pk).order_by("name").values_list("code", "name")
        choices_of(self, "counterpart").choices = [("", "Alla organisationer"), *others]

    def filters(self) -> dict[str, Any]:
        data = self.valid_data
        return {
            "query": data.get("q") or "",
            "direction": data.get("direction") or "made",
            "whose": data.get("whose") or "all",
            "outcome": data.get("outcome") or "",
            "counterpart": data.get("counterpart") or "",
            "since": data.get("since"),
            "until": data.get("until"),
        }


class DocumentReleaseForm(Form):
    """The disclosing official hands over a document (PDF) or a written answer for one released category."""

    title = forms.CharField(
        label="Rubrik", max_length=200, help_text="T.ex. ”Journalutdrag 2026-09-01–2026-11-15” eller ”Svar om SGI”."
    )
    file = forms.FileField(
        label="Handling (PDF)",
        required=False,
        help_text="En PDF utan lösenord och utan inbäddade filer eller skript, högst 10 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )
    answer = forms.CharField(
        label="Eller skriftligt svar",
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Skriv svaret här om ni inte lämnar en handling.",
    )


class ReviewFilterForm(ListFilterForm):
    """The filters of "Granskning" (sent by POST, shown at ``?sok=``): every field optional, unknown values ignored."""

    STATUSES = [
        ("open", "Väntar på prövning"),
        ("approved", "Utlämnade efter prövning"),
        ("refused", "Inte utlämnade efter prövning"),
        ("all", "Alla"),
    ]

    q = forms.CharField(
        label="Sök", required=False, max_length=60, help_text="Namn, personnummer, förfrågans nummer eller diarienummer"
    )
    status = forms.ChoiceField(label="Status", required=False, choices=STATUSES)
    category = forms.ChoiceField(label="Uppgift", required=False)
    counterpart = forms.ChoiceField(label="Begärd av", required=False)
    since = forms.DateField(
        label="Inkom från och med", required=False, widget=forms.DateInput(attrs={"type": "date"}), validators=[PERIOD]
    )
    until = forms.DateField(
        label="Inkom till och med", required=False, widget=forms.DateInput(attrs={"type": "date"}), validators=[PERIOD]
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = Organisation.objects.exclude(pk=organisation.pk).order_by("name").values_list("code", "name")
        choices_of(self, "counterpart").choices = [("", "Alla organisationer"), *others]
        choices_of(self, "category").choices = [
            ("", "Alla uppgifter"),
            *((c.code, c.label) for c in CATEGORY_CATALOGUE),
        ]

    def filters(self) -> dict[str, Any]:
        data = self.valid_data
        status = data.get("status") or "open"
        return {
            "query": data.get("q") or "",
            "status": "" if status == "all" else status,
            "category": data.get("category") or "",
            "counterpart": data.get("counterpart") or "",
            "since": data.get("since"),
            "until": data.get("until"),
        }
