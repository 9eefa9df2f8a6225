"""The pages: registering an application without JavaScript, bad input, and who may see what."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from samverkan.accounts.models import User
from samverkan.assistance import runs
from samverkan.assistance.models import Application, ControlRun, DeclaredIncome, Payment
from samverkan.cases.models import Case
from samverkan.core.clock import today

pytestmark = pytest.mark.django_db


def _form(month: dt.date, applicant_id: int, **extra: str) -> dict[str, str]:
    data = {
        "month": f"{month:%Y-%m}",
        "received_on": today().isoformat(),
        "applied_amount": "",
        "note": "",
        "incomes-TOTAL_FORMS": "3",
        "incomes-INITIAL_FORMS": "0",
        "incomes-MIN_NUM_FORMS": "0",
        "incomes-MAX_NUM_FORMS": "20",
        "costs-TOTAL_FORMS": "3",
        "costs-INITIAL_FORMS": "0",
        "costs-MIN_NUM_FORMS": "0",
        "costs-MAX_NUM_FORMS": "20",
    }
    for i in range(3):
        data.update(
            {f"incomes-{i}-person": str(applicant_id), f"incomes-{i}-kind": "salary", f"incomes-{i}-amount": ""}
        )
        data.update({f"costs-{i}-kind": "rent", f"costs-{i}-amount": ""})
    data.update(extra)
    return data


def test_new_application_form_stores_filled_rows_and_shows_the_checklist(
    client_for: Callable[[str], Any], case: Case, month: dt.date, settings: Any
) -> None:
    settings.SAMVERKAN_SOURCES = {a: {"latency": 0.0} for a in ("fk", "pm", "af", "unemployment_fund")}
    client = client_for("sara.lind")
    page = client.get(reverse("assistance:create", args=[case.pk]))
    assert page.status_code == 200
    assert "Ny ansökan om ekonomiskt bistånd" in page.content.decode()
    response = client.post(
        reverse("assistance:create", args=[case.pk]),
        _form(month, case.subject_id, **{"incomes-1-amount": "2 500,50", "costs-0-amount": "7100"}),
    )
    application = Application.objects.get(case=case, month=month)
    assert response.status_code == 302
    assert response["Location"] == reverse("assistance:detail", args=[application.pk])
    assert [str(i.amount) for i in DeclaredIncome.objects.filter(application=application)] == ["2500.50"]
    detail = client.get(response["Location"]).content.decode()
    assert "Kontroller för" in detail
    assert "2\u00a0500,50\u00a0kr" in detail


def test_negative_income_in_the_form_is_refused_with_the_row_named(
    client_for: Callable[[str], Any], case: Case, month: dt.date
) -> None:
    response = client_for("sara.lind").post(
        reverse("assistance:create", args=[case.pk]), _form(month, case.subject_id, **{"incomes-2-amount": "-300"})
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Det gick inte att spara" in text
    assert "Inkomst 3, belopp: Beloppet får inte vara negativt." in text
    assert not Application.objects.filter(case=case, month=month).exists()


def test_payment_form_errors_are_shown_and_nothing_stored(
    client_for: Callable[[str], Any], granted: Application
) -> None:
    response = client_for("sara.lind").post(
        reverse("assistance:payment_register", args=[granted.pk]),
        {
            "recipient": str(granted.case.subject_id),
            "kind": "subsistence",
            "amount": "1000",
            "period_start": (granted.month + dt.timedelta(days=20)).isoformat(),
            "period_end": granted.month.isoformat(),
            "paid_on": granted.month.isoformat(),
            "advance_benefit": "",
        },
    )
    assert response.status_code == 400
    assert "före den börjar" in response.content.decode()
    assert not Payment.objects.filter(application=granted).exists()


def test_case_page_has_the_applications_panel(client_for: Callable[[str], Any], case: Case) -> None:
    text = client_for("sara.lind").get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Ansökningar om ekonomiskt bistånd" in text
    assert reverse("assistance:create", args=[case.pk]) in text


@pytest.mark.parametrize("username", ["fredrik.holm", "ali.karimi", "helena.strom", "ingrid.sandberg", "lars.ek"])
def test_other_roles_and_organisations_get_no_access(
    username: str, client_for: Callable[[str], Any], granted: Application
) -> None:
    client = client_for(username)
    for url in (
        reverse("assistance:list"),
        reverse("assistance:runs"),
        reverse("assistance:detail", args=[granted.pk]),
        reverse("assistance:create", args=[granted.case_id]),
    ):
        assert client.get(url).status_code == 403
    assert client.get(f"/api/v1/assistance/applications/{granted.pk}").status_code == 403


def test_another_socialnamnds_application_is_not_found(
    client_for: Callable[[str], Any], granted: Application, user_named: Callable[[str], User], monkeypatch: Any
) -> None:
    """Objects of another organisation are 404: move the application to another nämnd and look."""
    from samverkan.accounts.models import Organisation

    other = Organisation.objects.create(
        code="norrby-socialnamnd", name="Socialnämnden i Norrby", org_type="social_services"
    )
    Application.objects.filter(pk=granted.pk).update(organisation=other)
    client = client_for("sara.lind")
    assert client.get(reverse("assistance:detail", args=[granted.pk])).status_code == 404
    assert client.post(reverse("assistance:decide", args=[granted.pk]), {}).status_code == 404
    assert client.get(f"/api/v1/assistance/applications/{granted.pk}").status_code == 404


def test_anonymous_visitor_is_sent_to_login(client: Any, granted: Application) -> None:
    response = client.get(reverse("assistance:detail", args=[granted.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_api_returns_the_application_with_its_payments(client_for: Callable[[str], Any], granted: Application) -> None:
    data = client_for("eva.berg").get(f"/api/v1/assistance/applications/{granted.pk}").json()
    assert data["id"] == granted.pk and data["decision"] == "granted"
    assert data["granted_amount"] == "9000.00"


def test_run_list_shows_counts_per_result(
    client_for: Callable[[str], Any], sara: User, month: dt.date, sources: Callable[..., Any]
) -> None:
    organisation = sara.organisation
    Case.objects.filter(organisation=organisation, case_type="assistance", status="active").exclude(
        pk=Case.objects.filter(organisation=organisation, case_type="assistance", status="active").order_by("pk")[0].pk
    ).update(status="closed", closed_on=dt.date(2026, 12, 31))
    run, _ = runs.control_run_start(organisation=organisation, month=month)  # type: ignore[arg-type]
    runs.control_run_execute(run=run, source_overrides=sources())
    client = client_for("sara.lind")
    text = client.get(reverse("assistance:runs")).content.decode()
    assert "Kontrollkörningar" in text and "Klar" in text
    assert "Stämmer" in text and "Saknas" in text
    detail = client.get(reverse("assistance:run_detail", args=[run.pk])).content.decode()
    assert run.cases_total == 1
    assert "Behöver bedömas" in detail
    assert ControlRun.objects.get(pk=run.pk).status == "completed"


def test_starting_a_run_in_the_browser_runs_it_in_the_background(
    client_for: Callable[[str], Any], sara: User, month: dt.date, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from types import SimpleNamespace

    from samverkan.assistance import views
    from samverkan.assistance.tasks import control_run_task

    # The task as the worker runs it, at once (whichever backend the test settings ended up with).
    monkeypatch.setattr(views, "control_run_task", SimpleNamespace(enqueue=lambda *args: control_run_task.call(*args)))
    settings.SAMVERKAN_SOURCES = {a: {"latency": 0.0} for a in ("fk", "pm", "af", "unemployment_fund")}
    active = Case.objects.filter(organisation=sara.organisation, case_type="assistance", status="active").order_by("pk")
    active.exclude(pk=active[0].pk).update(status="closed", closed_on=dt.date(2026, 12, 31))
    client = client_for("sara.lind")
    response = client.post(reverse("assistance:runs"), {"month": f"{month:%Y-%m}"})
    assert response.status_code == 302
    run = ControlRun.objects.get(organisation=sara.organisation, month=month)
    assert (run.status, run.cases_total, run.started_by_id) == ("completed", 1, sara.pk)
    future = client.post(reverse("assistance:runs"), {"month": f"{(month + dt.timedelta(days=40)):%Y-%m}"})
    assert future.status_code == 400
    assert "har inte börjat" in future.content.decode()
