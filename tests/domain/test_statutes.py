"""Statute references: full Swedish citations and the wording in force on a day."""

from __future__ import annotations

import datetime as dt

import pytest

from samverkan.domain import statutes
from samverkan.domain.errors import InputError
from samverkan.domain.statutes import (
    CITATIONS,
    NEW_SOL_IN_FORCE,
    OLD_SOL_LAST_DAY,
    SOL_DUTY_BENEFITS,
    SOL_DUTY_EMPLOYMENT_SERVICE,
    SOL_REPAYMENT_CLAIM_ADVANCE,
    Citation,
    NoCitationInForce,
    all_in_force,
    citation,
    in_force,
    join_texts,
)


def test_citation_text_names_section_and_statute_in_full() -> None:
    assert statutes.SOL_2025_15_11.text == "15 kap. 11 § socialtjänstlagen (2025:400)"
    assert statutes.SOL_2001_11_11A.text == "11 kap. 11 a § socialtjänstlagen (2001:453)"
    assert statutes.F_2008_975_5.text == "5 § förordningen (2008:975)"
    assert statutes.OSL_10_28.text == "10 kap. 28 § offentlighets- och sekretesslagen (2009:400)"
    assert statutes.SFB_107_5.text == "107 kap. 5 § socialförsäkringsbalken (2010:110)"
    assert statutes.LAG_2019_1297_4.text == "4 § lagen (2019:1297) om koordineringsinsatser för sjukskrivna patienter"


def test_short_form_uses_the_abbreviation_when_there_is_one() -> None:
    assert statutes.OSL_12_2.short == "12 kap. 2 § OSL (2009:400)"
    assert statutes.F_2008_975_3.short == statutes.F_2008_975_3.text
    assert str(statutes.SFB_30_10) == statutes.SFB_30_10.text


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("SOL_2001_11_11", "11 kap. 11 § socialtjänstlagen (2001:453)"),
        ("SOL_2001_11_11A", "11 kap. 11 a §"),
        ("SOL_2025_15_10", "15 kap. 10 § socialtjänstlagen (2025:400)"),
        ("SOL_2025_15_11", "15 kap. 11 §"),
        ("F_2008_975_3", "3 §"),
        ("F_2008_975_5", "5 §"),
        ("F_2008_975_7", "7 §"),
        ("OSL_10_28", "10 kap. 28 §"),
        ("OSL_12_2", "12 kap. 2 §"),
        ("OSL_10_27", "10 kap. 27 §"),
        ("OSL_10_2", "10 kap. 2 §"),
        ("OSL_25_1", "25 kap. 1 §"),
        ("OSL_26_1", "26 kap. 1 §"),
        ("OSL_28_1", "28 kap. 1 §"),
        ("OSL_28_11", "28 kap. 11 §"),
        ("OSL_28_13", "28 kap. 13 §"),
        ("SFB_30_10", "30 kap. 10 § socialförsäkringsbalken"),
        ("LAG_2019_1297_4", "4 § lagen (2019:1297)"),
        ("SFB_107_5", "107 kap. 5 §"),
        ("SOL_2025_12_1", "12 kap. 1 § socialtjänstlagen (2025:400)"),
        ("SOL_2025_33_2", "33 kap. 2 § socialtjänstlagen (2025:400)"),
        ("SFB_110_14", "110 kap. 14 §"),
        ("SFB_110_58", "110 kap. 58 §"),
    ],
)
def test_every_provision_the_domain_needs_is_registered(name: str, text: str) -> None:
    assert text in citation(name).text
    assert CITATIONS[name] is getattr(statutes, name)


def test_unknown_citation_name_is_an_input_error() -> None:
    with pytest.raises(InputError) as raised:
        citation("OSL_99_1")
    assert raised.value.field == "citation"


