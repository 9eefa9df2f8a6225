"""Reads of the registries, always scoped to the reading official's organisation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from samverkan.accounts.models import Organisation
from samverkan.domain.money import format_money
from samverkan.people.models import Person
from samverkan.people.selectors import persons_visible_to
from samverkan.registries.models import AgencyRecord, Notice
from samverkan.registries.records import (
    FieldSpec,
    FieldType,
    KindSpec,
    benefit_name,
    kinds_for,
)
from samverkan.registries.services import model_for


def persons_known_to(organisation: Organisation) -> QuerySet[Person]:
    """Persons the agency knows through its own cases (the only ones its officials can open)."""
    return persons_visible_to(organisation)


def display_value(spec: FieldSpec, value: Any) -> str:
    """A field's value as shown in lists (Swedish forms)."""
    if value is None or value == "":
        return "–"
    if spec.type is FieldType.DATE and isinstance(value, dt.date):
        return value.isoformat()
    if spec.type is FieldType.MONEY and isinstance(value, Decimal):
        return format_money(value)
    if spec.type is FieldType.BOOL:
        return "Ja" if value else "Nej"
    if spec.type is FieldType.CHOICE:
        return dict(spec.choices).get(value, str(value))
    if spec.type is FieldType.BENEFIT:
        return benefit_name(str(value)).capitalize()
    return str(value)


@dataclass
class RecordRow:
    instance: AgencyRecord
    cells: list[str]

    @property
    def pk(self) -> int:
        return int(self.instance.pk)


@dataclass
class RecordGroup:
    spec: KindSpec
    headers: list[str]
    rows: list[RecordRow]


def records_of_person(*, organisation: Organisation, person: Person) -> list[RecordGroup]:
    """The organisation's own records about ``person``, grouped by kind (newest first)."""
    groups = []
    for spec in kinds_for(organisation.org_type):
        rows = (
            model_for(spec.kind)
            ._default_manager.filter(organisation=organisation, person=person)
            .order_by("-created_at", "-pk")
        )
        groups.append(
            RecordGroup(
                spec=spec,
                headers=[f.label for f in spec.fields],
                rows=[RecordRow(r, [display_value(f, getattr(r, f.name)) for f in spec.fields]) for r in rows],
            )
        )
    return groups


def records_for_api(
    *, organisation: Organisation, person_id: int | None = None, kind: str | None = None, limit: int = 500
) -> list[tuple[str, AgencyRecord]]:
    found: list[tuple[str, AgencyRecord]] = []
    for spec in kinds_for(organisation.org_type):
        if kind and spec.kind != kind:
            continue
        qs = model_for(spec.kind)._default_manager.filter(organisation=organisation).select_related("person")
        if person_id is not None:
            qs = qs.filter(person_id=person_id)
        found.extend((spec.kind, r) for r in qs.order_by("-pk")[:limit])
    return found[:limit]


def record_counts(*, organisation: Organisation) -> list[tuple[KindSpec, int]]:
    return [
        (spec, model_for(spec.kind)._default_manager.filter(organisation=organisation).count())
        for spec in kinds_for(organisation.org_type)
    ]


def inbox(*, organisation: Organisation, unread_only: bool = False) -> QuerySet[Notice]:
    """Delivered notices to the organisation (a socialnämnd), newest first."""
    qs = Notice.objects.filter(recipient=organisation, status=Notice.Status.DELIVERED).select_related(
        "discloser", "person", "case", "read_by"
    )
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-delivered_at", "-pk")


def inbox_counts(*, organisation: Organisation) -> dict[str, int]:
    counts = Notice.objects.filter(recipient=organisation, status=Notice.Status.DELIVERED).aggregate(
        total=Count("pk"), unread=Count("pk", filter=Q(read_at__isnull=True))
    )
    return {"total": counts["total"] or 0, "unread": counts["unread"] or 0}


def inbox_notice(*, organisation: Organisation, pk: int) -> Notice:
    return inbox(organisation=organisation).get(pk=pk)
