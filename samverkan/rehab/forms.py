"""Forms for rehabilitation coordination: input shape only; the rules are in the services and the domain."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django import forms

from samverkan.accounts.models import Organisation, Unit, User
from samverkan.core.clock import today
from samverkan.core.forms import Form, ListFilterForm, choices_of, model_choices_of
from samverkan.core.validation import (
    CONSENT_END,
    CONSENT_START,
    HAPPENED,
    HAPPENED_ADMINISTRATIVE,
    PERIOD,
    PLANNED,
)
from samverkan.domain.consent import latest_valid_to
from samverkan.domain.organisations import OrganisationType, Role
from samverkan.domain.rehab import SEED_004_SOURCE, MeasureStatus, NeedArea, ReducibleBenefit
from samverkan.domain.statutes import SFB_30_10
from samverkan.rehab.actors import ACTOR_ORGANISATION_TYPES, REHAB_CONSENT_CATEGORIES
from samverkan.rehab.models import CareCoordinationStatus, NeedAssessment, PlanMeasure, RehabCoordination, ReviewMeeting

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
YES_NO = [("no", "Nej"), ("yes", "Ja")]

_PARTY_CHOICES = [
    ("fk", "Försäkringskassan"),
    ("healthcare", "Hälso- och sjukvården"),
    ("af", "Arbetsförmedlingen"),
    ("employer", "Arbetsgivaren"),
    ("social_services", "Socialtjänsten"),
]


if TYPE_CHECKING:  # django-stubs makes the field generic; Django's class is not subscriptable at run time
    _ModelChoiceField = forms.ModelChoiceField[Organisation]
else:
    _ModelChoiceField = forms.ModelChoiceField


class _OrganisationChoiceField(_ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.type.label})"


def _actor_organisations() -> Any:
    return Organisation.objects.filter(org_type__in=ACTOR_ORGANISATION_TYPES).order_by("org_type", "name")


def _yes(value: str) -> bool:
    return value == "yes"


class CoordinationFactsMixin(Form):
    sick_leave_start = forms.DateField(
        label="Sjukskrivningen började",
        widget=DATE,
        required=False,
        help_text="Lämna tomt om personen inte är sjukskriven.",
        validators=[HAPPENED],
    )
    has_employer = forms.TypedChoiceField(label="Har personen en arbetsgivare?", choices=YES_NO, coerce=_yes)
    employer = _OrganisationChoiceField(
        label="Arbetsgivare",
        queryset=Organisation.objects.filter(org_type=OrganisationType.EMPLOYER.value).order_by("name"),
        required=False,
        help_text="Om arbetsgivaren finns i Samverkan.",
    )
    has_sgi = forms.TypedChoiceField(
        label="Har personen sjukpenninggrundande inkomst (SGI)?", choices=YES_NO, coerce=_yes
    )
    work_capacity_reduced = forms.TypedChoiceField(
        label="Är arbetsförmågan nedsatt på grund av sjukdom?",
        choices=YES_NO,
        coerce=_yes,
        help_text="Förutsättningen för samordning – även för den som saknar SGI och inte kan få sjukpenning "
        "(30 kap. 8–9 §§ socialförsäkringsbalken).",
    )
    work_capacity_note = forms.CharField(
        label="Om arbetsförmågan", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )
    responsible = forms.ModelChoiceField(
        label="Ansvarig handläggare på Försäkringskassan", queryset=User.objects.none()
    )

    def _set_responsible(self, organisation: Organisation) -> None:
        model_choices_of(self, "responsible").queryset = (
            User.objects.filter(
                unit__organisation=organisation,
                is_active=True,
                role_assignments__role__in=[Role.INSURANCE_INVESTIGATOR.value, Role.PERSONAL_CASE_OFFICER.value],
            )
            .distinct()
            .order_by("last_name", "first_name")
        )


class CoordinationOpenForm(CoordinationFactsMixin):
    person_identity_number = forms.CharField(
        label="Den försäkrades personnummer eller samordningsnummer",
        max_length=15,
        help_text="ÅÅÅÅMMDD-NNNN eller ÅÅMMDD-NNNN",
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    origin = forms.ChoiceField(label="Hur inleddes ärendet?", choices=RehabCoordination.Origin.choices)
    impulse_from = _OrganisationChoiceField(
        label="Impuls från vårdgivare",
        queryset=Organisation.objects.filter(org_type=OrganisationType.HEALTHCARE.value).order_by("name"),
        required=False,
    )
    application_date = forms.DateField(
        label="Ansökan eller impulsen kom in", widget=DATE, validators=[HAPPENED_ADMINISTRATIVE]
    )
    unit = forms.ModelChoiceField(label="Enhet", queryset=Unit.objects.none())

    field_order = [
        "person_identity_number",
        "origin",
        "impulse_from",
        "application_date",
        "sick_leave_start",
        "has_employer",
        "employer",
        "has_sgi",
        "work_capacity_reduced",
        "work_capacity_note",
        "unit",
        "responsible",
    ]

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices_of(self, "unit").queryset = Unit.objects.filter(organisation=organisation)
        self._set_responsible(organisation)
        self.fields["application_date"].initial = today()
        self.order_fields(self.field_order)


class CoordinationUpdateForm(CoordinationFactsMixin):
    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_responsible(organisation)


class NeedsMappingForm(Form):
    """One judgement and notes per need area (medical, work, social, economic)."""

    def __init__(self, *args: Any, coordination: RehabCoordination, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        existing = {n.area: n for n in coordination.needs.all()}
        for area in NeedArea:
            row = existing.get(area.value)
            self.fields[f"{area.value}_need"] = forms.ChoiceField(
                label=f"{area.label}: bedömning",
                choices=NeedAssessment.Need.choices,
                initial=row.need if row else NeedAssessment.Need.UNCLEAR,
            )
            self.fields[f"{area.value}_notes"] = forms.CharField(
                label=f"{area.label}: anteckningar",
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=2000,
                initial=row.notes if row else "",
            )

    def assessments(self) -> dict[str, tuple[str, str]]:
        return {
            area.value: (self.cleaned_data[f"{area.value}_need"], self.cleaned_data[f"{area.value}_notes"])
            for area in NeedArea
        }


class RehabConsentForm(Form):
    recipient = _OrganisationChoiceField(
        label="Aktör som Försäkringskassan får samverka med",
        queryset=Organisation.objects.none(),
        help_text=f"Försäkringskassan får samverka med en aktör bara om den försäkrade samtycker ({SFB_30_10.text}).",
    )
    categories = forms.MultipleChoiceField(
        label="Uppgifter som samtycket gäller",
        choices=REHAB_CONSENT_CATEGORIES,
        widget=forms.CheckboxSelectMultiple,
        initial=["rehab_plan"],
    )
    purpose = forms.CharField(label="Ändamål", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    valid_from = forms.DateField(label="Gäller från", widget=DATE, validators=[CONSENT_START])
    valid_to = forms.DateField(
        label="Gäller till och med", widget=DATE, help_text="Högst tolv månader.", validators=[CONSENT_END]
    )
    form = forms.ChoiceField(
        label="Form",
        choices=[("written", "Skriftligt"), ("oral", "Muntligt")],
        initial="written",
        help_text="Uppgifter om hälsa och rehabilitering kräver skriftligt samtycke.",
    )
    taken_by_name = forms.CharField(label="Samtycket togs emot av", max_length=200, required=False)
    taken_on = forms.DateField(label="Samtycket lämnades den", widget=DATE, required=False, validators=[HAPPENED])

    def __init__(self, *args: Any, coordination: RehabCoordination, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices_of(self, "recipient").queryset = _actor_organisations()
        day = today()
        self.fields["valid_from"].initial = day
        self.fields["valid_to"].initial = latest_valid_to(day)
        self.fields["taken_on"].initial = day
        self.fields["purpose"].initial = (
            f"Samordning av rehabiliteringsinsatser i ärende {coordination.case.reference} (30 kap. 10 § "
            "socialförsäkringsbalken)"
        )


class MeasureForm(Form):
    description = forms.CharField(label="Insats", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    kind = forms.ChoiceField(label="Slag av insats", choices=PlanMeasure.Kind.choices)
    need_area = forms.ChoiceField(label="Behovsområde", choices=[(a.value, a.label) for a in NeedArea])
    responsible = _OrganisationChoiceField(
        label="Ansvarig aktör",
        queryset=Organisation.objects.none(),
        help_text="Aktören genomför och bekostar insatsen. Försäkringskassan samordnar men genomför inte själv "
        "någon rehabilitering och kan därför inte vara ansvarig (30 kap. 8 och 10 §§ socialförsäkringsbalken).",
    )
    starts_on = forms.DateField(label="Börjar", widget=DATE, validators=[PLANNED])
    ends_on = forms.DateField(label="Slutar", widget=DATE, required=False, validators=[PLANNED])
    follow_up_on = forms.DateField(label="Uppföljning", widget=DATE, required=False, validators=[PLANNED])
    status = forms.ChoiceField(label="Status", choices=[(s.value, s.label) for s in MeasureStatus])
    note = forms.CharField(label="Kommentar till ändringen", required=False, max_length=500)

    def __init__(self, *args: Any, with_note: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices_of(self, "responsible").queryset = _actor_organisations()
        self.fields["starts_on"].initial = today()
        if not with_note:
            del self.fields["note"]


class FollowUpForm(Form):
    note = forms.CharField(label="Vad visade uppföljningen?", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    status = forms.ChoiceField(label="Status efter uppföljningen", choices=[(s.value, s.label) for s in MeasureStatus])
    next_follow_up_on = forms.DateField(label="Nästa uppföljning", widget=DATE, required=False, validators=[PLANNED])
    ends_on = forms.DateField(label="Insatsen slutade", widget=DATE, required=False, validators=[PLANNED])


class PlanAgreeForm(Form):
    goal = forms.CharField(label="Planens mål", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    agreed_on = forms.DateField(
        label="Planen gjordes med personen den", widget=DATE, validators=[HAPPENED_ADMINISTRATIVE]
    )
    made_with_person = forms.BooleanField(
        label="Planen är gjord tillsammans med den försäkrade (30 kap. 9 § socialförsäkringsbalken)", required=False
    )


class MeetingRequestForm(Form):
    reason = forms.CharField(
        label="Varför behövs avstämningsmötet?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Det ska alltid framgå varför ett avstämningsmöte begärs.",
        error_messages={
            "required": f"Ange varför avstämningsmötet behövs: det ska alltid framgå av begäran ({SEED_004_SOURCE})."
        },
    )


class HealthcareMeetingRequestForm(MeetingRequestForm):
    patient_consented = forms.BooleanField(
        label="Patienten samtycker till att vården kontaktar Försäkringskassan om rehabiliteringsbehovet "
        "(4 § lagen (2019:1297) om koordineringsinsatser för sjukskrivna patienter)",
        required=False,
    )


class ParticipantForm(Form):
    organisation = _OrganisationChoiceField(label="Part", queryset=Organisation.objects.none())
    name = forms.CharField(label="Namn på deltagaren", max_length=200, required=False)
    role = forms.CharField(label="Roll", max_length=200, required=False)

    def __init__(self, *args: Any, fk: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices_of(self, "organisation").queryset = (
            Organisation.objects.filter(org_type__in=ACTOR_ORGANISATION_TYPES) | Organisation.objects.filter(pk=fk.pk)
        ).order_by("org_type", "name")


class ChecklistForm(Form):
    person_agreed = forms.BooleanField(label="Personen har sagt ja till att delta i ett digitalt möte", required=False)
    suits_person = forms.BooleanField(label="Ett digitalt möte passar personens förutsättningar", required=False)
    person_joins_from = forms.ChoiceField(label="Personen deltar hos", required=False)
    location_chosen_by_person = forms.BooleanField(
        label="Personen har själv valt hos vilken part hen deltar", required=False
    )
    identity_checked_by = forms.ChoiceField(
        label="Legitimation kontrolleras av", required=False, help_text="Den part som träffar personen fysiskt."
    )
    private_room_confirmed_by = forms.MultipleChoiceField(
        label="Parter som har bekräftat att de sitter i enskilt rum",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reminded_no_secrets = forms.BooleanField(
        label="Alla deltagare är påminda om att sekretessbelagda uppgifter aldrig skrivs i chatten eller visas på delad skärm",
        required=False,
    )

    def __init__(self, *args: Any, parties: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(_PARTY_CHOICES)
        choices = [(p, labels.get(p, p)) for p in parties]
        choices_of(self, "person_joins_from").choices = [("", "Välj part"), *choices]
        choices_of(self, "identity_checked_by").choices = [("", "Välj part"), *choices]
        choices_of(self, "private_room_confirmed_by").choices = choices


class BookingForm(Form):
    meeting_on = forms.DateField(label="Mötesdag", widget=DATE, validators=[PLANNED])
    starts_at = forms.TimeField(label="Klockan", widget=TIME)
    mode = forms.ChoiceField(label="Mötesform", choices=ReviewMeeting.Mode.choices)
    location = forms.CharField(label="Plats", max_length=200, required=False, help_text="Krävs för möte på plats.")
    reduction_possible = forms.BooleanField(
        label="Ersättningen kan sättas ned om personen inte deltar utan giltig anledning (110 kap. 58 § "
        "socialförsäkringsbalken)",
        required=False,
    )
    reduced_benefit = forms.ChoiceField(
        label="Förmån som kan sättas ned",
        choices=[
            ("", "Inte angiven (sjukpenning om personen har SGI)"),
            *((b.value, b.label.capitalize()) for b in ReducibleBenefit),
        ],
        required=False,
        help_text="Sjukersättning och aktivitetsersättning kan sättas ned även när personen saknar SGI "
        "(110 kap. 57 § socialförsäkringsbalken).",
    )
    non_attendance_notice_on = forms.DateField(
        label="Personen upplystes om att ersättningen kan sättas ned den",
        widget=DATE,
        required=False,
        help_text="Krävs före mötet om ersättningen ska kunna sättas ned.",
        validators=[HAPPENED_ADMINISTRATIVE],
    )


class MinutesForm(Form):
    minutes = forms.CharField(
        label="Anteckningar från mötet", widget=forms.Textarea(attrs={"rows": 5}), max_length=8000
    )
    person_attended = forms.TypedChoiceField(
        label="Deltog personen?", choices=[("yes", "Ja"), ("no", "Nej")], coerce=_yes
    )


class CancelMeetingForm(Form):
    reason = forms.CharField(label="Varför ställs mötet in?", max_length=500)


class AgreedActionForm(Form):
    description = forms.CharField(
        label="Överenskommen åtgärd", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    kind = forms.ChoiceField(label="Slag av insats", choices=PlanMeasure.Kind.choices)
    responsible = _OrganisationChoiceField(label="Ansvarig", queryset=Organisation.objects.none(), required=False)
    due_on = forms.DateField(label="Klar senast", widget=DATE, required=False, validators=[PLANNED])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices_of(self, "responsible").queryset = Organisation.objects.filter(
            org_type__in=[*ACTOR_ORGANISATION_TYPES, OrganisationType.FK.value]
        ).order_by("org_type", "name")


class ActionToMeasureForm(Form):
    need_area = forms.ChoiceField(label="Behovsområde", choices=[(a.value, a.label) for a in NeedArea])
    responsible = _OrganisationChoiceField(label="Ansvarig aktör", queryset=Organisation.objects.none())
    starts_on = forms.DateField(label="Börjar", widget=DATE, validators=[PLANNED])
    ends_on = forms.DateField(label="Slutar", widget=DATE, required=False, validators=[PLANNED])
    follow_up_on = forms.DateField(label="Uppföljning", widget=DATE, required=False, validators=[PLANNED])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices_of(self, "responsible").queryset = _actor_organisations()
        self.fields["starts_on"].initial = today()


class CareStatusForm(Form):
    status = forms.ChoiceField(label="Koordineringsstatus", choices=CareCoordinationStatus.Status.choices)
    note = forms.CharField(label="Anteckning", max_length=500, required=False)


class StatisticsFilterForm(Form):
    since = forms.DateField(label="Från och med", widget=DATE, required=False, validators=[PERIOD])

    def since_or_default(self) -> dt.date:
        since: dt.date | None = self.cleaned_data.get("since") if self.is_valid() else None
        if since:
            return since
        day = today()
        return dt.date(day.year - 1, day.month, 1)


class CoordinationFilterForm(ListFilterForm):
    """The filters of FK's list of coordinations (sent by POST, shown at ``?sok=``, samverkan.core.searches):
    every field optional; ``?status=closed`` and ``?status=all`` keep working as plain links."""

    STATUSES = [("active", "Aktuella"), ("closed", "Avslutade"), ("cancelled", "Makulerade"), ("all", "Alla")]
    WHOSE = [("all", "Hela organisationens"), ("unit", "Min enhets"), ("mine", "Mina (jag är ansvarig)")]

    q = forms.CharField(label="Sök", required=False, max_length=60, help_text="Namn, personnummer eller diarienummer")
    status = forms.ChoiceField(label="Status", required=False, choices=STATUSES)
    whose = forms.ChoiceField(label="Vems", required=False, choices=WHOSE)
    since = forms.DateField(label="Inledd från och med", required=False, widget=DATE, validators=[PERIOD])
    until = forms.DateField(label="Inledd till och med", required=False, widget=DATE, validators=[PERIOD])

    def filters(self) -> dict[str, Any]:
        data = self.valid_data
        status = data.get("status") or "active"
        return {
            "query": data.get("q") or "",
            "status": "" if status == "all" else status,
            "whose": data.get("whose") or "all",
            "since": data.get("since"),
            "until": data.get("until"),
        }
