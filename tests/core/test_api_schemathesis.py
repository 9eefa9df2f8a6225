"""Schemathesis over the whole OpenAPI document (issue 15): every operation, as several roles.

The document comes from the application in-process (``api.get_openapi_schema()``, what
``/api/v1/openapi.json`` serves) and every generated request goes to Django's WSGI handler in this
thread, so it runs on the test's database connection inside the test's transaction: what an
operation writes is rolled back with the test, and the seeded demo world stays as it was for the
other tests. Django closes "old" connections at the start and end of every request, which would
end that transaction; :func:`in_test_transaction` switches that off as Django's test client does,
and every call checks that the transaction is still the test's.

Each operation is one test per role: officials of three organisations and kinds of role, and a
person in Mina sidor for the portal's operations. Two runs, both with a fixed seed:

- generated requests (schemathesis' examples and fuzzing phases, valid and invalid data, a few per
  operation), as each of the three officials; half of the object ids in paths name real rows;
- the boundaries (the coverage phase: every documented limit, huge numbers, far-away dates, missing
  and extra parameters, undocumented methods), once, as the official whose role reaches the operation.

The checks: no server error, only documented status codes, the documented content type, and a
body that conforms to the documented schema (errors too: :class:`~samverkan.core.api_errors.ErrorOut`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import schemathesis
from django.apps import apps
from django.conf import settings as django_settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from samverkan.api import api
from tests.portal.conftest import assistance_client_at_fk, portal_login

#: The seed of every run: the same requests each time, on both databases.
SEED = 15
#: Generated requests per operation and role in the fuzzing phase (the examples phase adds the documented ones).
MAX_EXAMPLES = 8
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

#: The model of each path parameter that names an object. A random number almost never names a row, so
#: half of the generated ids are replaced by the id of a real one (of any organisation: another
#: organisation's answers 404), and the checks see real answers too.
OBJECTS = {
    "application_id": "assistance.Application",
    "case_id": "cases.Case",
    "consent_id": "consents.Consent",
    "coordination_id": "rehab.RehabCoordination",
    "person_id": "people.Person",
    "question_id": "messaging.AdminQuestion",
    "reclaim_id": "reclaims.Reclaim",
    "request_id": "disclosures.DisclosureRequest",
}


def _real_id(label: str, n: int) -> int:
    ids = list(apps.get_model(label)._base_manager.order_by("pk").values_list("pk", flat=True))
    return ids[n % len(ids)] if ids else n


def flatmap_path_parameters(context: schemathesis.HookContext, path_parameters: dict[str, Any] | None) -> Any:
    """Half of the object ids name a real row (drawn while the test runs, so from the test's database)."""
    if not path_parameters:
        return st.just(path_parameters)
    ids = {
        name: st.one_of(
            st.just(value), st.integers(min_value=0, max_value=10_000).map(lambda n, m=model: _real_id(m, n))
        )
        for name, value in path_parameters.items()
        if (model := OBJECTS.get(name)) and isinstance(value, int) and not isinstance(value, bool)
    }
    return st.fixed_dictionaries(ids).map(lambda chosen: {**path_parameters, **chosen})


def _schema(*phases: str) -> Any:
    config = schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "cache": {"enabled": False},
            "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none"},
            "phases": {name: {"enabled": name in phases} for name in ("examples", "coverage", "fuzzing", "stateful")},
        }
    )
    loaded = schemathesis.openapi.from_dict(api.get_openapi_schema(), config=config)
    loaded.app = WSGIHandler()
    loaded.hook(flatmap_path_parameters)
    return loaded


generated = _schema("examples", "fuzzing")
boundaries = _schema("coverage")

#: Officials of three organisations and three kinds of role.
OFFICIALS = [
    "sara.lind",  # socialsekreterare, Socialnämnden i Sörby
    "fredrik.holm",  # utredare, Försäkringskassan
    "lars.ek",  # informationssäkerhetsansvarig, Socialnämnden i Sörby
]
PORTAL = "^/api/v1/mina-sidor/"
#: The log review and the statistics are the security officer's; the rest reaches furthest as a socialsekreterare.
REPORTS = "^/api/v1/reports/"

#: The CSRF secret of every call: the cookie and the header carry the same one, as a browser's would.
CSRF_SECRET = "samverkanschemathesisprovning015"

#: The role's session and the test's transaction are set up once per operation and role, on purpose: the
#: examples of one operation run one after the other in that transaction.
FIXTURES_SPAN_EXAMPLES = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


@contextmanager
def in_test_transaction() -> Iterator[None]:
    """Requests through the WSGI handler stay on this thread's connection, inside the test's transaction
    (around each call: Django's test client connects the signal again after each of its requests)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _call(case: schemathesis.Case, client: Client) -> None:
    assert connection.in_atomic_block
    with in_test_transaction():
        case.call_and_validate(
            checks=CHECKS,
            cookies={
                django_settings.SESSION_COOKIE_NAME: client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                django_settings.CSRF_COOKIE_NAME: CSRF_SECRET,
            },
            headers={"X-CSRFToken": CSRF_SECRET},
        )
    # Still the test's transaction: nothing was committed, and the rollback at the end undoes it all.
    assert connection.in_atomic_block and not connection.closed_in_transaction


@pytest.fixture(params=OFFICIALS)
def official(request: Any, client_for: Any) -> Client:
    client: Client = client_for(request.param)
    return client


@pytest.fixture
def person_session(client: Client, world: None, settings: Any) -> Client:
    settings.DEMO_MODE = True
    return portal_login(client, assistance_client_at_fk())


@generated.exclude(path_regex=PORTAL).parametrize()
@FIXTURES_SPAN_EXAMPLES
def test_generated_requests_as_officials(case: schemathesis.Case, official: Client) -> None:
    _call(case, official)


@generated.include(path_regex=PORTAL).parametrize()
@FIXTURES_SPAN_EXAMPLES
def test_generated_requests_as_a_person(case: schemathesis.Case, person_session: Client) -> None:
    _call(case, person_session)


@boundaries.exclude(path_regex=f"{PORTAL}|{REPORTS}").parametrize()
@pytest.mark.parametrize("official", ["sara.lind"], indirect=True)
@FIXTURES_SPAN_EXAMPLES
def test_the_boundaries_as_a_socialsekreterare(case: schemathesis.Case, official: Client) -> None:
    _call(case, official)


@boundaries.include(path_regex=REPORTS).parametrize()
@pytest.mark.parametrize("official", ["lars.ek"], indirect=True)
@FIXTURES_SPAN_EXAMPLES
def test_the_boundaries_as_the_security_officer(case: schemathesis.Case, official: Client) -> None:
    _call(case, official)


@boundaries.include(path_regex=PORTAL).parametrize()
@FIXTURES_SPAN_EXAMPLES
def test_the_boundaries_as_a_person(case: schemathesis.Case, person_session: Client) -> None:
    _call(case, person_session)
