"""The person's login with OpenID Connect: authorization code flow with PKCE, state and nonce.

This is how public-sector e-ID (BankID, Freja eID) reaches an application through an identity
provider. Configured from the environment (read here, not in settings):

- ``SAMVERKAN_OIDC_ISSUER``: the provider's issuer URL; discovery is
  ``<issuer>/.well-known/openid-configuration``;
- ``SAMVERKAN_OIDC_CLIENT_ID`` and ``SAMVERKAN_OIDC_CLIENT_SECRET`` (HTTP Basic at the token
  endpoint; without a secret the client id is sent in the form as a public client);
- ``SAMVERKAN_OIDC_REDIRECT_URI``: this application's callback, ``…/mina-sidor/logga-in/oidc/klar/``;
- ``SAMVERKAN_OIDC_PERSONNUMMER_CLAIM``: the ID-token claim carrying the personnummer
  (default ``personal_number``), normalised with :mod:`samverkan.domain.identity`;
- ``SAMVERKAN_OIDC_SCOPE`` (default ``openid``);
- ``SAMVERKAN_OIDC_POST_LOGOUT_REDIRECT_URI``: where the provider sends the person after logging out there
  (registered at the provider; default: Mina sidor's login page on the redirect URI's host).

The flow: :func:`begin_login` makes a fresh ``state``, ``nonce`` and PKCE ``code_verifier``
(S256) and the authorization URL; the caller keeps the :class:`PendingLogin` in the session.
:func:`complete_login` checks ``state``, exchanges the code (with the verifier) at the token
endpoint with httpx, and validates the ID token: signature RS256 against the provider's JWKS,
``iss``, ``aud`` (and ``azp`` when there are several audiences), ``exp``/``iat``/``nbf`` and ``nonce``.
An ``iss`` in the callback (RFC 9207, against mix-ups between providers) must name the configured issuer.
Every failure is an :class:`OidcError` with a Swedish message and a stable ``code``. Logging out ends the
provider's session too when it has an ``end_session_endpoint`` (:func:`end_session_url`, RP-initiated logout).

Time: ``exp``, ``iat``, ``nbf`` and the age of a started login are judged by :mod:`samverkan.core.clock`, the
application's one clock (the real time in production; the pinned time in the tests, where the test provider runs
on the same pinned clock), with :data:`LEEWAY_SECONDS` for the difference between two machines' clocks.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlencode, urljoin

import httpx
import jwt

from samverkan.core import clock
from samverkan.domain.identity import InvalidIdentityNumber, normalize_identity_number

ENV_PREFIX = "SAMVERKAN_OIDC_"
DEFAULT_PERSONNUMMER_CLAIM = "personal_number"
#: Only RS256 is accepted: never "none", never a symmetric algorithm chosen by the token.
ALGORITHMS = ("RS256",)
#: Allowed clock difference between us and the provider, in seconds.
LEEWAY_SECONDS = 60
#: How long a started login may take before the callback, in seconds.
PENDING_MAX_AGE_SECONDS = 10 * 60
#: Discovery documents and key sets are cached this long (keys are fetched again on an unknown ``kid``).
CACHE_SECONDS = 5 * 60


class OidcError(Exception):
    """A login that cannot be completed; ``message`` is Swedish and fit to show the person."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class OidcSettings:
    issuer: str
    client_id: str
    client_secret: str
    redirect_uri: str
    personnummer_claim: str = DEFAULT_PERSONNUMMER_CLAIM
    scope: str = "openid"
    post_logout_redirect_uri: str = ""
    timeout_seconds: float = 10.0


def oidc_settings(environ: Mapping[str, str] | None = None) -> OidcSettings | None:
    """The configuration from the environment, or None when OpenID Connect is not configured."""
    env = os.environ if environ is None else environ

    def get(name: str, default: str = "") -> str:
        return (env.get(ENV_PREFIX + name) or default).strip()

    issuer, client_id, redirect_uri = get("ISSUER"), get("CLIENT_ID"), get("REDIRECT_URI")
    if not (issuer and client_id and redirect_uri):
        return None
    return OidcSettings(
        issuer=issuer,
        client_id=client_id,
        client_secret=get("CLIENT_SECRET"),
        redirect_uri=redirect_uri,
        personnummer_claim=get("PERSONNUMMER_CLAIM", DEFAULT_PERSONNUMMER_CLAIM),
        scope=get("SCOPE", "openid"),
        post_logout_redirect_uri=get("POST_LOGOUT_REDIRECT_URI"),
    )


