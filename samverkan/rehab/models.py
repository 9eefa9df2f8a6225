"""Samordning av rehabiliteringsinsatser (SFB 30 kap. 8–11 §§) and avstämningsmöten.

Försäkringskassan owns every row here except :class:`CareCoordinationStatus`, which is the
vårdenhet's own status for its sick-listed patient (the Rehabstöd overview). Other actors
(Arbetsförmedlingen, vård, arbetsgivare, socialtjänst) never read these rows directly: they see
the parts of a plan they are involved in only through the secrecy gate
(:func:`samverkan.rehab.selectors.rehab_plan_for_actor`).

No logic lives in ``save()``: every write is a service in :mod:`samverkan.rehab.services`.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from samverkan.accounts.models import Organisation
from samverkan.cases.models import Case
from samverkan.domain.rehab import MeasureStatus, NeedArea
from samverkan.people.models import Person


class RehabCoordination(models.Model):
    """FK's coordination of a person's rehabilitation, one per ärende of type ``rehab_coordination``."""

    class Origin(models.TextChoices):
        APPLICATION = "application", "Ansökan från den försäkrade"
        HEALTHCARE_IMPULSE = "healthcare_impulse", "Impuls från hälso- och sjukvården"

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="rehab_coordination")
    origin = models.CharField("hur ärendet inleddes", max_length=30, choices=Origin.choices)
    impulse_from = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="impuls från (vårdgivare)",
    )
    application_date = models.DateField("ansökan eller impulsen kom in")
    sick_leave_start = models.DateField("sjukskrivningen började", null=True, blank=True)
    has_employer = models.BooleanField("har arbetsgivare", default=False)
    employer = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="arbetsgivare",
    )
    has_sgi = models.BooleanField("har sjukpenninggrundande inkomst (SGI)", default=False)
    work_capacity_reduced = models.BooleanField("arbetsförmågan är nedsatt på grund av sjukdom", default=False)
    work_capacity_note = models.TextField("om arbetsförmågan", blank=True)
    plan_goal = models.TextField("planens mål", blank=True)
    plan_agreed_on = models.DateField("planen senast gjord med personen", null=True, blank=True)
    first_plan_on = models.DateField("första planen upprättad", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = "samordning av rehabiliteringsinsatser"
        verbose_name_plural = "samordningar av rehabiliteringsinsatser"
        ordering = ["-application_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(employer__isnull=True) | models.Q(has_employer=True),
                name="rehab_employer_only_when_has_employer",
            ),
        ]

    def __str__(self) -> str:
        return f"Samordning {self.case.reference}"

    @property
    def person(self) -> Person:
        return self.case.subject

    @property
    def measured_from(self) -> dt.date:
        """The day "snarast" is counted from: the start of sick leave or the application, whichever came first."""
        if self.sick_leave_start and self.sick_leave_start < self.application_date:
            return self.sick_leave_start
        return self.application_date


class NeedAssessment(models.Model):
    """One area of the needs mapping (kartläggning), clarified together with the person (SFB 30 kap. 9 §)."""

    class Need(models.TextChoices):
        YES = "yes", "Behov finns"
        NO = "no", "Inget behov"
        UNCLEAR = "unclear", "Behöver utredas vidare"

    coordination = models.ForeignKey(RehabCoordination, on_delete=models.CASCADE, related_name="needs")
    area = models.CharField("område", max_length=20, choices=[(a.value, a.label) for a in NeedArea])
    need = models.CharField("bedömning", max_length=10, choices=Need.choices)
    notes = models.TextField("anteckningar", blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = "behovsbedömning"
        verbose_name_plural = "behovsbedömningar"
        constraints = [models.UniqueConstraint(fields=["coordination", "area"], name="rehab_need_unique_area")]

    def __str__(self) -> str:
        return f"{self.get_area_display()}: {self.get_need_display()}"


class PlanMeasure(models.Model):
    """A measure of the rehabilitation plan, carried out and paid for by its responsible actor."""

    class Kind(models.TextChoices):
        VOCATIONAL = "vocational", "Arbetslivsinriktad"
        MEDICAL = "medical", "Medicinsk"
        SOCIAL = "social", "Social"
        OTHER = "other", "Annan"

    coordination = models.ForeignKey(RehabCoordination, on_delete=models.CASCADE, related_name="measures")
    description = models.TextField("insats")
    kind = models.CharField("slag av insats", max_length=20, choices=Kind.choices)
    need_area = models.CharField("behovsområde", max_length=20, choices=[(a.value, a.label) for a in NeedArea])
    responsible = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="ansvarig aktör"
    )
    starts_on = models.DateField("börjar")
    ends_on = models.DateField("slutar", null=True, blank=True)
    follow_up_on = models.DateField("nästa uppföljning", null=True, blank=True)
    last_followed_up_on = models.DateField("senast uppföljd", null=True, blank=True)
    status = models.CharField(
        "status",
        max_length=20,
        choices=[(s.value, s.label) for s in MeasureStatus],
        default=MeasureStatus.PLANNED.value,
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = "insats i rehabiliteringsplanen"
        verbose_name_plural = "insatser i rehabiliteringsplanen"
        ordering = ["starts_on", "pk"]
        indexes = [models.Index(fields=["status", "follow_up_on"])]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def is_open(self) -> bool:
        return self.status in (MeasureStatus.PLANNED.value, MeasureStatus.ONGOING.value)


class PlanChange(models.Model):
    """The history of the plan: one row per change, with the state before and after."""

    class Action(models.TextChoices):
        MEASURE_ADDED = "measure_added", "Insats tillagd"
        MEASURE_CHANGED = "measure_changed", "Insats ändrad"
        FOLLOW_UP_RECORDED = "follow_up_recorded", "Uppföljning registrerad"
        PLAN_AGREED = "plan_agreed", "Planen gjord med personen"

    coordination = models.ForeignKey(RehabCoordination, on_delete=models.CASCADE, related_name="plan_changes")
    measure = models.ForeignKey(PlanMeasure, on_delete=models.PROTECT, null=True, blank=True, related_name="changes")
    action = models.CharField("ändring", max_length=30, choices=Action.choices)
    before = models.JSONField("före", null=True, blank=True)
    after = models.JSONField("efter", null=True, blank=True)
    note = models.TextField("kommentar", blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = "ändring i rehabiliteringsplanen"
        verbose_name_plural = "ändringar i rehabiliteringsplanen"
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.changed_at:%Y-%m-%d %H:%M}"


class ReviewMeeting(models.Model):
    """An avstämningsmöte (SFB 110 kap. 14 § första stycket 4), requested by FK or by vård."""

    class RequestedBy(models.TextChoices):
        FK = "fk", "Försäkringskassan"
        INSURED = "insured", "Den försäkrade"
        HEALTHCARE = "healthcare", "Hälso- och sjukvården"
        EMPLOYER = "employer", "Arbetsgivaren"
        SOCIAL_SERVICES = "social_services", "Socialtjänsten"

    class Status(models.TextChoices):
        REQUESTED = "requested", "Begärt"
        BOOKED = "booked", "Bokat"
        HELD = "held", "Genomfört"
        CANCELLED = "cancelled", "Inställt"

    class Mode(models.TextChoices):
        ON_SITE = "on_site", "På plats"
        DIGITAL = "digital", "Digitalt"

    coordination = models.ForeignKey(RehabCoordination, on_delete=models.CASCADE, related_name="meetings")
    requested_by_party = models.CharField("begärt av", max_length=20, choices=RequestedBy.choices)
    requesting_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="begärt av organisation"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="begärt av"
    )
    reason = models.TextField("varför mötet behövs")
    requested_on = models.DateField("begärt")
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.REQUESTED)
    meeting_on = models.DateField("mötesdag", null=True, blank=True)
    starts_at = models.TimeField("klockan", null=True, blank=True)
    mode = models.CharField("mötesform", max_length=20, choices=Mode.choices, blank=True)
    location = models.CharField("plats", max_length=200, blank=True)
    # Non-attendance (SFB 110 kap. 58 §).
    reduction_possible = models.BooleanField(
        "ersättningen kan sättas ned om personen inte deltar utan giltig anledning", default=False
    )
    non_attendance_notice_on = models.DateField("personen upplystes om nedsättning", null=True, blank=True)
    # Digital meeting checklist (seed 004).
    person_agreed = models.BooleanField("personen har sagt ja till digitalt möte", default=False)
    suits_person = models.BooleanField("digitalt möte passar personens förutsättningar", default=False)
    person_joins_from = models.CharField("personen deltar hos", max_length=30, blank=True)
    location_chosen_by_person = models.BooleanField("personen har själv valt part", default=False)
    identity_checked_by = models.CharField("legitimation kontrolleras av", max_length=30, blank=True)
    private_room_confirmed_by = models.JSONField("enskilt rum bekräftat av", default=list, blank=True)
    reminded_no_secrets = models.BooleanField(
        "alla påminda: inga sekretessuppgifter i chatt eller delad skärm", default=False
    )
    checklist_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checklist_confirmed_at = models.DateTimeField(null=True, blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    booked_at = models.DateTimeField(null=True, blank=True)
    # After the meeting.
    minutes = models.TextField("anteckningar från mötet", blank=True)
    person_attended = models.BooleanField("personen deltog", null=True, blank=True)

    class Meta:
        verbose_name = "avstämningsmöte"
        verbose_name_plural = "avstämningsmöten"
        ordering = ["-requested_on", "-pk"]
        indexes = [models.Index(fields=["status", "meeting_on"])]

    def __str__(self) -> str:
        when = self.meeting_on.isoformat() if self.meeting_on else "ej bokat"
        return f"Avstämningsmöte {when}"

    @property
    def is_digital(self) -> bool:
        return self.mode == self.Mode.DIGITAL

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.REQUESTED, self.Status.BOOKED)


class MeetingParticipant(models.Model):
    """An organisation (and optionally a named person there) invited to an avstämningsmöte."""

    meeting = models.ForeignKey(ReviewMeeting, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="part")
    name = models.CharField("namn", max_length=200, blank=True)
    role = models.CharField("roll", max_length=200, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()

    class Meta:
        verbose_name = "mötesdeltagare"
        verbose_name_plural = "mötesdeltagare"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "organisation", "name"], name="rehab_participant_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})" if self.name else str(self.organisation)


class AgreedAction(models.Model):
    """An action agreed at an avstämningsmöte; it can become a measure of the plan."""

    meeting = models.ForeignKey(ReviewMeeting, on_delete=models.CASCADE, related_name="agreed_actions")
    description = models.TextField("åtgärd")
    responsible = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="ansvarig"
    )
    kind = models.CharField("slag av insats", max_length=20, choices=PlanMeasure.Kind.choices)
    due_on = models.DateField("klar senast", null=True, blank=True)
    measure = models.OneToOneField(
        PlanMeasure, on_delete=models.PROTECT, null=True, blank=True, related_name="agreed_action"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = "överenskommen åtgärd"
        verbose_name_plural = "överenskomna åtgärder"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.description[:60]


class FollowUpReminder(models.Model):
    """A reminder to the responsible FK official that a measure is due for follow-up (one per measure and date)."""

    measure = models.ForeignKey(PlanMeasure, on_delete=models.CASCADE, related_name="reminders")
    due_on = models.DateField("uppföljning")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    dismissed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "påminnelse om uppföljning"
        verbose_name_plural = "påminnelser om uppföljning"
        ordering = ["due_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["measure", "due_on"], name="rehab_reminder_once_per_date")]

    def __str__(self) -> str:
        return f"Uppföljning {self.due_on.isoformat()}"


class CareCoordinationStatus(models.Model):
    """The vårdenhet's own coordination status for a sick-listed patient (as in Rehabstöd).

    Owned by the healthcare organisation of the sick-leave case; FK never writes it.
    """

    class Status(models.TextChoices):
        NONE = "none", "Ingen"
        CONTACTED = "contacted", "Kontaktad"
        ACTIVE = "active", "Aktiv"
        FOLLOW_UP = "follow_up", "Uppföljning"
        CLOSED = "closed", "Avslutad"
        DECLINED = "declined", "Avböjd"

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="care_coordination_status")
    status = models.CharField("koordineringsstatus", max_length=20, choices=Status.choices, default=Status.NONE)
    note = models.TextField("anteckning", blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = "koordineringsstatus"
        verbose_name_plural = "koordineringsstatus"

    def __str__(self) -> str:
        return self.get_status_display()


class MeetingSummons(models.Model):
    """That FK sent the kallelse to an avstämningsmöte to the insured: when, by whom, and for which time.

    The letter itself is built from the meeting when asked (:mod:`samverkan.rehab.summons`); the row
    keeps the time, place and notice it was sent for, so that moving the meeting marks it replaced
    (and a new one is sent) and cancelling the meeting marks it cancelled.
    """

    class Status(models.TextChoices):
        SENT = "sent", "Skickad"
        REPLACED = "replaced", "Ersatt av en ny kallelse"
        CANCELLED = "cancelled", "Mötet är inställt"

    meeting = models.ForeignKey(ReviewMeeting, on_delete=models.CASCADE, related_name="summonses")
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.SENT)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="skickad av"
    )
    sent_at = models.DateTimeField("skickad")
    meeting_on = models.DateField("mötesdag")
    starts_at = models.TimeField("klockan")
    mode = models.CharField("mötesform", max_length=20, choices=ReviewMeeting.Mode.choices)
    location = models.CharField("plats", max_length=200, blank=True)
    non_attendance_notice = models.BooleanField("upplyser om 110 kap. 58 § socialförsäkringsbalken", default=False)
    ended_at = models.DateTimeField("ersatt eller inställd", null=True, blank=True)

    class Meta:
        verbose_name = "kallelse till avstämningsmöte"
        verbose_name_plural = "kallelser till avstämningsmöten"
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting"], condition=models.Q(status="sent"), name="rehab_one_current_summons_per_meeting"
            ),
        ]

    def __str__(self) -> str:
        return f"Kallelse {self.meeting_on.isoformat()} ({self.get_status_display().lower()})"


class EmployerPlan(models.Model):
    """The employer's plan for return to work (SFB 30 kap. 6 §), kept by the employer in its own ärende
    (``return_to_work``) about the employee, with the facts its deadline is counted from.

    Owned by the employer. It names FK's coordination only as the gate released it to the employer;
    FK sees that the plan exists, and its content only as passed through the gate (:class:`EmployerPlanPassage`).
    """

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="employer_plan")
    coordination = models.ForeignKey(
        RehabCoordination,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employer_plans",
        verbose_name="samordning hos Försäkringskassan",
    )
    sick_leave_start = models.DateField("första sjukdagen")
    expected_days = models.PositiveIntegerField("väntad sjukperiod (dagar)", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = "arbetsgivarens plan för återgång i arbete"
        verbose_name_plural = "arbetsgivarens planer för återgång i arbete"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Plan för återgång i arbete {self.case.reference}"

    @property
    def employer(self) -> Organisation:
        return self.case.organisation


class EmployerPlanVersion(models.Model):
    """One version of the employer's plan: a change makes a new version, the old ones are kept."""

    plan = models.ForeignKey(EmployerPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("version")
    expected_return_on = models.DateField("väntad återgång i arbete", null=True, blank=True)
    adjustments = models.TextField("anpassningar", blank=True)
    contact_person = models.CharField("kontaktperson hos arbetsgivaren", max_length=200)
    change_note = models.TextField("vad som ändrats", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = "version av planen för återgång i arbete"
        verbose_name_plural = "versioner av planen för återgång i arbete"
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="rehab_employer_plan_version_once")]

    def __str__(self) -> str:
        return f"Version {self.number}"


