"""Every change of the plan is kept: who, when, before and after, and an audit entry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from samverkan.core.clock import today
from samverkan.disclosures.models import AuditEntry
from samverkan.rehab import services
from samverkan.rehab.models import PlanChange
from tests.rehab.conftest import Rehab

pytestmark = pytest.mark.django_db


def test_add_change_and_follow_up_are_each_recorded_with_before_and_after(rehab: Rehab) -> None:
    coordination = rehab.open()
    rehab.consent(coordination, rehab.af)
    audits_before = AuditEntry.objects.filter(event="rehab.plan_changed").count()
    measure = rehab.measure(coordination, rehab.af, status="ongoing")
    services.measure_update(
        measure=measure,
        changed_by=rehab.fk_user,
        description="Arbetsträning 50 %",
        kind="vocational",
        need_area="work",
        responsible=rehab.af,
        starts_on=measure.starts_on,
        ends_on=None,
        follow_up_on=measure.follow_up_on,
        status="ongoing",
        note="Utökad omfattning",
    )
    services.measure_follow_up(
        measure=measure,
        followed_up_by=rehab.fk_user,
        note="Går bra",
        status="ongoing",
        next_follow_up_on=today() + dt.timedelta(days=14),
    )
    changes = list(PlanChange.objects.filter(coordination=coordination).order_by("pk"))
    assert [c.action for c in changes] == ["measure_added", "measure_changed", "follow_up_recorded"]
    added, changed, followed = changes
    assert added.after is not None and changed.before is not None and changed.after is not None
    assert followed.after is not None
    assert added.before is None and added.after["description"] == "Arbetsträning"
    assert changed.before["description"] == "Arbetsträning" and changed.after["description"] == "Arbetsträning 50 %"
    assert changed.note == "Utökad omfattning" and changed.changed_by == rehab.fk_user
    assert followed.after["last_followed_up_on"] == today().isoformat()
    assert followed.after["follow_up_on"] == (today() + dt.timedelta(days=14)).isoformat()
    assert AuditEntry.objects.filter(event="rehab.plan_changed").count() == audits_before + 3
    entry = AuditEntry.objects.filter(event="rehab.plan_changed").latest("sequence")
    assert entry.person == rehab.person and entry.categories == ["rehab_plan"]
    assert entry.extra["plan_change"] == followed.pk


def test_an_unchanged_measure_is_not_a_change(rehab: Rehab) -> None:
    coordination = rehab.open()
    rehab.consent(coordination, rehab.af)
    measure = rehab.measure(coordination, rehab.af)
    with pytest.raises(ValidationError):
        services.measure_update(
            measure=measure,
            changed_by=rehab.fk_user,
            description=measure.description,
            kind=measure.kind,
            need_area=measure.need_area,
            responsible=measure.responsible,
            starts_on=measure.starts_on,
            ends_on=measure.ends_on,
            follow_up_on=measure.follow_up_on,
            status=measure.status,
        )
    assert PlanChange.objects.filter(coordination=coordination).count() == 1


def test_the_plan_is_made_with_the_person_and_the_first_plan_date_is_kept(rehab: Rehab) -> None:
    coordination = rehab.open(application_date=today() - dt.timedelta(days=30))
    with pytest.raises(ValidationError) as exc:
        services.plan_agree(
            coordination=coordination, agreed_by=rehab.fk_user, goal="Arbete", agreed_on=today(), made_with_person=True
        )
    assert "minst en insats" in str(exc.value)
    rehab.consent(coordination, rehab.af)
    rehab.measure(coordination, rehab.af)
    with pytest.raises(ValidationError) as exc:
        services.plan_agree(
            coordination=coordination, agreed_by=rehab.fk_user, goal="Arbete", agreed_on=today(), made_with_person=False
        )
    assert "30 kap. 9 §" in " ".join(exc.value.message_dict["made_with_person"])
    first = today() - dt.timedelta(days=3)
    services.plan_agree(
        coordination=coordination, agreed_by=rehab.fk_user, goal="Arbete", agreed_on=first, made_with_person=True
    )
    services.plan_agree(
        coordination=coordination,
        agreed_by=rehab.fk_user,
        goal="Arbete halvtid",
        agreed_on=today(),
        made_with_person=True,
    )
    coordination.refresh_from_db()
    assert coordination.first_plan_on == first and coordination.plan_agreed_on == today()
    assert PlanChange.objects.filter(coordination=coordination, action="plan_agreed").count() == 2


def test_history_page_shows_every_change_in_swedish(rehab: Rehab, client_for: object) -> None:
    coordination = rehab.open()
    rehab.consent(coordination, rehab.af)
    rehab.measure(coordination, rehab.af, description="Kartläggning hos AF")
    client = client_for("fredrik.holm")  # type: ignore[operator]
    response = client.get(f"/rehab/{coordination.pk}/historik/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Insats tillagd" in text and "Kartläggning hos AF" in text and "Arbetslivsinriktad" in text