@dataclass(frozen=True)
class ProviderMetadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    end_session_endpoint: str = ""


@dataclass(frozen=True)
class PendingLogin:
    """What the session keeps between the redirect to the provider and the callback."""

    state: str
    nonce: str
    code_verifier: str
    started_at: float

    def to_session(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_session(cls, data: object) -> PendingLogin | None:
        if not isinstance(data, Mapping):
            return None
        try:
            return cls(
                state=str(data["state"]),
                nonce=str(data["nonce"]),
                code_verifier=str(data["code_verifier"]),
                started_at=float(data["started_at"]),
            )
        except (KeyError, TypeError, ValueError):
            return None

    def expired(self, at: float | None = None) -> bool:
        return (_now() if at is None else at) - self.started_at > PENDING_MAX_AGE_SECONDS


def _now() -> float:
    """The application's clock as a POSIX timestamp (see the module's note on time)."""
    return clock.now().timestamp()


# --- Fetching from the provider ------------------------------------------------------------------

_cache: dict[str, tuple[float, Any]] = {}
_cache_lock = threading.Lock()


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()


def _get_json(url: str, settings: OidcSettings, *, what: str, fresh: bool = False) -> Any:
    if not fresh:
        with _cache_lock:
            hit = _cache.get(url)
        if hit is not None and hit[0] > time.monotonic():
            return hit[1]
    try:
        response = httpx.get(url, timeout=settings.timeout_seconds, headers={"Accept": "application/json"})
        response.raise_for_status()
        data = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise OidcError(
            f"Det gick inte att nå inloggningstjänsten ({what}). Försök igen om en stund.", code="provider_unavailable"
        ) from exc
    with _cache_lock:
        _cache[url] = (time.monotonic() + CACHE_SECONDS, data)
    return data


def discover(settings: OidcSettings) -> ProviderMetadata:
    """The provider's endpoints from ``<issuer>/.well-known/openid-configuration``."""
    url = settings.issuer.rstrip("/") + "/.well-known/openid-configuration"
    data = _get_json(url, settings, what="konfiguration")
    if not isinstance(data, Mapping):
        raise OidcError("Inloggningstjänstens konfiguration går inte att läsa.", code="bad_discovery")
    try:
        metadata = ProviderMetadata(
            issuer=str(data["issuer"]),
            authorization_endpoint=str(data["authorization_endpoint"]),
            token_endpoint=str(data["token_endpoint"]),
            jwks_uri=str(data["jwks_uri"]),
            end_session_endpoint=str(data.get("end_session_endpoint") or ""),
        )
    except KeyError as exc:
        raise OidcError("Inloggningstjänstens konfiguration saknar uppgifter.", code="bad_discovery") from exc
    if metadata.issuer.rstrip("/") != settings.issuer.rstrip("/"):
        # OpenID Connect Discovery 1.0, 4.3: the issuer in the document must be the one configured.
        raise OidcError("Inloggningstjänsten uppger en annan utgivare än den som är konfigurerad.", code="bad_issuer")
    return metadata


# --- The flow ------------------------------------------------------------------------------------


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def code_challenge(code_verifier: str) -> str:
    """PKCE S256 (RFC 7636, 4.2): BASE64URL(SHA256(ASCII(code_verifier)))."""
    return _b64url(hashlib.sha256(code_verifier.encode("ascii")).digest())


def begin_login(settings: OidcSettings, metadata: ProviderMetadata) -> tuple[str, PendingLogin]:
    """The URL to send the person to, and the state to keep in the session until the callback."""
    pending = PendingLogin(
        state=secrets.token_urlsafe(32),
        nonce=secrets.token_urlsafe(32),
        code_verifier=secrets.token_urlsafe(64),
        started_at=_now(),
    )
    query = urlencode(
        {
            "response_type": "code",
            "client_id": settings.client_id,
            "redirect_uri": settings.redirect_uri,
            "scope": settings.scope,
            "state": pending.state,
            "nonce": pending.nonce,
            "code_challenge": code_challenge(pending.code_verifier),
            "code_challenge_method": "S256",
        }
    )
    separator = "&" if "?" in metadata.authorization_endpoint else "?"
    return f"{metadata.authorization_endpoint}{separator}{query}", pending


def exchange_code(settings: OidcSettings, metadata: ProviderMetadata, *, code: str, code_verifier: str) -> str:
    """Exchange the authorization code for tokens; returns the ID token."""
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": settings.redirect_uri,
        "code_verifier": code_verifier,
    }
    auth: tuple[str, str] | None = None
    if settings.client_secret:
        auth = (settings.client_id, settings.client_secret)
    else:
        form["client_id"] = settings.client_id
    try:
        response = httpx.post(
            metadata.token_endpoint,
            data=form,
            auth=auth,
            timeout=settings.timeout_seconds,
            headers={"Accept": "application/json"},
        )
    except httpx.HTTPError as exc:
        raise OidcError(
            "Det gick inte att nå inloggningstjänsten för att slutföra inloggningen. Försök igen.",
            code="provider_unavailable",
        ) from exc
    if response.status_code != 200:
        raise OidcError("Inloggningstjänsten godkände inte inloggningen. Börja om.", code="token_refused")
    try:
        tokens = response.json()
    except ValueError as exc:
        raise OidcError("Inloggningstjänstens svar går inte att läsa.", code="token_refused") from exc
    id_token = tokens.get("id_token") if isinstance(tokens, Mapping) else None
    if not isinstance(id_token, str) or not id_token:
        raise OidcError("Inloggningstjänsten skickade ingen identitetsuppgift (ID-token).", code="no_id_token")
    return id_token


