"""Production settings that refuse to be unsafe (issue 20 point 1).

Each case starts the real settings (``samverkan.settings``, not the test settings) in a fresh process with a
clean environment: the documented production environment (``deploy/samverkan.env.example`` with its two secrets
filled in) passes ``samverkan check --deploy`` without a single warning, and each unsafe value stops the start with
a message naming the variable.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENV_EXAMPLE = ROOT / "deploy" / "samverkan.env.example"
#: Fixed, test-only secrets (never used anywhere else): 64 characters, and a 32-byte audit key.
SECRET_KEY = "test-only-production-key-2f9c1d7e5a3b8f0e6d4c2a1b9e7f5d3c1a0b8e6f"
AUDIT_KEYS = "k1:dGVzdC1vbmx5LXByb2R1Y3Rpb24tYXVkaXQta2V5LTAxMjM0NTY="


def documented_environment() -> dict[str, str]:
    """The variables of the env file template, with the placeholders for the two secrets filled in."""
    env: dict[str, str] = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            env[name.strip()] = value.strip()
    env["SAMVERKAN_SECRET_KEY"] = SECRET_KEY
    env["SAMVERKAN_AUDIT_KEYS"] = AUDIT_KEYS
    return env


def _run(variables: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SAMVERKAN_", "DJANGO_", "DATABASE_URL"))}
    env.update(variables, DJANGO_SETTINGS_MODULE="samverkan.settings", SAMVERKAN_VAR_DIR=str(ROOT / "var-test-none"))
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def _settings(variables: dict[str, str], *names: str) -> dict[str, object]:
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}, default=str))"
    )
    result = _run(variables, "-c", code)
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


def test_every_documented_variable_is_one_the_code_reads() -> None:
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "samverkan").rglob("*.py"))
    code += (ROOT / "deploy" / "gunicorn.conf.py").read_text(encoding="utf-8")
    unknown = [name for name in documented_environment() if name != "DATABASE_URL" and name not in code]
    assert unknown == []


def test_every_variable_the_code_reads_is_documented() -> None:
    documented = ENV_EXAMPLE.read_text(encoding="utf-8")
    sources = [*(ROOT / "samverkan").rglob("*.py"), ROOT / "deploy" / "gunicorn.conf.py"]
    names = {n for p in sources for n in re.findall(r"SAMVERKAN_[A-Z0-9_]*[A-Z0-9]", p.read_text(encoding="utf-8"))}
    assert sorted(n for n in names if n not in documented) == []


def test_check_deploy_with_the_documented_production_environment_gives_no_warning() -> None:
    result = _run(documented_environment(), "-m", "samverkan", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_https_behind_the_proxy_is_on_by_default_in_production() -> None:
    env = {k: v for k, v in documented_environment().items() if "HSTS" not in k and "SECURE" not in k}
    env = {k: v for k, v in env.items() if k not in {"SAMVERKAN_BEHIND_PROXY", "SAMVERKAN_SSL_REDIRECT"}}
    values = _settings(
        env,
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_AGE",
        "SESSION_EXPIRE_AT_BROWSER_CLOSE",
        "DEBUG",
    )
    assert values == {
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_AGE": 10 * 60 * 60,  # never Django's 14 days
        "SESSION_EXPIRE_AT_BROWSER_CLOSE": True,
        "DEBUG": False,
    }


def test_the_demo_starts_without_a_key_on_local_hosts_over_plain_http() -> None:
    values = _settings(
        {"SAMVERKAN_DEMO": "1"}, "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "SECURE_HSTS_SECONDS"
    )
    assert values == {
        "ALLOWED_HOSTS": ["127.0.0.1", "localhost", "testserver"],
        "SECURE_SSL_REDIRECT": False,
        "SESSION_COOKIE_SECURE": False,
        "SECURE_HSTS_SECONDS": 0,
    }


UNSAFE = {
    "no secret key": ({"SAMVERKAN_SECRET_KEY": None}, "SAMVERKAN_SECRET_KEY saknas"),
    "empty secret key": ({"SAMVERKAN_SECRET_KEY": ""}, "SAMVERKAN_SECRET_KEY saknas"),
    "the demo key": (
        {"SAMVERKAN_SECRET_KEY": "django-insecure-samverkan-demo-only-never-in-production"},
        "SAMVERKAN_SECRET_KEY är demonyckeln eller för kort",
    ),
    "a short key": ({"SAMVERKAN_SECRET_KEY": "kort-nyckel"}, "SAMVERKAN_SECRET_KEY är demonyckeln eller för kort"),
    "the template's placeholder": (
        {"SAMVERKAN_SECRET_KEY": "BYT-mot-en-lång-slumpad-nyckel"},
        "SAMVERKAN_SECRET_KEY är demonyckeln eller för kort",
    ),
    "debug on": ({"SAMVERKAN_DEBUG": "1"}, "SAMVERKAN_DEBUG är på"),
    "no hosts": ({"SAMVERKAN_ALLOWED_HOSTS": None}, "SAMVERKAN_ALLOWED_HOSTS saknas"),
    "empty hosts": ({"SAMVERKAN_ALLOWED_HOSTS": " , "}, "SAMVERKAN_ALLOWED_HOSTS saknas"),
    "wildcard host": ({"SAMVERKAN_ALLOWED_HOSTS": "*"}, "jokertecken"),
    "wildcard among hosts": ({"SAMVERKAN_ALLOWED_HOSTS": "samverkan.sorby.se,*.sorby.se"}, "jokertecken"),
}


@pytest.mark.parametrize("case", list(UNSAFE))
def test_production_refuses_to_start_unsafe(case: str) -> None:
    change, message = UNSAFE[case]
    env = documented_environment()
    for name, value in change.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    result = _run(env, "-m", "samverkan", "check")
    assert result.returncode == 1
    assert "Samverkan startar inte i produktionsläge" in result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    # The WSGI application (what gunicorn loads) refuses too.
    wsgi = _run(env, "-c", "import samverkan.wsgi")
    assert wsgi.returncode != 0 and message in wsgi.stderr


def test_the_rules_need_no_production_settings() -> None:
    result = _run({}, "-m", "samverkan", "rules", "test", "scenarios")
    assert result.returncode == 0, result.stdout + result.stderr
