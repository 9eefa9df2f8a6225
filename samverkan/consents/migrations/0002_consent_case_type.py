"""Every consent names the kind of ärende at the recipient it was given for (issue 17, docs/domain.md §4).

A consent lifts secrecy only for the purpose it was given for (OSL 12 kap. 2 §): one given for
rehabilitation does not count in an investigation of ekonomiskt bistånd. The new column
``case_type`` is filled for every existing consent by
:func:`samverkan.consents.case_types.infer_case_type`:

- from the consent's ``case`` when it has one and that case is at the recipient organisation;
- otherwise from the recipient's organisation type and the purpose text:

  ================== ==============================================================
  recipient type     case type
  ================== ==============================================================
  pm                 ``pension``
  af                 ``jobseeker``
  unemployment_fund  ``unemployment``
  healthcare         ``sick_leave``
  employer           ``return_to_work``
  social_services    ``assistance`` when the purpose speaks of ekonomiskt bistånd or
                     försörjningsstöd, else ``social_other``
  fk                 ``rehab_coordination`` when the purpose speaks of rehabilitering
                     or samordning, ``sickness`` when it speaks of sjukpenning,
                     sjukskrivning or arbetsförmåga, else ``benefit``
  finsam             ``""`` (no ärenden; such a consent never counts)
  ================== ==============================================================
"""

from django.db import migrations, models

from samverkan.consents.case_types import infer_case_type


def fill_case_types(apps, schema_editor):  # type: ignore[no-untyped-def]
    Consent = apps.get_model("consents", "Consent")
    for consent in Consent.objects.select_related("recipient", "case").order_by("pk").iterator():
        case = consent.case
        consent.case_type = infer_case_type(
            recipient_type=consent.recipient.org_type,
            purpose=consent.purpose,
            case_type=case.case_type if case is not None else None,
            case_at_recipient=case is not None and case.organisation_id == consent.recipient_id,
        )
        consent.save(update_fields=["case_type"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("consents", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="consent",
            name="case_type",
            field=models.CharField(
                choices=[
                    ("assistance", "Ekonomiskt bistånd"),
                    ("social_other", "Övrigt socialtjänstärende"),
                    ("sickness", "Sjukpenning"),
                    ("rehab_coordination", "Samordning av rehabilitering"),
                    ("benefit", "Förmånsärende"),
                    ("pension", "Pension och bostadstillägg"),
                    ("jobseeker", "Arbetssökande"),
                    ("unemployment", "Arbetslöshetsersättning"),
                    ("sick_leave", "Sjukskrivning"),
                    ("return_to_work", "Återgång i arbete"),
                ],
                default="",
                max_length=30,
                verbose_name="gäller ärende om",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill_case_types, migrations.RunPython.noop),
    ]
