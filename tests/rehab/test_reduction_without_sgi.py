"""Booking an avstämningsmöte where a reduction for non-attendance is possible: without an SGI only
sjukersättning or aktivitetsersättning can be reduced (SFB 110 kap. 57 §)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from samverkan.core.clock import today
from samverkan.disclosures.models import AuditEntry
from tests.rehab.conftest import Rehab
from tests.rehab.test_meetings import _book, _meeting

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("benefit", ["sickness_compensation", "activity_compensation"])
def test_sjukersattning_may_be_reduced_without_sgi(rehab: Rehab, benefit: str) -> None:
    coordination = rehab.open(has_sgi=False)
    meeting = _meeting(rehab, coordination)
    booked = _book(
        rehab,
        meeting,
        mode="on_site",
        location="FK",
        reduction_possible=True,
        non_attendance_notice_on=today(),
        reduced_benefit=benefit,
    )
    assert booked.reduction_possible and booked.status == "booked"
    entry = AuditEntry.objects.filter(event="rehab.meeting_booked").order_by("-pk").first()
    assert entry is not None and entry.extra["reduced_benefit"] == benefit


def test_sjukpenning_without_sgi_is_refused_on_the_benefit_field(rehab: Rehab) -> None:
    coordination = rehab.open(has_sgi=False)
    meeting = _meeting(rehab, coordination)
    with pytest.raises(ValidationError) as exc:
        _book(
            rehab,
            meeting,
            mode="on_site",
            location="FK",
            reduction_possible=True,
            non_attendance_notice_on=today(),
            reduced_benefit="sickness_benefit",
        )
    message = " ".join(exc.value.message_dict["reduced_benefit"])
    assert "saknar SGI" in message and "110 kap. 57 §" in message
    meeting.refresh_from_db()
    assert meeting.status == "requested"


def test_an_unknown_benefit_is_refused(rehab: Rehab) -> None:
    coordination = rehab.open(has_sgi=True)
    meeting = _meeting(rehab, coordination)
    with pytest.raises(ValidationError) as exc:
        _book(
            rehab,
            meeting,
            mode="on_site",
            location="FK",
            reduction_possible=True,
            non_attendance_notice_on=today(),
            reduced_benefit="housing_allowance",
        )
    assert "110 kap. 57 §" in " ".join(exc.value.message_dict["reduced_benefit"])
