"""Members see Rapport's own error pages in the site's style, never Django's debug page,
and the favicon answers both where base.html points and at /favicon.ico."""

import pytest
from django.test import RequestFactory
from django.views import defaults

pytestmark = pytest.mark.django_db


def test_a_missing_page_is_the_sites_404_page(client, ada):
    client.force_login(ada)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert 'class="site-header"' in page and "Search members" in page  # the site's layout
    assert "URLconf" not in page


def test_an_unknown_member_is_the_sites_404_page_for_visitors_too(client):
    response = client.get("/in/nobody/avatar/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_the_500_page_needs_no_request_context():
    # Django renders it with an empty context, after something already failed.
    response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page and "rapport.css" in page


def test_favicon_is_linked_and_answers_at_the_root(client):
    page = client.get("/accounts/login/").content.decode()
    assert 'rel="icon" href="/favicon.ico"' in page and "favicon.svg" in page
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200
    assert b"".join(icon.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO header
    svg = client.get("/static/favicon.svg")
    assert svg.status_code == 200


def test_serve_turns_debug_off_unless_asked(monkeypatch):
    from rapport.core.management.commands import serve

    started = {}

    class Recorder:
        def __init__(self, **kwargs):
            started.update(kwargs)

        def run(self):
            import os

            started["DEBUG"] = os.environ.get("DEBUG")
            return 0

    monkeypatch.setattr(serve, "Supervisor", Recorder)
    monkeypatch.delenv("DEBUG", raising=False)
    with pytest.raises(SystemExit):
        serve.Command().run_from_argv(["rapport", "serve", "--without-worker"])
    assert started["DEBUG"] == "false"
    monkeypatch.setenv("DEBUG", "true")
    with pytest.raises(SystemExit):
        serve.Command().run_from_argv(["rapport", "serve", "--without-worker"])
    assert started["DEBUG"] == "true"
