"""A refused form (CSRF) and a method a page does not take (405) get the site's own pages,
with nothing inline for the Content-Security-Policy to block; the API keeps its JSON."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

INLINE = re.compile(r"<style\b|\sstyle\s*=|<script(?![^>]*\bsrc=)", re.I)


def _is_site_page(page: str) -> bool:
    return 'class="site-header"' in page and "rapport.css" in page


def test_a_form_without_its_csrf_token_gets_the_sites_page(ada):
    client = Client(enforce_csrf_checks=True)
    client.force_login(ada)
    response = client.post(reverse("accounts:password_change"), {"current": "x", "new": "y"})
    assert response.status_code == 403
    assert "Content-Security-Policy" in response
    page = response.content.decode()
    assert _is_site_page(page) and "Search members" in page  # the member's own layout
    assert "Your form has expired" in page
    assert not INLINE.search(page)
    assert "CSRF verification failed" not in page


def test_a_visitor_without_the_csrf_cookie_gets_the_same_page_with_advice(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "a@b.c", "password": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert _is_site_page(page) and "Your form has expired" in page
    assert "cookies" in page
    assert not INLINE.search(page)


def test_a_method_a_page_does_not_take_gets_the_sites_405_page(client, ada):
    client.force_login(ada)
    response = client.get(reverse("members:photo"))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "Content-Security-Policy" in response
    page = response.content.decode()
    assert _is_site_page(page) and "Search members" in page
    assert "This page does not take that kind of request" in page
    assert not INLINE.search(page)


def test_a_visitor_gets_the_405_page_too(client, db):
    response = client.get(reverse("accounts:logout"))
    assert response.status_code == 405
    assert "This page does not take that kind of request" in response.content.decode()


def test_the_api_keeps_its_json_405(client, ada):
    client.force_login(ada)
    response = client.put("/api/v1/search?q=ben")
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"] == "method_not_allowed"
