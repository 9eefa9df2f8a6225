"""Which benefit SFB 110 kap. 58 § may reduce: 110 kap. 57 § covers sjukersättning and
aktivitetsersättning too, and those need no SGI."""

from __future__ import annotations

import pytest

from samverkan.domain.errors import InputError
from samverkan.domain.rehab import ReducibleBenefit, reduction_benefit_allowed


@pytest.mark.parametrize("benefit", ["sickness_compensation", "activity_compensation"])
@pytest.mark.parametrize("has_sgi", [False, True])
def test_sjukersattning_and_aktivitetsersattning_may_be_reduced_with_or_without_sgi(
    benefit: str, has_sgi: bool
) -> None:
    allowed, why = reduction_benefit_allowed(benefit, has_sgi=has_sgi)
    assert allowed
    assert "110 kap. 57 § socialförsäkringsbalken (2010:110)" in why
    assert "110 kap. 58 §" in why
    assert ReducibleBenefit(benefit).label.capitalize() in why


@pytest.mark.parametrize("benefit", ["sickness_benefit", "rehabilitation_benefit"])
def test_sjukpenning_and_rehabiliteringspenning_need_an_sgi(benefit: str) -> None:
    allowed, why = reduction_benefit_allowed(benefit, has_sgi=False)
    assert not allowed
    assert "saknar SGI" in why and ReducibleBenefit(benefit).label in why
    assert "110 kap. 57 §" in why
    assert reduction_benefit_allowed(benefit, has_sgi=True)[0]


@pytest.mark.parametrize("benefit", [None, ""])
def test_a_benefit_not_stated_is_sjukpenning_and_needs_an_sgi(benefit: str | None) -> None:
    assert reduction_benefit_allowed(benefit, has_sgi=True)[0]
    allowed, why = reduction_benefit_allowed(benefit, has_sgi=False)
    assert not allowed
    assert "Sjukersättning och aktivitetsersättning kan sättas ned även utan SGI" in why


def test_a_benefit_outside_57_paragraph_is_an_input_error() -> None:
    with pytest.raises(InputError) as caught:
        reduction_benefit_allowed("housing_allowance", has_sgi=True)
    assert caught.value.field == "benefit"
    assert "110 kap. 57 §" in caught.value.detail


def test_only_sjukpenning_and_rehabiliteringspenning_need_an_sgi() -> None:
    assert {b.value for b in ReducibleBenefit if b.needs_sgi} == {"sickness_benefit", "rehabilitation_benefit"}
