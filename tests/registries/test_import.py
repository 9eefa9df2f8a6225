"""File import (CSV, JSON): a bad file is refused whole with line and field; re-import changes nothing."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from samverkan.disclosures.models import AuditEntry
from samverkan.people.models import Person
from samverkan.registries.models import BenefitDecision, BenefitPayment, JobseekerRegistration
from samverkan.registries.sources.files import FileRejected, parse_text
from tests.registries.conftest import person_without_assistance_known_to

pytestmark = pytest.mark.django_db


def _people(count: int = 2) -> list[Person]:
    return list(Person.objects.filter(protected_identity=False).order_by("pk")[:count])


def _good_csv(a: Person, b: Person) -> str:
    return (
        "kind;external_id;identity_number;benefit;period_start;period_end;amount;paid_on;decision_date;monthly_amount;"
        "retroactive_amount;retroactive_start;retroactive_end;payout_date\n"
        f"benefit_payment;IMP-1;{a.identity_number};sickness_benefit;2026-10-01;2026-10-31;12 400,00;2026-11-25;;;;;;\n"
        f"benefit_payment;IMP-2;{b.identity_number};parental_benefit;2026-10-01;2026-10-31;8100.50;2026-11-20;;;;;;\n"
        f"benefit_decision;IMP-3;{a.identity_number};sickness_compensation;2026-07-01;;;;2026-11-19;9800.00;"
        "27440.00;2026-07-01;2026-10-31;2026-12-18\n"
    )


def _import(path: Path, agency: str = "fk") -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("registries", "import", "--agency", agency, str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_csv_file_is_imported_and_importing_it_again_changes_nothing(world: None, tmp_path: Path) -> None:
    a, b = _people()
    path = tmp_path / "fk.csv"
    path.write_text(_good_csv(a, b), encoding="utf-8")
    out, _ = _import(path)
    assert "3 nya poster" in out
    payment = BenefitPayment.objects.get(external_id="IMP-1")
    assert payment.source == "file" and str(payment.amount) == "12400.00"
    decision = BenefitDecision.objects.get(external_id="IMP-3")
    assert decision.payout_date is not None and decision.is_retroactive
    counts = (BenefitPayment.objects.count(), BenefitDecision.objects.count(), AuditEntry.objects.count())
    out, _ = _import(path)
    assert "0 nya poster, 3 oförändrade" in out
    assert (BenefitPayment.objects.count(), BenefitDecision.objects.count(), AuditEntry.objects.count()) == counts


def test_a_bad_csv_file_is_refused_whole_with_the_line_and_field_of_each_error(world: None, tmp_path: Path) -> None:
    a, b = _people()
    lines = _good_csv(a, b).splitlines()
    lines.insert(
        2, f"benefit_payment;IMP-9;{a.identity_number};sickness_benefit;2026-10-31;2026-10-01;-5;2026-11-25;;;;;;"
    )
    lines.append("benefit_payment;IMP-10;19000101-0000;sickness_benefit;2026-10-01;2026-10-31;100;2026-13-01;;;;;;")
    path = tmp_path / "fk.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = BenefitPayment.objects.count()
    err = StringIO()
    with pytest.raises(CommandError, match="Ingenting importerades"):
        call_command("registries", "import", "--agency", "fk", str(path), stdout=StringIO(), stderr=err)
    report = err.getvalue()
    assert "Rad 3, fält amount: Beloppet får inte vara negativt." in report
    assert "Rad 3, fält period_end: Periodens slut (2026-10-01) ligger före dess början (2026-10-31)." not in report
    assert "Rad 6, fält identity_number" in report
    assert "Rad 6, fält paid_on" in report
    assert BenefitPayment.objects.count() == before
    assert not BenefitPayment.objects.filter(external_id__in=["IMP-1", "IMP-2"]).exists()


def test_cross_field_errors_are_reported_once_the_fields_themselves_are_valid(world: None) -> None:
    (a,) = _people(1)
    text = (
        "kind,external_id,identity_number,benefit,period_start,period_end,amount,paid_on\n"
        f"benefit_payment,X-1,{a.identity_number},sickness_benefit,2026-10-31,2026-10-01,100,2026-11-25\n"
    )
    with pytest.raises(FileRejected) as exc:
        parse_text(text, agency="fk", fmt="csv")
    assert [str(e) for e in exc.value.errors] == [
        "Rad 2, fält period_end: Periodens slut (2026-10-01) ligger före dess början (2026-10-31)."
    ]


def test_an_unknown_person_refuses_the_whole_file(world: None, tmp_path: Path) -> None:
    (a,) = _people(1)
    path = tmp_path / "fk.csv"
    path.write_text(
        "kind,external_id,identity_number,benefit,submitted_on\n"
        f"benefit_application,U-1,{a.identity_number},housing_allowance,2026-11-02\n"
        "benefit_application,U-2,19121212-1212,housing_allowance,2026-11-02\n",
        encoding="utf-8",
    )
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("registries", "import", "--agency", "fk", str(path), stdout=StringIO(), stderr=err)
    assert "Rad 3, fält identity_number: Ingen person med nummer 19121212-1212" in err.getvalue()
    assert not BenefitDecision.objects.filter(external_id="U-1").exists()


def test_a_json_file_names_the_line_of_each_bad_record(world: None, tmp_path: Path) -> None:
    a, b = _people()
    records: list[dict[str, Any]] = [
        {
            "kind": "jobseeker_registration",
            "external_id": "AF-1",
            "identity_number": a.identity_number,
            "registered_from": "2026-02-01",
            "category": "openly_unemployed",
        },
        {
            "kind": "jobseeker_registration",
            "external_id": "AF-2",
            "identity_number": b.identity_number,
            "registered_from": "2026-02-01",
            "category": "arbetslös",
        },
        {"kind": "benefit_payment", "external_id": "AF-3", "identity_number": b.identity_number},
    ]
    text = json.dumps({"agency": "af", "records": records}, indent=2, ensure_ascii=False)
    path = tmp_path / "af.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FileRejected) as exc:
        parse_text(text, agency="af", fmt="json")
    lines = text.splitlines()
    second = next(i for i, line in enumerate(lines, 1) if '"external_id": "AF-2"' in line) - 2
    third = next(i for i, line in enumerate(lines, 1) if '"external_id": "AF-3"' in line) - 2
    messages = [str(e) for e in exc.value.errors]
    assert any(m.startswith(f"Rad {second}, fält category: Okänt värde 'arbetslös'") for m in messages)
    assert any(m.startswith(f"Rad {third}, fält kind: Utbetalning av förmån registreras bara hos") for m in messages)
    with pytest.raises(CommandError):
        call_command("registries", "import", "--agency", "af", str(path), stdout=StringIO(), stderr=StringIO())
    assert not JobseekerRegistration.objects.filter(external_id="AF-1").exists()


def test_a_valid_json_file_is_imported_once(world: None, tmp_path: Path) -> None:
    person = person_without_assistance_known_to("af")
    records = [
        {
            "kind": "labour_market_programme",
            "external_id": "AF-P-1",
            "identity_number": person.identity_number,
            "name": "Arbetsmarknadsutbildning",
            "period_start": "2026-09-01",
            "period_end": "2026-12-31",
        },
        {
            "kind": "establishment_allowance_decision",
            "external_id": "AF-E-1",
            "identity_number": person.identity_number,
            "entitled": True,
            "decision_date": "2026-08-20",
            "monthly_amount": "6776.00",
            "period_start": "2026-09-01",
            "period_end": "2028-08-31",
            "extent": "hel",
        },
    ]
    path = tmp_path / "af.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    out, _ = _import(path, agency="af")
    assert "2 nya poster" in out
    out, _ = _import(path, agency="af")
    assert "0 nya poster, 2 oförändrade" in out


def test_invalid_json_syntax_names_its_line(world: None) -> None:
    with pytest.raises(FileRejected) as exc:
        parse_text('[\n  {"kind": "benefit_payment",\n  "external_id": }\n]', agency="fk", fmt="json")
    assert str(exc.value.errors[0]).startswith("Rad 3: Ogiltig JSON")


def test_an_id_twice_in_the_same_file_is_refused(world: None) -> None:
    (a,) = _people(1)
    row = f"benefit_application,D-1,{a.identity_number},housing_allowance,2026-11-02\n"
    with pytest.raises(FileRejected) as exc:
        parse_text("kind,external_id,identity_number,benefit,submitted_on\n" + row + row, agency="fk", fmt="csv")
    assert str(exc.value.errors[0]) == "Rad 3, fält external_id: Id D-1 förekommer redan på rad 2."


def test_an_unknown_column_is_refused_on_line_one(world: None) -> None:
    with pytest.raises(FileRejected) as exc:
        parse_text("kind,external_id,identity_number,belopp\n", agency="fk", fmt="csv")
    assert str(exc.value.errors[0]) == "Rad 1, fält belopp: Okänd kolumn 'belopp'."
