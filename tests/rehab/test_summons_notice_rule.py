"""The rule: when the kallelse carries the notice of SFB 110 kap. 58 § (samverkan.domain.summons)."""

from __future__ import annotations

import datetime as dt

import pytest

from samverkan.domain.errors import InputError
from samverkan.domain.statutes import SFB_110_14, SFB_110_58
from samverkan.domain.summons import NO_NOTICE_TEXT, NOTICE_TEXT, summons_notice

MEETING = dt.date(2026, 11, 25)


def test_a_meeting_booked_so_that_the_benefit_may_be_reduced_carries_the_notice() -> None:
    notice = summons_notice(reduction_possible=True, meeting_on=MEETING, sent_on=dt.date(2026, 11, 18))
    assert notice.applies and notice.beforehand
    assert notice.text == NOTICE_TEXT
    assert SFB_110_58.text in notice.text and SFB_110_14.text in notice.text
    assert "giltig anledning" in notice.text and "dras in eller sättas ned" in notice.text
    assert SFB_110_58 in notice.citations
    assert "i förväg" in notice.explanation and SFB_110_58.text in notice.explanation


def test_without_a_possible_reduction_the_kallelse_threatens_nothing() -> None:
    notice = summons_notice(reduction_possible=False, meeting_on=MEETING, sent_on=dt.date(2026, 11, 18))
    assert not notice.applies and not notice.beforehand
    assert notice.text == NO_NOTICE_TEXT
    assert "sättas ned" not in notice.text
    assert SFB_110_58.text in notice.explanation


@pytest.mark.parametrize("sent_on", [MEETING, MEETING + dt.timedelta(days=1)])
def test_a_kallelse_sent_on_the_meeting_day_or_later_is_no_notice_beforehand(sent_on: dt.date) -> None:
    notice = summons_notice(reduction_possible=True, meeting_on=MEETING, sent_on=sent_on)
    assert notice.applies and not notice.beforehand
    assert "inte före mötet" in notice.explanation


def test_the_day_before_the_meeting_is_in_time() -> None:
    assert summons_notice(
        reduction_possible=True, meeting_on=MEETING, sent_on=MEETING - dt.timedelta(days=1)
    ).beforehand


@pytest.mark.parametrize(
    "kwargs",
    [
        {"reduction_possible": True, "meeting_on": "2026-11-25", "sent_on": MEETING},
        {"reduction_possible": True, "meeting_on": MEETING, "sent_on": dt.datetime(2026, 11, 18, 10, 0, tzinfo=dt.UTC)},
        {"reduction_possible": "ja", "meeting_on": MEETING, "sent_on": MEETING},
    ],
)
def test_bad_input_is_an_input_error_in_swedish(kwargs: dict[str, object]) -> None:
    with pytest.raises(InputError) as exc:
        summons_notice(**kwargs)  # type: ignore[arg-type]
    assert exc.value.detail.startswith("Ange")
