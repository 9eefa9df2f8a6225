"""Logging in to Mina sidor with OpenID Connect, against a local identity provider started by the test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from django.test import Client

from samverkan.disclosures.models import AuditEntry
from samverkan.people.models import Person
from samverkan.portal import oidc
from samverkan.portal.auth import PERSON_KEY
from tests.portal.idp import CLIENT_ID, CLIENT_SECRET, LocalIdentityProvider

pytestmark = pytest.mark.django_db

CALLBACK = "/mina-sidor/logga-in/oidc/klar/"


@pytest.fixture
def idp(monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalIdentityProvider]:
    provider = LocalIdentityProvider().start()
    monkeypatch.setenv("SAMVERKAN_OIDC_ISSUER", provider.issuer)
    monkeypatch.setenv("SAMVERKAN_OIDC_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("SAMVERKAN_OIDC_CLIENT_SECRET", CLIENT_SECRET)
    monkeypatch.setenv("SAMVERKAN_OIDC_REDIRECT_URI", f"http://testserver{CALLBACK}")
    monkeypatch.delenv("SAMVERKAN_OIDC_PERSONNUMMER_CLAIM", raising=False)
    oidc.clear_cache()
    yield provider
    provider.stop()
    oidc.clear_cache()


@pytest.fixture
def someone(world: None) -> Person:
    person = Person.objects.filter(cases__isnull=False, protected_identity=False).order_by("pk").first()
    assert person is not None
    return person


def start(client: Client) -> str:
    """Press "Logga in med e-legitimation"; returns the provider's authorize URL."""
    response = client.post("/mina-sidor/logga-in/oidc/")
    assert response.status_code == 302
    return str(response["Location"])


def provider_redirect(authorize_url: str) -> str:
    """The person logs in at the provider, which sends the browser back with a code and the state."""
    response = httpx.get(authorize_url, follow_redirects=False)
    assert response.status_code == 302, response.text
    return str(response.headers["location"])


def callback(client: Client, url: str) -> Any:
    parts = urlsplit(url)
    return client.get(f"{parts.path}?{parts.query}")


def login(client: Client) -> Any:
    return callback(client, provider_redirect(start(client)))


def test_person_logs_in_with_oidc_and_sees_own_page(
    client: Client, idp: LocalIdentityProvider, someone: Person
) -> None:
    idp.personnummer = someone.identity_number
    before = AuditEntry.objects.filter(event="portal.login", person=someone).count()

    response = login(client)

    assert response.status_code == 302 and response["Location"] == "/mina-sidor/"
    assert client.session[PERSON_KEY] == someone.pk
    page = client.get("/mina-sidor/")
    assert page.status_code == 200
    assert someone.full_name in page.content.decode()
    entry = AuditEntry.objects.filter(event="portal.login", person=someone).order_by("-sequence").first()
    assert entry is not None and entry.extra == {"method": "oidc"}
    assert AuditEntry.objects.filter(event="portal.login", person=someone).count() == before + 1


def test_authorization_request_uses_pkce_state_and_nonce(client: Client, idp: LocalIdentityProvider) -> None:
    url = start(client)
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert url.startswith(f"{idp.issuer}/authorize?")
    assert query["response_type"] == "code"
    assert query["client_id"] == CLIENT_ID
    assert query["scope"] == "openid"
    assert query["code_challenge_method"] == "S256"
    assert len(query["state"]) >= 32 and len(query["nonce"]) >= 32
    pending = client.session["portal.oidc_pending"]
    assert oidc.code_challenge(pending["code_verifier"]) == query["code_challenge"]
    assert pending["state"] == query["state"] and pending["nonce"] == query["nonce"]


