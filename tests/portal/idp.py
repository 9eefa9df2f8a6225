"""A local OpenID Connect identity provider for the tests: http.server in a thread on 127.0.0.1.

Serves discovery, the JWKS, an authorize endpoint that redirects straight back with a code (the
person "has logged in" as :attr:`LocalIdentityProvider.personnummer`) and a token endpoint that
checks the client's secret, the redirect URI and the PKCE verifier, and returns an RS256 ID
token signed with a key generated at start. Attributes let a test make the provider misbehave:
a wrong nonce, audience or issuer in the token, a token signed with another key, or expired.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import secrets
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from samverkan.core import clock

CLIENT_ID = "samverkan-mina-sidor"
CLIENT_SECRET = "test-secret"


@functools.cache
def _keys() -> tuple[rsa.RSAPrivateKey, rsa.RSAPrivateKey]:
    """The signing key and a second, unpublished one; generated once per test process."""
    return (
        rsa.generate_private_key(public_exponent=65537, key_size=2048),
        rsa.generate_private_key(public_exponent=65537, key_size=2048),
    )


@dataclass
class Grant:
    client_id: str
    redirect_uri: str
    nonce: str
    code_challenge: str
    code_challenge_method: str


@dataclass
class LocalIdentityProvider:
    personnummer: str = ""
    claim: str = "personal_number"
    # Ways to misbehave (None: behave).
    nonce_override: str | None = None
    audience_override: str | list[str] | None = None
    issuer_override: str | None = None
    sign_with_other_key: bool = False
    expires_in: int = 300
    # What it saw.
    token_requests: list[dict[str, Any]] = field(default_factory=list)
    authorize_requests: list[dict[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.key, self.other_key = _keys()
        self.kid = "test-key-1"
        self.grants: dict[str, Grant] = {}
        self.server: ThreadingHTTPServer | None = None
        self.thread: threading.Thread | None = None

    # --- Lifecycle ---

    def start(self) -> LocalIdentityProvider:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # quiet
                return

            def do_GET(self) -> None:
                provider.handle_get(self)

            def do_POST(self) -> None:
                provider.handle_post(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    @property
    def issuer(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    # --- Endpoints ---

    def _json(self, handler: BaseHTTPRequestHandler, status: int, data: Any) -> None:
        body = json.dumps(data).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def handle_get(self, handler: BaseHTTPRequestHandler) -> None:
        url = urlsplit(handler.path)
        if url.path == "/.well-known/openid-configuration":
            self._json(
                handler,
                200,
                {
                    "issuer": self.issuer,
                    "authorization_endpoint": f"{self.issuer}/authorize",
                    "token_endpoint": f"{self.issuer}/token",
                    "jwks_uri": f"{self.issuer}/jwks",
                    "response_types_supported": ["code"],
                    "subject_types_supported": ["public"],
                    "id_token_signing_alg_values_supported": ["RS256"],
                    "code_challenge_methods_supported": ["S256"],
                },
            )
        elif url.path == "/jwks":
            jwk = RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
            self._json(handler, 200, {"keys": [{**jwk, "kid": self.kid, "use": "sig", "alg": "RS256"}]})
        elif url.path == "/authorize":
            params = {k: v[0] for k, v in parse_qs(url.query).items()}
            self.authorize_requests.append(params)
            if params.get("response_type") != "code" or params.get("client_id") != CLIENT_ID:
                self._json(handler, 400, {"error": "invalid_request"})
                return
            code = secrets.token_urlsafe(16)
            self.grants[code] = Grant(
                client_id=params["client_id"],
                redirect_uri=params["redirect_uri"],
                nonce=params.get("nonce", ""),
                code_challenge=params.get("code_challenge", ""),
                code_challenge_method=params.get("code_challenge_method", ""),
            )
            target = f"{params['redirect_uri']}?{urlencode({'code': code, 'state': params.get('state', '')})}"
            handler.send_response(302)
            handler.send_header("Location", target)
            handler.end_headers()
        else:
            self._json(handler, 404, {"error": "not_found"})

    def handle_post(self, handler: BaseHTTPRequestHandler) -> None:
        url = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        form = {k: v[0] for k, v in parse_qs(handler.rfile.read(length).decode()).items()}
        self.token_requests.append(form)
        if url.path != "/token":
            self._json(handler, 404, {"error": "not_found"})
            return
        expected = "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if handler.headers.get("Authorization") != expected:
            self._json(handler, 401, {"error": "invalid_client"})
            return
        grant = self.grants.pop(form.get("code", ""), None)  # a code is used once
        if grant is None or form.get("grant_type") != "authorization_code":
            self._json(handler, 400, {"error": "invalid_grant"})
            return
        if form.get("redirect_uri") != grant.redirect_uri:
            self._json(handler, 400, {"error": "invalid_grant", "error_description": "redirect_uri"})
            return
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if grant.code_challenge_method != "S256" or challenge != grant.code_challenge:
            self._json(handler, 400, {"error": "invalid_grant", "error_description": "pkce"})
            return
        self._json(handler, 200, {"access_token": "opaque", "token_type": "Bearer", "id_token": self.id_token(grant)})

    def id_token(self, grant: Grant) -> str:
        issued = int(clock.now().timestamp())  # the portal judges token times by the application's clock
        claims: dict[str, Any] = {
            "iss": self.issuer_override or self.issuer,
            "sub": hashlib.sha256(self.personnummer.encode()).hexdigest()[:20],
            "aud": self.audience_override if self.audience_override is not None else grant.client_id,
            "iat": issued,
            "exp": issued + self.expires_in,
            "nonce": self.nonce_override if self.nonce_override is not None else grant.nonce,
            "auth_time": issued,
        }
        if self.personnummer:
            claims[self.claim] = self.personnummer
        key = self.other_key if self.sign_with_other_key else self.key
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": self.kid})
