"""Fixtures of other apps that the cross-cutting tests here reuse."""

from tests.disclosures.conftest import gate  # noqa: F401
from tests.scheduling.conftest import job_table  # noqa: F401
