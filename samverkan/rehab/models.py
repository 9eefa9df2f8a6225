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