def test_ten_digit_personnummer_in_a_configured_claim_is_normalised(
    client: Client, idp: LocalIdentityProvider, someone: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAMVERKAN_OIDC_PERSONNUMMER_CLAIM", "pnr")
    idp.claim = "pnr"
    twelve = someone.identity_number  # ÅÅÅÅMMDD-NNNN
    idp.personnummer = twelve[2:]  # ÅÅMMDD-NNNN

    response = login(client)

    assert response.status_code == 302
    assert client.session[PERSON_KEY] == someone.pk


def test_tampered_state_is_refused_and_nobody_is_logged_in(
    client: Client, idp: LocalIdentityProvider, someone: Person
) -> None:
    idp.personnummer = someone.identity_number
    back = provider_redirect(start(client)).replace("state=", "state=x")

    response = callback(client, back)

    assert response.status_code == 400
    assert "fel state" in response.content.decode()
    assert PERSON_KEY not in client.session
    assert idp.token_requests == []  # the code was never exchanged


def test_callback_cannot_be_replayed(client: Client, idp: LocalIdentityProvider, someone: Person) -> None:
    idp.personnummer = someone.identity_number
    back = provider_redirect(start(client))
    assert callback(client, back).status_code == 302
    client.post("/mina-sidor/logga-ut/")

    replay = callback(client, back)

    assert replay.status_code == 400
    assert PERSON_KEY not in client.session


def test_wrong_nonce_in_id_token_is_refused(client: Client, idp: LocalIdentityProvider, someone: Person) -> None:
    idp.personnummer = someone.identity_number
    idp.nonce_override = "another-login"

    response = login(client)

    assert response.status_code == 400
    assert "nonce" in response.content.decode()
    assert PERSON_KEY not in client.session


@pytest.mark.parametrize("audience", ["another-client", ["another-client", "yet-another"]])
def test_id_token_for_another_client_is_refused(
    client: Client, idp: LocalIdentityProvider, someone: Person, audience: Any
) -> None:
    idp.personnummer = someone.identity_number
    idp.audience_override = audience

    response = login(client)

    assert response.status_code == 400
    assert "annan tjänst" in response.content.decode()
    assert PERSON_KEY not in client.session


def test_several_audiences_need_azp_naming_this_client(
    client: Client, idp: LocalIdentityProvider, someone: Person
) -> None:
    idp.personnummer = someone.identity_number
    idp.audience_override = [CLIENT_ID, "another-client"]  # no azp claim

    response = login(client)

    assert response.status_code == 400
    assert PERSON_KEY not in client.session


def test_id_token_from_another_issuer_is_refused(client: Client, idp: LocalIdentityProvider, someone: Person) -> None:
    idp.personnummer = someone.identity_number
    idp.issuer_override = "https://evil.example"

    response = login(client)

    assert response.status_code == 400
    assert "annan utgivare" in response.content.decode()


def test_id_token_signed_with_another_key_is_refused(
    client: Client, idp: LocalIdentityProvider, someone: Person
) -> None:
    idp.personnummer = someone.identity_number
    idp.sign_with_other_key = True

    response = login(client)

    assert response.status_code == 400
    assert "signatur" in response.content.decode()
    assert PERSON_KEY not in client.session


def test_expired_id_token_is_refused(client: Client, idp: LocalIdentityProvider, someone: Person) -> None:
    idp.personnummer = someone.identity_number
    idp.expires_in = -3600

    response = login(client)

    assert response.status_code == 400
    assert "gått ut" in response.content.decode()


def test_unknown_personnummer_gets_a_clear_answer_and_no_session(client: Client, idp: LocalIdentityProvider) -> None:
    idp.personnummer = "19121212-1212"  # Skatteverket's well-known test number; nobody in the demo world
    assert not Person.objects.filter(identity_number="19121212-1212").exists()

    response = login(client)

    assert response.status_code == 403
    assert "hittar inga ärenden om dig" in response.content.decode()
    assert PERSON_KEY not in client.session


def test_invalid_personnummer_claim_is_refused(client: Client, idp: LocalIdentityProvider) -> None:
    idp.personnummer = "19121212-1213"  # wrong check digit

    response = login(client)

    assert response.status_code == 400
    assert "Personnumret från inloggningen är ogiltigt" in response.content.decode()


def test_person_who_cancels_at_the_provider_is_told_so(client: Client, idp: LocalIdentityProvider) -> None:
    start(client)
    state = client.session["portal.oidc_pending"]["state"]

    response = client.get(CALLBACK, {"error": "access_denied", "state": state})

    assert response.status_code == 400
    assert "Inloggningen avbröts" in response.content.decode()


def test_login_page_offers_e_legitimation_only_when_configured(
    client: Client, world: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("ISSUER", "CLIENT_ID", "REDIRECT_URI"):
        monkeypatch.delenv(f"SAMVERKAN_OIDC_{name}", raising=False)
    page = client.get("/mina-sidor/logga-in/").content.decode()
    assert "inte inställd" in page
    assert client.post("/mina-sidor/logga-in/oidc/").status_code == 404


def test_unreachable_provider_is_a_clear_error(client: Client, world: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAMVERKAN_OIDC_ISSUER", "http://127.0.0.1:9")  # discard port: nothing listens
    monkeypatch.setenv("SAMVERKAN_OIDC_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("SAMVERKAN_OIDC_REDIRECT_URI", f"http://testserver{CALLBACK}")
    oidc.clear_cache()

    response = client.post("/mina-sidor/logga-in/oidc/")

    assert response.status_code == 503
    assert "Det gick inte att nå inloggningstjänsten" in response.content.decode()
