"""The data migration that starts each reference counter at the highest number already stored (issue 15)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from samverkan.cases.models import Case
from samverkan.core.models import ReferenceCounter
from samverkan.reclaims.models import Reclaim

pytestmark = pytest.mark.django_db

seed_migration = importlib.import_module("samverkan.core.migrations.0002_seed_reference_counters")


def test_the_migration_seeds_a_counter_per_organisation_series_and_year_at_the_highest_number(world: None) -> None:
    ReferenceCounter.objects.all().delete()
    seed_migration.seed(apps, None)

    for case in Case.objects.all()[:50]:
        year, number = case.reference.split("-")
        counter = ReferenceCounter.objects.get(organisation=case.organisation_id, series="case", year=int(year))
        assert counter.last >= int(number)
    for counter in ReferenceCounter.objects.filter(series="case"):
        highest = max(
            int(r.split("-")[1])
            for r in Case.objects.filter(
                organisation=counter.organisation_id, reference__startswith=f"{counter.year}-"
            ).values_list("reference", flat=True)
        )
        assert counter.last == highest
    for reclaim in Reclaim.objects.all():
        _, year, number = reclaim.reference.split("-")
        counter = ReferenceCounter.objects.get(organisation=reclaim.organisation_id, series="reclaim", year=int(year))
        assert counter.last >= int(number)


def test_seeding_twice_changes_nothing(world: None) -> None:
    seed_migration.seed(apps, None)
    first = sorted(ReferenceCounter.objects.values_list("organisation", "series", "year", "last"))
    seed_migration.seed(apps, None)
    assert sorted(ReferenceCounter.objects.values_list("organisation", "series", "year", "last")) == first
