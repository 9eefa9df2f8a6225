"""Issue 21 point 7: the demo login lists the socialnämnd's officials first, then the agencies, then the operator."""

from __future__ import annotations

import pytest

from samverkan.accounts.views import demo_accounts

pytestmark = pytest.mark.django_db


def test_the_socialnamnd_comes_first_and_the_platform_operator_last(world: None) -> None:
    names = [u.username for u in demo_accounts()]
    assert names.index("sara.lind") < names.index("fredrik.holm") < names.index("helena.strom")
    assert names[-1] == "drift"
