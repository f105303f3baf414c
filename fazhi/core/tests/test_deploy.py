"""Production settings: `check --deploy` is clean, security headers on every page, no template runs inline script.

The deploy check runs in a subprocess because the production switch (DJANGO_ENV=production) is read when the
settings module loads.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from fazhi.core import deploy_checks

ROOT = Path(settings.BASE_DIR)


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment an operator gives the production server: every secret set, nothing from development."""
    from cryptography.fernet import Fernet

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_", "DEBUG", "FAZHI_PII"))}
    env.pop("DATABASE_URL", None)  # the check needs no database; keep the subprocess off the test database
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "fazhi.example.gov.cn",
        "FAZHI_DATA_DIR": str(tmp_path),
        "FAZHI_PII_KEYS": Fernet.generate_key().decode(),
        "FAZHI_PII_INDEX_KEY": secrets.token_urlsafe(48),
    }
    return env | extra


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def production_settings(env: dict[str, str], *names: str) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n, None) for n in {list(names)!r}}}, default=str))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    done = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout


def test_check_deploy_refuses_the_development_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    done = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode != 0
    assert "fazhi.E101" in done.stdout + done.stderr


def test_production_turns_on_https_only_cookies_and_hsts(tmp_path):
    values = production_settings(
        production_env(tmp_path),
        "DEBUG",
        "ALLOWED_HOSTS",
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
    )
    assert values == {
        "DEBUG": False,
        "ALLOWED_HOSTS": ["fazhi.example.gov.cn"],  # no development host names
        "SECURE_SSL_REDIRECT": True,
        "SECURE_PROXY_SSL_HEADER": None,  # never trusted unless the operator says a proxy sets it
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 365 * 24 * 3600,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
    }


def test_behind_a_proxy_the_operator_opts_in_to_its_https_header(tmp_path):
    env = production_env(tmp_path, SECURE_PROXY_SSL_HEADER="1", SECURE_HSTS_PRELOAD="0", SECURE_HSTS_SECONDS="600")
    values = production_settings(env, "SECURE_PROXY_SSL_HEADER", "SECURE_HSTS_PRELOAD", "SECURE_HSTS_SECONDS")
    assert values == {
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SECURE_HSTS_PRELOAD": False,
        "SECURE_HSTS_SECONDS": 600,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/cases/deadlines/", "/accounts/login/"])
def test_every_page_carries_the_security_headers(client, url):
    response = client.get(url)
    assert response.status_code == 200
    csp = dict(d.strip().split(" ", 1) for d in response["Content-Security-Policy"].split(";"))
    assert csp["default-src"] == "'self'"
    sources = csp["script-src"].split()  # no 'unsafe-inline', no 'unsafe-eval', no other host; a nonce at most
    assert sources[0] == "'self'" and all(s.startswith("'nonce-") for s in sources[1:])
    assert csp["style-src"] == "'self'"
    assert csp["object-src"] == "'none'" and csp["frame-ancestors"] == "'none'" and csp["base-uri"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_the_api_carries_the_security_headers_too(client):
    response = client.get("/api/v1/deadlines/?rule=legal_aid.review&start=2024-04-29")
    assert response.status_code == 200
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_the_csrf_check_is_on_for_every_form(baotou):
    """Django's test client skips CSRF unless asked; a real browser post without the token is refused."""
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403


# --- no inline script in any template -----------------------------------------------------------------------------

TEMPLATES = sorted(p for p in (ROOT / "fazhi").rglob("templates/**/*.html"))
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
EVENT_ATTRIBUTE = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)


def test_templates_were_found():
    assert len(TEMPLATES) > 20


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_runs_inline_script(template):
    """The CSP allows only the site's own script files (or a tag carrying the request's nonce)."""
    text = template.read_text(encoding="utf-8")
    for attributes, body in SCRIPT_TAG.findall(text):
        has_source = re.search(r"\bsrc\s*=", attributes) is not None
        has_nonce = "csp_nonce" in attributes
        assert (has_source and not body.strip()) or has_nonce, f"inline <script> in {template}"
    assert not EVENT_ATTRIBUTE.search(text), f"inline event handler (onclick=…) in {template}"
    assert "javascript:" not in text.lower(), f"javascript: URL in {template}"
    assert not re.search(r"<style\b", text, re.IGNORECASE), f"<style> element in {template}: use the app's CSS file"


# --- uploads stay outside the web root ----------------------------------------------------------------------------


def test_uploads_live_outside_every_static_directory():
    assert deploy_checks.check_media_outside_static() == []
    assert settings.MEDIA_URL.strip("/") == ""  # no public URL for uploads at all


def test_the_media_check_catches_a_public_media_url(settings):
    settings.MEDIA_URL = "/media/"
    assert [e.id for e in deploy_checks.check_media_outside_static()] == ["fazhi.E103"]


def test_the_media_check_catches_uploads_inside_the_static_root(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    assert [e.id for e in deploy_checks.check_media_outside_static()] == ["fazhi.E102"]


def test_no_url_serves_files_straight_from_disk():
    """Materials and documents are downloaded through views that check scope; django.views.static is not routed."""
    from django.urls import URLPattern, URLResolver, get_resolver
    from django.views import static

    def callbacks(resolver):
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                yield from callbacks(p)
            elif isinstance(p, URLPattern):
                yield p.callback

    assert static.serve not in set(callbacks(get_resolver()))
