from __future__ import annotations

from typing import Any

from django import forms

from samverkan.cases.models import Case
from samverkan.core.clock import today
from samverkan.core.forms import Form, ListFilterForm, MoneyField, choices_of, model_choices_of
from samverkan.core.validation import HAPPENED, PERIOD
from samverkan.domain.reclaim import BENEFITS
from samverkan.people.models import Person
from samverkan.reclaims import selectors
from samverkan.reclaims.models import Reclaim

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PendingBenefitForm(Form):
    person = forms.ModelChoiceField(label="Person i hushållet", queryset=Person.objects.none())
    benefit = forms.ChoiceField(
        label="Förmån som väntas",
        help_text="Barnbidrag, assistansersättning, aktivitetsstöd, etableringsersättning och utvecklingsersättning "
        "kan aldrig betalas ut till socialnämnden (SFB 107 kap. 5 §).",
    )
    agency = forms.ModelChoiceField(label="Myndighet som beslutar", queryset=selectors.agencies())
    applied_on = forms.DateField(label="Ansökt hos myndigheten", widget=DATE, validators=[HAPPENED])
    note = forms.CharField(
        label="Anteckning", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices_of(self, "person").queryset = Person.objects.filter(case_memberships__case=case)
        self.fields["person"].initial = self.initial.get("person", case.subject_id)
        choices_of(self, "benefit").choices = [(code, b.name.capitalize()) for code, b in BENEFITS.items()]
        self.fields["applied_on"].initial = today()
        benefit = BENEFITS.get(str(self.initial.get("benefit", "")))
        if benefit is not None and "agency" not in self.initial:
            self.initial["agency"] = selectors.agencies().filter(org_type=benefit.decided_by[0].value).first()


class SendForm(Form):
    """Nothing to fill in: the request is sent as computed. A form so the POST is CSRF-checked."""

    confirm = forms.BooleanField(
        label="Jag har kontrollerat beräkningen och vill skicka begäran", required=True, initial=False
    )


class SettleForm(Form):
    to_social_services = MoneyField(
        label="Utbetalt till socialnämnden (kr)", model_field=Reclaim._meta.get_field("paid_to_social_services")
    )
    to_person = MoneyField(label="Utbetalt till personen (kr)", model_field=Reclaim._meta.get_field("paid_to_person"))
    settled_on = forms.DateField(label="Beslutsdag", widget=DATE, validators=[HAPPENED])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["settled_on"].initial = today()


class RefuseForm(Form):
    reason = forms.CharField(
        label="Skäl för avslag",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Socialnämnden och personen får veta skälet.",
    )
    refused_on = forms.DateField(label="Beslutsdag", widget=DATE, validators=[HAPPENED])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["refused_on"].initial = today()


class ReclaimFilterForm(ListFilterForm):
    """The filters of the återsökning lists (sent by POST, shown at ``?sok=``): every field optional."""

    WHOSE = [("all", "Hela organisationens"), ("mine", "Mina ärenden")]

    q = forms.CharField(
        label="Sök", required=False, max_length=60, help_text="Namn, personnummer, återsökningens eller ärendets nummer"
    )
    status = forms.ChoiceField(label="Status", required=False)
    whose = forms.ChoiceField(label="Vems", required=False, choices=WHOSE)
    counterpart = forms.ChoiceField(label="Organisation", required=False)
    since = forms.DateField(label="Senast från och med", required=False, widget=DATE, validators=[PERIOD])
    until = forms.DateField(label="Senast till och med", required=False, widget=DATE, validators=[PERIOD])

    def __init__(self, *args: Any, counterparts: list[tuple[str, str]], statuses: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices_of(self, "status").choices = [("", "Alla"), *statuses]
        choices_of(self, "counterpart").choices = [("", "Alla"), *counterparts]

    def filters(self) -> dict[str, Any]:
        data = self.valid_data
        return {
            "query": data.get("q") or "",
            "status": data.get("status") or "",
            "whose": data.get("whose") or "all",
            "counterpart": data.get("counterpart") or "",
            "since": data.get("since"),
            "until": data.get("until"),
        }