def _signing_key(settings: OidcSettings, metadata: ProviderMetadata, kid: str | None) -> Any:
    for fresh in (False, True):  # an unknown kid: the provider may have rotated its keys
        data = _get_json(metadata.jwks_uri, settings, what="nycklar", fresh=fresh)
        try:
            keyset = jwt.PyJWKSet.from_dict(data)
        except (jwt.PyJWKSetError, jwt.InvalidKeyError, TypeError, ValueError):
            keyset = None
        if keyset is not None:
            for key in keyset.keys:
                if key.key_type == "RSA" and (kid is None or key.key_id == kid):
                    return key.key
    raise OidcError("Identitetsuppgiften är signerad med en okänd nyckel.", code="unknown_key")


_TOKEN_ERRORS: tuple[tuple[type[Exception], str, str], ...] = (
    (jwt.InvalidAudienceError, "Identitetsuppgiften är utfärdad för en annan tjänst.", "bad_audience"),
    (jwt.InvalidIssuerError, "Identitetsuppgiften kommer från en annan utgivare.", "bad_issuer"),
    (jwt.InvalidSignatureError, "Identitetsuppgiftens signatur stämmer inte.", "bad_signature"),
    (jwt.MissingRequiredClaimError, "Identitetsuppgiften saknar obligatoriska uppgifter.", "missing_claim"),
)


def validate_id_token(
    settings: OidcSettings, metadata: ProviderMetadata, id_token: str, *, nonce: str
) -> dict[str, Any]:
    """The ID token's claims after checking signature (RS256), iss, aud/azp, exp, iat and nonce."""
    try:
        header = jwt.get_unverified_header(id_token)
    except jwt.DecodeError as exc:
        raise OidcError("Identitetsuppgiften går inte att läsa.", code="malformed") from exc
    if header.get("alg") not in ALGORITHMS:
        raise OidcError("Identitetsuppgiften är signerad med en metod som inte godtas.", code="bad_algorithm")
    kid = header.get("kid")
    key = _signing_key(settings, metadata, kid if isinstance(kid, str) else None)
    try:
        claims: dict[str, Any] = jwt.decode(
            id_token,
            key=key,
            algorithms=list(ALGORITHMS),
            audience=settings.client_id,
            issuer=metadata.issuer,
            options={
                "require": ["exp", "iat", "iss", "aud", "sub"],
                # Judged below by the application's clock, not by PyJWT's reading of the real time.
                "verify_exp": False,
                "verify_iat": False,
                "verify_nbf": False,
            },
        )
    except jwt.PyJWTError as exc:
        for kind, message, code in _TOKEN_ERRORS:
            if isinstance(exc, kind):
                raise OidcError(message, code=code) from exc
        raise OidcError("Identitetsuppgiften är ogiltig.", code="invalid_token") from exc
    _check_times(claims)
    audience = claims.get("aud")
    if isinstance(audience, list) and len(audience) > 1 and claims.get("azp") != settings.client_id:
        raise OidcError("Identitetsuppgiften är utfärdad för en annan tjänst.", code="bad_audience")
    token_nonce = claims.get("nonce")
    if not isinstance(token_nonce, str) or not hmac.compare_digest(token_nonce, nonce):
        raise OidcError("Identitetsuppgiften hör inte till den här inloggningen (nonce).", code="bad_nonce")
    return claims


