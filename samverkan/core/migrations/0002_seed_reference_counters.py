"""Seed the reference counters from the highest case and reclaim numbers already stored."""

from django.db import migrations

SERIES = (
    # (series, app, model, prefix of the year's references)
    ("case", "cases", "Case", "{year}-"),
    ("reclaim", "reclaims", "Reclaim", "ÅS-{year}-"),
)


def _year_and_number(reference, prefix_of):
    """(year, number) of a reference written with the series' prefix, or None."""
    head, _, tail = reference.rpartition("-")
    if not tail.isdigit():
        return None
    year_text = head.rpartition("-")[2] if "-" in head else head
    if not (year_text.isdigit() and len(year_text) == 4):
        return None
    year = int(year_text)
    if reference != f"{prefix_of.format(year=year)}{tail}":
        return None
    return year, int(tail)


def seed(apps, schema_editor):
    counter_model = apps.get_model("core", "ReferenceCounter")
    for series, app, model_name, prefix in SERIES:
        highest = {}
        for organisation_id, reference in apps.get_model(app, model_name).objects.values_list(
            "organisation_id", "reference"
        ):
            found = _year_and_number(reference or "", prefix)
            if found is None:
                continue
            key = (organisation_id, found[0])
            highest[key] = max(highest.get(key, 0), found[1])
        for (organisation_id, year), last in highest.items():
            counter, created = counter_model.objects.get_or_create(
                organisation_id=organisation_id, series=series, year=year, defaults={"last": last}
            )
            if not created and counter.last < last:
                counter.last = last
                counter.save(update_fields=["last"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_reference_counters_leases_once"),
        ("cases", "0001_initial"),
        ("reclaims", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
