"""Forms for communication. They validate the shape of the input; the services decide the rules."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms

from samverkan.accounts.models import Organisation, Unit, User
from samverkan.consents.models import Consent
from samverkan.core.clock import today
from samverkan.core.forms import Form, ListFilterForm, choices_of, model_choices_of
from samverkan.core.validation import CONSENT_END, HAPPENED, PERIOD, PLANNED
from samverkan.domain.consent import latest_valid_to
from samverkan.messaging.models import AdminAnswer, Callback, EmailKind, Topic
from samverkan.messaging.routing import QUESTION_ORG_TYPES, partner_organisations, partner_units
from samverkan.messaging.selectors import (
    QUESTION_EXTRA_VIEWS,
    QUESTION_VIEWS,
    callback_recipients,
    email_recipients,
)


class RequiredWhenChosenCharField(forms.CharField):
    """A field that is shown as required (it is, for one choice) but whose requirement the service checks.

    The avstämningsmöte reason is required only for that topic (seed 004: "Varför
    avstämningsmöte önskas behöver framgå"); the service tells which, in Swedish.
    """

    def validate(self, value: Any) -> None:
        return None  # required only for one topic: the service checks it (the field is still marked required)

    def run_validators(self, value: Any) -> None:
        if value not in self.empty_values:
            super().run_validators(value)


if TYPE_CHECKING:  # django-stubs makes the field generic; Django's class is not subscriptable at run time
    _ModelChoiceField = forms.ModelChoiceField[User]
else:
    _ModelChoiceField = forms.ModelChoiceField


class _UserChoiceField(_ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        user: User = obj
        unit = user.unit
        where = f"{unit.name}, {unit.organisation.name}" if unit is not None else ""
        return f"{user.get_full_name()} – {', '.join(user.role_labels())} ({where})"


class _ConsentFields(Form):
    """Recording the person's consent on the spot (the consent registry's service does it)."""

    secrecy_reviewed = forms.BooleanField(
        label="Jag har prövat sekretessen: uppgifterna behövs för att vi ska kunna fullgöra vårt uppdrag och får "
        "lämnas till mottagaren (10 kap. 2 § offentlighets- och sekretesslagen).",
        required=False,
    )
    record_consent = forms.BooleanField(
        label="Personen har lämnat sitt samtycke till att uppgifterna lämnas – registrera samtycket nu.",
        required=False,
    )
    consent_form = forms.ChoiceField(
        label="Samtyckets form",
        choices=Consent.Form.choices,
        initial=Consent.Form.WRITTEN,
        required=False,
        help_text="Uppgifter om hälsa kräver skriftligt samtycke.",
    )
    consent_valid_to = forms.DateField(
        label="Samtycket gäller till och med",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Högst tolv månader.",
        validators=[CONSENT_END],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent_valid_to"].initial = latest_valid_to(today())


class AdminQuestionForm(_ConsentFields):
    case_reference = forms.CharField(
        label="Ditt ärende (diarienummer)",
        max_length=40,
        help_text="Frågan gäller huvudpersonen i ärendet.",
        error_messages={"required": "Ange diarienumret för ditt ärende."},
    )
    recipient_organisation = forms.ModelChoiceField(
        label="Mottagare",
        queryset=Organisation.objects.none(),
        empty_label=None,
        error_messages={"required": "Välj vem frågan ska till."},
    )
    recipient_unit = forms.ModelChoiceField(
        label="Mottagande enhet",
        queryset=Unit.objects.none(),
        required=False,
        empty_label="Enligt mottagarens rutin",
        help_text="Välj bara om frågan ska till en viss enhet; annars fördelas den enligt mottagarens rutin.",
    )
    topic = forms.ChoiceField(label="Ämne", choices=Topic.choices)
    body = forms.CharField(
        label="Fråga",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=4000,
        error_messages={"required": "Skriv din fråga. En tom fråga skickas inte."},
        help_text="Skriv bara det som behövs för frågan. Mottagaren ser vem du är och hur du nås.",
    )
    meeting_reason = RequiredWhenChosenCharField(
        label="Varför avstämningsmöte önskas",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Krävs när du begär avstämningsmöte: skälet ska framgå av begäran.",
    )
    proposed_meeting_on = forms.DateField(
        label="Önskat mötesdatum", required=False, widget=forms.DateInput(attrs={"type": "date"}), validators=[PLANNED]
    )
    sender_phone = forms.CharField(
        label="Ditt telefonnummer",
        max_length=40,
        help_text="Avsändaren ska alltid gå att identifiera och nå.",
        error_messages={"required": "Ange ett telefonnummer där du kan nås."},
    )

    field_order = [
        "case_reference",
        "recipient_organisation",
        "recipient_unit",
        "topic",
        "body",
        "meeting_reason",
        "proposed_meeting_on",
        "sender_phone",
        "secrecy_reviewed",
        "record_consent",
        "consent_form",
        "consent_valid_to",
    ]

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(self.field_order)
        partners = partner_organisations(organisation)
        model_choices_of(self, "recipient_organisation").queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in partners]
        ).order_by("name")
        model_choices_of(self, "recipient_unit").queryset = Unit.objects.filter(
            pk__in=[u.pk for u in partner_units(organisation)]
        ).order_by("organisation__name", "name")
        units = model_choices_of(self, "recipient_unit")
        # A per-instance label, as Django's documentation shows; the stubs see a method.
        units.label_from_instance = lambda u: f"{u.name} ({u.organisation.name})"  # type: ignore[method-assign,assignment]


class AdminAnswerForm(_ConsentFields):
    kind = forms.ChoiceField(
        label="Slag av svar",
        choices=AdminAnswer.Kind.choices,
        initial=AdminAnswer.Kind.ANSWER,
        help_text="En komplettering besvaras med ett nytt intyg eller en motivering utan medicinska uppgifter.",
    )
    body = forms.CharField(
        label="Svar",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        error_messages={"required": "Skriv ett svar. Ett tomt svar skickas inte."},
    )
    certificate_sent_on = forms.DateField(
        label="Nytt intyg skickat den",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Bara när du svarar med ett nytt intyg.",
        validators=[HAPPENED],
    )

    field_order = [
        "kind",
        "body",
        "certificate_sent_on",
        "secrecy_reviewed",
        "record_consent",
        "consent_form",
        "consent_valid_to",
    ]

    def __init__(self, *args: Any, supplement: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(self.field_order)
        if supplement:
            choices_of(self, "kind").choices = [c for c in AdminAnswer.Kind.choices if c[0] != AdminAnswer.Kind.ANSWER]
            self.fields["kind"].initial = AdminAnswer.Kind.REASON
        else:
            del self.fields["kind"]
            del self.fields["certificate_sent_on"]


class EmailForm(Form):
    kind = forms.ChoiceField(
        label="Vad gäller mejlet?",
        choices=EmailKind.choices,
        widget=forms.RadioSelect,
        help_text="Mejl får bara användas för generella frågor, kontaktförfrågningar och mötesbekräftelser.",
        error_messages={"required": "Välj vad mejlet gäller."},
    )
    recipient = _UserChoiceField(
        label="Till", queryset=User.objects.none(), error_messages={"required": "Välj en mottagare."}
    )
    subject = forms.CharField(label="Ämne", max_length=200, error_messages={"required": "Skriv en ämnesrad."})
    body = forms.CharField(
        label="Meddelande",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=4000,
        error_messages={"required": "Skriv ett meddelande. Ett tomt mejl skickas inte."},
        help_text="Inga personuppgifter: inga namn, personnummer eller annat som kan kopplas till ett ärende.",
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices_of(self, "recipient").queryset = email_recipients(user)


class AbsenceForm(Form):
    starts_on = forms.DateField(
        label="Frånvarande från", widget=forms.DateInput(attrs={"type": "date"}), validators=[PLANNED]
    )
    ends_on = forms.DateField(
        label="Frånvarande till och med", widget=forms.DateInput(attrs={"type": "date"}), validators=[PLANNED]
    )
    stand_in = _UserChoiceField(label="Ersättare", queryset=User.objects.none())
    message = forms.CharField(
        label="Meddelande i frånvarosvaret",
        max_length=300,
        required=False,
        help_text="Inga personuppgifter.",
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices_of(self, "stand_in").queryset = (
            User.objects.filter(is_active=True, unit__organisation=user.organisation)
            .exclude(pk=user.pk)
            .select_related("unit__organisation")
            .order_by("last_name", "first_name")
        )
        self.fields["starts_on"].initial = today()


class PhoneSituationForm(Form):
    client_present = forms.ChoiceField(
        label="Är klienten med i samtalet?",
        choices=[("ja", "Ja, klienten är med – jag ringer som ombud"), ("nej", "Nej, jag ringer i min handläggning")],
        widget=forms.RadioSelect,
    )


class ResponsibleLookupForm(Form):
    identity_number = forms.CharField(
        label="Personnummer eller samordningsnummer",
        max_length=15,
        help_text="Personen ska finnas i ett av din organisations ärenden.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )


class CallbackForm(_ConsentFields):
    """A call-back request: whom, about what (no personal data), which ärende, how and when."""

    recipient = _UserChoiceField(
        label="Till (namngiven handläggare)",
        queryset=User.objects.none(),
        required=False,
        empty_label="Ingen namngiven – enligt mottagarens rutin",
        help_text="Välj en handläggare, eller lämna tomt och välj organisation nedan: då går begäran till den som "
        "tar emot kontakter enligt organisationens rutin (t.ex. Försäkringskassans kontaktperson).",
    )
    recipient_organisation = forms.ModelChoiceField(
        label="eller organisation",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Välj organisation",
    )
    subject = forms.CharField(
        label="Ämne",
        max_length=200,
        help_text="Inga personuppgifter: inga namn eller personnummer. Ärendet anger du nedan.",
        error_messages={"required": "Skriv vad återkopplingen gäller (utan personuppgifter)."},
    )
    case_reference = forms.CharField(
        label="Gäller ärende (ditt diarienummer)",
        max_length=40,
        required=False,
        help_text="Frivilligt. Mottagaren får då veta att personen är aktuell hos er: det prövas i sekretessgrinden.",
    )
    channel = forms.ChoiceField(
        label="Önskad kanal", choices=Callback.Channel.choices, widget=forms.RadioSelect, initial="phone"
    )
    phone = forms.CharField(label="Telefonnummer", max_length=40, required=False, help_text="Krävs för telefon.")
    time_window = forms.CharField(
        label="När passar det?",
        max_length=100,
        required=False,
        help_text="T.ex. ”tisdag kl. 9–11”. Krävs för videomöte.",
    )

    field_order = [
        "recipient",
        "recipient_organisation",
        "subject",
        "case_reference",
        "channel",
        "phone",
        "time_window",
        "secrecy_reviewed",
        "record_consent",
        "consent_form",
        "consent_valid_to",
    ]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(self.field_order)
        model_choices_of(self, "recipient").queryset = callback_recipients(user)
        model_choices_of(self, "recipient_organisation").queryset = Organisation.objects.filter(
            org_type__in=[t.value for t in QUESTION_ORG_TYPES]
        ).order_by("name")


class CallbackDoneForm(Form):
    note = forms.CharField(
        label="Anteckning",
        max_length=200,
        required=False,
        initial="Återkopplat",
        help_text="Kort, utan personuppgifter.",
    )


class TermMeetingForm(Form):
    meeting_on = forms.DateField(label="Dag", widget=forms.DateInput(attrs={"type": "date"}), validators=[PLANNED])
    meeting_time = forms.TimeField(label="Klockslag", widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(label="Plats", max_length=200, required=False, help_text="Plats eller videolänk.")
    video_link = forms.URLField(label="Videolänk", max_length=300, required=False, assume_scheme="https")


class TermMeetingHeldForm(Form):
    note = forms.CharField(
        label="Anteckning från mötet",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
        required=False,
        help_text="Mötet handlar om rutiner och nyheter i socialförsäkringen och vården, inte om enskilda patienter: "
        "skriv inga namn, personnummer eller andra uppgifter om patienter.",
    )


class QuestionFilterForm(ListFilterForm):
    """The filters of "Administrativa frågor" (sent by POST, shown at ``?sok=``, samverkan.core.searches): every
    field optional; ``visa`` keeps the list's old links (``?visa=vantar``) working."""

    WHOSE = [("all", "Hela organisationens"), ("unit", "Min enhets"), ("mine", "Mina")]
    q = forms.CharField(
        label="Sök", required=False, max_length=60, help_text="Namn, personnummer, frågans nummer eller diarienummer"
    )
    visa = forms.ChoiceField(label="Status", required=False, choices=[*QUESTION_VIEWS, *QUESTION_EXTRA_VIEWS])
    whose = forms.ChoiceField(label="Vems", required=False, choices=WHOSE)
    counterpart = forms.ChoiceField(label="Organisation", required=False)
    since = forms.DateField(
        label="Skickad från och med",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[PERIOD],
    )
    until = forms.DateField(
        label="Skickad till och med",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[PERIOD],
    )
    new_answers = forms.BooleanField(label="Bara svar som jag inte har läst", required=False)

    def __init__(self, *args: Any, counterparts: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices_of(self, "counterpart").choices = [("", "Alla organisationer"), *counterparts]

    def filters(self) -> dict[str, Any]:
        data = self.valid_data
        return {
            "view": data.get("visa") or "att-besvara",
            "query": data.get("q") or "",
            "whose": data.get("whose") or "all",
            "counterpart": data.get("counterpart") or "",
            "since": data.get("since"),
            "until": data.get("until"),
            "new_answers": bool(data.get("new_answers")),
        }