class EmployerPlanMeasure(models.Model):
    """A measure of one version of the employer's plan: what, who, from–to."""

    version = models.ForeignKey(EmployerPlanVersion, on_delete=models.CASCADE, related_name="measures")
    what = models.TextField("åtgärd")
    who = models.CharField("vem", max_length=200)
    starts_on = models.DateField("från")
    ends_on = models.DateField("till", null=True, blank=True)

    class Meta:
        verbose_name = "åtgärd i planen för återgång i arbete"
        verbose_name_plural = "åtgärder i planen för återgång i arbete"
        ordering = ["starts_on", "pk"]

    def __str__(self) -> str:
        return self.what[:60]


class EmployerPlanPassage(models.Model):
    """A version of the employer's plan passed to Försäkringskassan through the secrecy gate (message passage).

    ``content`` is what FK is shown: the version as it was when it passed, and only when the gate released it
    (the person's consent to the employer, OSL 12 kap. 2 §); otherwise empty, with the gate's reason.
    """

    version = models.ForeignKey(EmployerPlanVersion, on_delete=models.PROTECT, related_name="passages")
    coordination = models.ForeignKey(RehabCoordination, on_delete=models.PROTECT, related_name="employer_plan_passages")
    released = models.BooleanField("lämnad till Försäkringskassan")
    explanation = models.TextField("grindens förklaring")
    content = models.JSONField("det som lämnades ut", default=dict, blank=True)
    snapshot = models.JSONField("grindens beslut", default=dict, blank=True)
    passed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    passed_at = models.DateTimeField()

    class Meta:
        verbose_name = "arbetsgivarplan genom sekretessgrinden"
        verbose_name_plural = "arbetsgivarplaner genom sekretessgrinden"
        ordering = ["-passed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.version} {'lämnad' if self.released else 'inte lämnad'}"


class ReminderMail(models.Model):
    """An e-mail reminder sent once: a step of the chain to FK's official, or the plan's last day to the employer.

    The row is the proof it was sent: the unique constraints make a rerun of the job send nothing twice.
    """

    class Kind(models.TextChoices):
        MILESTONE = "milestone", "Steg i rehabiliteringskedjan"
        PLAN_DEADLINE = "plan_deadline", "Sista dag för arbetsgivarens plan"

    kind = models.CharField("slag", max_length=20, choices=Kind.choices)
    coordination = models.ForeignKey(
        RehabCoordination, on_delete=models.CASCADE, null=True, blank=True, related_name="reminder_mails"
    )
    plan = models.ForeignKey(
        EmployerPlan, on_delete=models.CASCADE, null=True, blank=True, related_name="reminder_mails"
    )
    day = models.PositiveIntegerField("dag i sjukperioden")
    due_on = models.DateField("datum")
    recipients = models.PositiveIntegerField("antal mottagare", default=0)
    sent_at = models.DateTimeField()

    class Meta:
        verbose_name = "påminnelse per e-post"
        verbose_name_plural = "påminnelser per e-post"
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["coordination", "day", "due_on"],
                condition=models.Q(kind="milestone"),
                name="rehab_milestone_mail_once",
            ),
            models.UniqueConstraint(
                fields=["plan", "due_on"], condition=models.Q(kind="plan_deadline"), name="rehab_plan_mail_once"
            ),
            models.CheckConstraint(
                condition=(models.Q(kind="milestone") & models.Q(coordination__isnull=False))
                | (models.Q(kind="plan_deadline") & models.Q(plan__isnull=False)),
                name="rehab_reminder_mail_has_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} dag {self.day}"
