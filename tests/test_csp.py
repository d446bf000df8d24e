"""Every page carries a strict Content-Security-Policy, and no template needs it relaxed.

The policy itself is in config/settings.py (decision 0013); the browser test
tests/browser/test_csp_pages.py checks that no page actually trips it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[1]

STRICT = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def directives(header: str) -> dict[str, str]:
    parts = (p.strip().split(None, 1) for p in header.split(";") if p.strip())
    return {p[0]: p[1] if len(p) > 1 else "" for p in parts}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        reverse("home"),
        reverse("members:search") + "?q=ben",
        reverse("members:profile", args=["ben"]),
        reverse("invitations:inbox"),
        reverse("conversations:inbox"),
        reverse("trust:network"),
        reverse("notifications:list"),
        reverse("members:avatar", args=["ben"]),
    ],
)
def test_pages_carry_the_strict_policy(client, ada, ben, url):
    client.force_login(ada)
    response = client.get(url)
    assert response.status_code == 200
    assert directives(response["Content-Security-Policy"]) == STRICT


@pytest.mark.django_db
def test_an_anonymous_page_carries_the_policy_too(client):
    response = client.get(reverse("accounts:login"))
    assert directives(response["Content-Security-Policy"]) == STRICT


@pytest.mark.django_db
def test_the_api_docs_may_load_swagger_images_and_nothing_inline(client, ada):
    client.force_login(ada)
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy == {**STRICT, "img-src": "'self' data:"}


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I), "script"),
    (re.compile(r"<style\b", re.I), "style element"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event handler attribute"),
    (re.compile(r"\shx-on", re.I), "hx-on attribute (needs eval)"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def templates() -> list[Path]:
    found = sorted((ROOT / "templates").rglob("*.html"))
    found += sorted((ROOT / "rapport").glob("*/templates/**/*.html"))
    return found


def test_the_template_scan_finds_the_templates():
    names = {p.name for p in templates()}
    assert {"base.html", "profile.html", "network.html", "_card.html"} <= names


@pytest.mark.parametrize("path", templates(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_has_inline_script_or_style(path):
    text = path.read_text()
    found = [what for pattern, what in INLINE if pattern.search(text)]
    assert not found, f"{path.relative_to(ROOT)} has {', '.join(found)}: move it to static/"