def _check_times(claims: Mapping[str, Any]) -> None:
    """``exp``, ``iat`` and ``nbf`` against :mod:`samverkan.core.clock`, with :data:`LEEWAY_SECONDS`."""
    now = _now()
    times: dict[str, float] = {}
    for name in ("exp", "iat", "nbf"):
        value = claims.get(name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise OidcError("Identitetsuppgiften är ogiltig.", code="invalid_token")
        times[name] = float(value)
    if times["exp"] <= now - LEEWAY_SECONDS:
        raise OidcError("Identitetsuppgiften har gått ut. Logga in igen.", code="expired")
    if times["iat"] > now + LEEWAY_SECONDS or times.get("nbf", now) > now + LEEWAY_SECONDS:
        raise OidcError("Identitetsuppgiften gäller inte ännu. Kontrollera klockan och försök igen.", code="iat")


def end_session_url(settings: OidcSettings, metadata: ProviderMetadata, *, post_logout_redirect_uri: str) -> str:
    """RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): the provider's end-session URL, or "".

    The client is named by ``client_id`` (no ID token is kept in the session to send as a hint); the provider asks
    the person to confirm and sends them back to ``post_logout_redirect_uri``.
    """
    if not metadata.end_session_endpoint:
        return ""
    query = urlencode(
        {
            "client_id": settings.client_id,
            "post_logout_redirect_uri": settings.post_logout_redirect_uri or post_logout_redirect_uri,
            "ui_locales": "sv",
        }
    )
    separator = "&" if "?" in metadata.end_session_endpoint else "?"
    return f"{metadata.end_session_endpoint}{separator}{query}"


def default_post_logout_redirect_uri(settings: OidcSettings, path: str) -> str:
    """``path`` on the redirect URI's host (the address the provider already knows this application by)."""
    return urljoin(settings.redirect_uri, path)


def personnummer_from_claims(settings: OidcSettings, claims: Mapping[str, Any]) -> str:
    """The claim named by the configuration, normalised to ``ÅÅÅÅMMDD-NNNN``."""
    value = claims.get(settings.personnummer_claim)
    if not isinstance(value, str) or not value.strip():
        raise OidcError("Inloggningen gav inget personnummer.", code="no_personnummer")
    try:
        return normalize_identity_number(value, on=clock.today())
    except InvalidIdentityNumber as exc:
        raise OidcError("Personnumret från inloggningen är ogiltigt.", code="bad_personnummer") from exc


def complete_login(settings: OidcSettings, *, pending: PendingLogin | None, params: Mapping[str, str]) -> str:
    """Finish the login from the callback's query parameters; returns the normalised personnummer."""
    if pending is None:
        raise OidcError("Inloggningen startades inte här eller har redan använts. Börja om.", code="no_pending")
    if pending.expired():
        raise OidcError("Inloggningen tog för lång tid. Börja om.", code="pending_expired")
    returned_state = params.get("state") or ""
    if not hmac.compare_digest(returned_state.encode(), pending.state.encode()):
        raise OidcError("Inloggningen kunde inte kontrolleras (fel state). Börja om.", code="bad_state")
    if params.get("error"):
        if params["error"] == "access_denied":
            raise OidcError("Inloggningen avbröts.", code="access_denied")
        raise OidcError("Inloggningstjänsten kunde inte logga in dig. Försök igen.", code="provider_error")
    code = params.get("code") or ""
    if not code:
        raise OidcError("Inloggningstjänsten skickade ingen kod. Börja om.", code="no_code")
    metadata = discover(settings)
    returned_issuer = params.get("iss")
    if returned_issuer is not None and returned_issuer.rstrip("/") != metadata.issuer.rstrip("/"):
        # RFC 9207: the code comes from another provider than the one this login was sent to (a mix-up).
        raise OidcError(
            "Inloggningssvaret kommer från en annan utgivare än den som är konfigurerad.", code="bad_issuer"
        )
    id_token = exchange_code(settings, metadata, code=code, code_verifier=pending.code_verifier)
    claims = validate_id_token(settings, metadata, id_token, nonce=pending.nonce)
    return personnummer_from_claims(settings, claims)
