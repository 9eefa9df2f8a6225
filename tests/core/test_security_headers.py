"""Every page and API answer carries the security headers (issue 20 point 2): a strict Content-Security-Policy from
Django's own middleware, ``Cache-Control: no-store``, ``Permissions-Policy`` and the nosniff, referrer and frame
headers. The browser suite checks that the pages work under the policy (tests/browser/test_content_security_policy.py).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from samverkan.cases.models import Case

pytestmark = pytest.mark.django_db


def _case_of(username: str) -> Case:
    case = Case.objects.filter(responsible__username=username, status="active").first()
    assert case is not None
    return case


def _assert_secure_headers(response: Any) -> None:
    csp = response["Content-Security-Policy"]
    directives = dict([*d.strip().split(" ", 1), ""][:2] for d in csp.split(";"))
    assert directives["default-src"] == "'none'"
    # The request's nonce is named only when a page uses it for an inline script (none does now).
    assert directives["script-src"] == "'self'" or directives["script-src"].startswith("'self' 'nonce-")
    assert directives["style-src"] == "'self'"  # no inline style, no style attribute
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'" and directives["base-uri"] == "'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["Cache-Control"] == "no-store" or "no-store" in response["Cache-Control"]
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_public_pages_carry_the_headers(client: Client, world: None) -> None:
    for url in ("/konto/logga-in/", "/mina-sidor/logga-in/", "/api/v1/openapi.json", "/healthz"):
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_secure_headers(response)


def test_authenticated_pages_and_api_answers_are_never_stored(client_for: Any) -> None:
    client = client_for("sara.lind")
    case = _case_of("sara.lind")
    for url in ("/", f"/arenden/{case.pk}/", "/personer/", "/api/v1/cases/", f"/api/v1/cases/{case.pk}"):
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_secure_headers(response)
        assert response["Cache-Control"] == "no-store", url


def test_error_answers_and_redirects_are_never_stored(client: Client, world: None) -> None:
    for url in ("/", "/arenden/", "/finns-inte/", "/api/v1/cases/"):
        response = client.get(url)
        assert response.status_code in (302, 401, 404), url
        assert "no-store" in response["Cache-Control"], url
        assert "Content-Security-Policy" in response, url


def test_no_page_has_an_inline_script_without_the_nonce_or_a_style_attribute(client_for: Any) -> None:
    client = client_for("sara.lind")
    case = _case_of("sara.lind")
    for url in ("/", f"/arenden/{case.pk}/", "/personer/", "/kommunikation/fragor/"):
        response = client.get(url)
        html = response.content.decode()
        assert ' style="' not in html, url
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
        for script in re.findall(r"<script[^>]*>", html):
            assert " src=" in script or (nonce and f'nonce="{nonce.group(1)}"' in script), (url, script)
        # htmx adds no inline <style> (its indicator rule is in site.css) and evaluates nothing.
        assert '"includeIndicatorStyles": false' in html and '"allowEval": false' in html, url


def test_an_inline_script_gets_a_fresh_nonce_named_in_the_policy(rf: Any) -> None:
    from django.middleware.csp import ContentSecurityPolicyMiddleware
    from django.template import engines

    template = engines["django"].from_string('<script nonce="{{ csp_nonce }}">1</script>')

    def view(request: Any) -> Any:
        from django.http import HttpResponse

        return HttpResponse(template.render({}, request))

    nonces = []
    for _ in range(2):
        response = ContentSecurityPolicyMiddleware(view)(rf.get("/"))
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
        assert nonce and f'nonce="{nonce.group(1)}"' in response.content.decode()
        nonces.append(nonce.group(1))
    assert nonces[0] != nonces[1]
