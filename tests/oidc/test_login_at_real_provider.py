"""Mina sidor's e-ID login against a real OpenID Connect provider (npm's oidc-provider), without a browser: the
authorization code flow with PKCE, state and nonce; a tampered callback, an expired ID token and a token from a
foreign issuer are refused, each with a Swedish error page and no session; logging out goes to the provider."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.test import Client

from samverkan.core import clock
from samverkan.people.models import Person
from samverkan.portal import oidc, selectors
from samverkan.portal.auth import OIDC_PENDING_KEY, PERSON_KEY
from tests.oidc.conftest import (
    CLIENT_ID,
    LOGIN,
    TEST_HOST,
    DevProvider,
    RealOidc,
    configure_portal,
    path_and_query,
    provider_login,
    start_provider,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(world: None) -> Person:
    found = Person.objects.filter(cases__isnull=False, protected_identity=False).order_by("pk").first()
    assert found is not None
    return found


def start(client: Client) -> str:
    """Press "Logga in med e-legitimation": the portal sends the person to the provider's authorize endpoint."""
    response = client.post("/mina-sidor/logga-in/oidc/")
    assert response.status_code == 302, response.content.decode()
    return str(response["Location"])


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def assert_refused(response: object, message: str, client: Client) -> None:
    body = response.content.decode()  # type: ignore[attr-defined]
    shown = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body.split("<main", 1)[-1]))[:600]
    assert response.status_code == 400, shown  # type: ignore[attr-defined]
    assert "Inloggningen gick inte att slutföra" in body and message in body, shown
    assert '<html lang="sv"' in body
    assert PERSON_KEY not in client.session and OIDC_PENDING_KEY not in client.session


def test_person_logs_in_at_the_provider_with_pkce_state_and_nonce(
    client: Client, real_oidc: RealOidc, person: Person
) -> None:
    authorize = start(client)
    sent = query_of(authorize)
    assert authorize.startswith(f"{real_oidc.issuer}/auth?")
    assert sent["code_challenge_method"] == "S256" and sent["client_id"] == CLIENT_ID
    pending = client.session[OIDC_PENDING_KEY]
    assert oidc.code_challenge(pending["code_verifier"]) == sent["code_challenge"]
    assert (pending["state"], pending["nonce"]) == (sent["state"], sent["nonce"])

    back = provider_login(authorize, person.identity_number)
    returned = query_of(back)
    assert returned["state"] == sent["state"] and returned["iss"] == real_oidc.issuer and returned["code"]

    response = client.get(path_and_query(back))
    assert response.status_code == 302 and response["Location"] == "/mina-sidor/"
    assert client.session[PERSON_KEY] == person.pk
    page = client.get("/mina-sidor/").content.decode()
    assert person.full_name in page
    for matter in selectors.matters_for(person):
        assert matter.reference in page

    # The code is single-use at the provider too: replaying the callback gets nobody in.
    client.post("/mina-sidor/logga-ut/")
    assert_refused(client.get(path_and_query(back)), "Börja om", client)


def test_tampered_state_is_refused(client: Client, real_oidc: RealOidc, person: Person) -> None:
    back = provider_login(start(client), person.identity_number).replace("state=", "state=x")

    assert_refused(client.get(path_and_query(back)), "fel state", client)


def test_expired_id_token_is_refused(client: Client, real_oidc: RealOidc, person: Person) -> None:
    authorize = start(client)
    # The provider's clock is two hours slow: the ID token it issues (valid one hour) has already expired.
    real_oidc.provider.set_clock(clock.now() - dt.timedelta(hours=2))

    back = provider_login(authorize, person.identity_number)

    assert_refused(client.get(path_and_query(back)), "Identitetsuppgiften har gått ut", client)


@pytest.mark.parametrize("with_iss_parameter", [True, False], ids=["iss-in-callback", "iss-in-id-token"])
def test_token_from_a_foreign_issuer_is_refused(
    client: Client, real_oidc: RealOidc, person: Person, monkeypatch: pytest.MonkeyPatch, with_iss_parameter: bool
) -> None:
    # The portal trusts ".../mixup", whose discovery document sends it to the provider, whose tokens name its own
    # issuer: the callback's iss (RFC 9207) and, without it, the ID token's iss are foreign.
    configure_portal(monkeypatch, issuer=f"{real_oidc.issuer}/mixup", host=TEST_HOST)
    back = provider_login(start(client), person.identity_number)
    if not with_iss_parameter:
        without_iss = {key: value for key, value in query_of(back).items() if key != "iss"}
        back = f"{back.split('?', 1)[0]}?{urlencode(without_iss)}"

    expected = "kommer från en annan utgivare"
    assert_refused(client.get(path_and_query(back)), expected, client)


def test_keys_rotated_by_the_provider_are_fetched_again(
    client: Client, person: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    def log_in(provider: DevProvider) -> None:
        back = provider_login(start(client), person.identity_number)
        assert client.get(path_and_query(back)).status_code == 302
        assert client.session[PERSON_KEY] == person.pk
        client.post("/mina-sidor/logga-ut/")

    before = start_provider(TEST_HOST)
    provider = next(before)
    try:
        configure_portal(monkeypatch, issuer=provider.issuer, host=TEST_HOST)
        log_in(provider)  # the portal now holds the provider's key set
        port = urlsplit(provider.issuer).port
        assert port is not None
    finally:
        before.close()
    # The provider comes back at the same address with a new signing key: an unknown kid, fetched again.
    after = start_provider(TEST_HOST, port=port)
    try:
        log_in(next(after))
    finally:
        after.close()


def test_logout_ends_the_session_at_the_provider_too(client: Client, real_oidc: RealOidc, person: Person) -> None:
    back = provider_login(start(client), person.identity_number)
    assert client.get(path_and_query(back)).status_code == 302

    response = client.post("/mina-sidor/logga-ut/")

    assert response.status_code == 302
    assert response["Location"].startswith(f"{real_oidc.issuer}/session/end?")
    assert query_of(response["Location"]) == {
        "client_id": CLIENT_ID,
        "post_logout_redirect_uri": TEST_HOST + LOGIN,
        "ui_locales": "sv",
    }
    assert PERSON_KEY not in client.session