def test_old_sol_applies_through_june_2025_and_new_sol_from_july() -> None:
    assert in_force(SOL_DUTY_BENEFITS, OLD_SOL_LAST_DAY) is statutes.SOL_2001_11_11
    assert in_force(SOL_DUTY_BENEFITS, NEW_SOL_IN_FORCE) is statutes.SOL_2025_15_10
    assert in_force(SOL_DUTY_EMPLOYMENT_SERVICE, dt.date(2025, 6, 30)).section == "11 kap. 11 a §"
    assert in_force(SOL_DUTY_EMPLOYMENT_SERVICE, dt.date(2025, 7, 1)).section == "15 kap. 11 §"
    assert in_force(SOL_REPAYMENT_CLAIM_ADVANCE, dt.date(2024, 1, 1)).section == "9 kap. 2 §"
    assert in_force(SOL_REPAYMENT_CLAIM_ADVANCE, dt.date(2026, 1, 1)).section == "33 kap. 2 §"


def test_the_old_and_new_sol_adjoin_without_gap_or_overlap() -> None:
    assert OLD_SOL_LAST_DAY + dt.timedelta(days=1) == NEW_SOL_IN_FORCE
    for day in (dt.date(2001, 1, 1), OLD_SOL_LAST_DAY, NEW_SOL_IN_FORCE, dt.date(2040, 1, 1)):
        in_force(SOL_DUTY_BENEFITS, day)  # exactly one, or it raises


def test_in_force_refuses_to_guess_when_no_wording_applies() -> None:
    future_only = Citation("SoL (2025:400)", "15 kap. 10 §", dt.date(2025, 7, 1))
    with pytest.raises(NoCitationInForce) as raised:
        in_force([future_only], dt.date(2025, 6, 30))
    assert "2025-06-30" in raised.value.message


def test_in_force_refuses_overlapping_wordings() -> None:
    one = Citation("SoL (2025:400)", "15 kap. 10 §", dt.date(2025, 7, 1))
    other = Citation("SoL (2001:453)", "11 kap. 11 §", None, dt.date(2025, 7, 1))
    with pytest.raises(NoCitationInForce) as raised:
        in_force([one, other], dt.date(2025, 7, 1))
    assert raised.value.code == "overlapping_citations"


def test_bounds_are_inclusive() -> None:
    c = Citation("OSL (2009:400)", "10 kap. 28 §", dt.date(2020, 1, 1), dt.date(2020, 12, 31))
    assert c.in_force_on(dt.date(2020, 1, 1))
    assert c.in_force_on(dt.date(2020, 12, 31))
    assert not c.in_force_on(dt.date(2019, 12, 31))
    assert not c.in_force_on(dt.date(2021, 1, 1))


def test_all_in_force_keeps_order_and_drops_the_others() -> None:
    cited = all_in_force((statutes.SOL_2001_11_11, statutes.SOL_2025_15_10, statutes.F_2008_975_3), dt.date(2026, 1, 1))
    assert cited == (statutes.SOL_2025_15_10, statutes.F_2008_975_3)
    assert join_texts(cited) == "15 kap. 10 § socialtjänstlagen (2025:400), 3 § förordningen (2008:975)"


def test_unknown_statute_code_is_rejected() -> None:
    with pytest.raises(InputError) as raised:
        Citation("XYZ (1999:1)", "1 §")
    assert raised.value.field == "statute"


def test_citation_validity_cannot_end_before_it_starts() -> None:
    with pytest.raises(InputError) as raised:
        Citation("OSL (2009:400)", "1 §", dt.date(2025, 1, 2), dt.date(2025, 1, 1))
    assert raised.value.field == "valid_to"


def test_citation_needs_a_section() -> None:
    with pytest.raises(InputError) as raised:
        Citation("OSL (2009:400)", "  ")
    assert raised.value.field == "section"


def test_citation_round_trips_through_its_dict_form() -> None:
    for c in (statutes.SOL_2001_11_11, statutes.SOL_2025_15_11, statutes.OSL_10_28):
        data = c.to_dict()
        assert data["text"] == c.text
        assert Citation.from_dict(data) == c
