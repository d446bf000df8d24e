"""Link previews: the page's own words, fetched within bounds, never markup or a private page."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from rapport.posts import services
from rapport.posts.models import LinkPreview
from rapport.posts.previews import PreviewRefused, fetch_summary

PAGES: dict[str, tuple[int, dict[str, str], bytes]] = {
    "/article": (
        200,
        {"Content-Type": "text/html; charset=utf-8"},
        b"<html><head><title>Fallback</title>"
        b'<meta property="og:title" content="How we cut build times &amp; costs">'
        b'<meta name="description" content="A field report.">'
        b'<meta property="og:site_name" content="Eng Blog"></head><body>x</body></html>',
    ),
    "/hostile": (
        200,
        {"Content-Type": "text/html"},
        b"<title>&lt;script&gt;alert(1)&lt;/script&gt;<img src=x onerror=alert(1)></title>"
        b'<meta name="description" content="<b onmouseover=alert(1)>hi</b>">',
    ),
    "/pdf": (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4"),
    "/missing": (404, {"Content-Type": "text/html"}, b"<title>Not found</title>"),
    "/loop": (302, {"Location": "/loop"}, b""),
    "/to-article": (301, {"Location": "/article"}, b""),
    "/untitled": (200, {"Content-Type": "text/html"}, b"<p>no head</p>"),
    "/odd-charset": (
        200,
        {"Content-Type": "text/html; charset=no-such-charset"},
        b"<title>Still readable</title>",
    ),
    "/bad-port": (302, {"Location": "http://example.org:notaport/"}, b""),
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/slow-headers":
            # Headers a byte at a time: no single read waits long, the whole does.
            for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n":
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.2)
            return
        if self.path == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(50):
                self.wfile.write(b"<!-- still loading -->")
                self.wfile.flush()
                time.sleep(0.1)
            return
        status, headers, body = PAGES.get(self.path, (404, {}, b""))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site(settings) -> Iterator[str]:
    settings.RAPPORT = {
        **settings.RAPPORT, "LINK_PREVIEW_PRIVATE_HOSTS": True, "LINK_PREVIEW_SECONDS": 1
    }  # fmt: skip
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_pages_own_title_description_and_site(site):
    summary = fetch_summary(f"{site}/article")
    assert summary.title == "How we cut build times & costs"
    assert summary.description == "A field report."
    assert summary.site_name == "Eng Blog"


def test_a_redirect_is_followed_and_a_loop_is_not(site):
    assert fetch_summary(f"{site}/to-article").site_name == "Eng Blog"
    with pytest.raises(PreviewRefused):
        fetch_summary(f"{site}/loop")


@pytest.mark.parametrize(
    "path", ["/pdf", "/missing", "/untitled", "/slow", "/slow-headers", "/bad-port"]
)
def test_what_is_not_a_readable_page_in_time_gets_no_preview(site, path):
    started = time.monotonic()
    with pytest.raises(PreviewRefused):
        fetch_summary(f"{site}{path}")
    assert time.monotonic() - started < 1.5  # the one-second budget, whatever stalls


def test_a_private_address_is_never_fetched(settings):
    settings.RAPPORT = {**settings.RAPPORT, "LINK_PREVIEW_PRIVATE_HOSTS": False}
    for url in ("http://127.0.0.1:9/", "http://localhost/admin/", "http://[::1]/", "http://10.0.0.1/",
                "http://169.254.169.254/latest/meta-data/", "file:///etc/passwd"):  # fmt: skip
        with pytest.raises(PreviewRefused):
            fetch_summary(url)


def test_a_hostile_page_title_is_shown_as_text(
    site, client, ada, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_publish(author=ada, body=f"look {site}/hostile")
    preview = LinkPreview.objects.get()
    assert preview.state == "ready" and "<script>" in preview.title
    client.force_login(ada)
    html = client.get(f"/posts/{post.pk}/").content.decode()
    assert 'data-testid="link-preview"' in html
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    assert "<b onmouseover" not in html


def test_an_unknown_charset_is_read_as_utf8(site):
    assert fetch_summary(f"{site}/odd-charset").title == "Still readable"


def test_nat64_addresses_are_private_too(settings):
    settings.RAPPORT = {**settings.RAPPORT, "LINK_PREVIEW_PRIVATE_HOSTS": False}
    with pytest.raises(PreviewRefused) as caught:
        fetch_summary("http://[64:ff9b::a00:1]/")  # 10.0.0.1 through a NAT64 gateway
    assert "private" in str(caught.value)
