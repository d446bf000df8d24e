"""Link previews built by our own server from the page's own title and description.

No third-party preview service sees what members share. The fetch is bounded — a
deadline for the whole exchange, a byte budget, three redirects at most, HTML only —
and refuses addresses that are not on the public internet (a member must not be able to
make the server read an internal admin page and show its title). What comes back is
plain text, cut to length; templates escape it like anything else a stranger wrote.
"""

from __future__ import annotations

import ipaddress
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser

from django.conf import settings

USER_AGENT = "RapportLinkPreview/1.0 (+self-hosted professional network)"
MAX_REDIRECTS = 3


class PreviewRefused(Exception):
    """The page could not be fetched within the rules; the link is shown plain."""


@dataclass(frozen=True)
class PageSummary:
    title: str
    description: str
    site_name: str


class _HeadParser(HTMLParser):
    """Collects <title> and the description/OpenGraph meta tags, up to </head>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self._in_title = False
        self.done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        elif tag == "meta":
            values = {k.lower(): (v or "") for k, v in attrs}
            key = (values.get("property") or values.get("name") or "").lower()
            if key in {"og:title", "og:description", "description", "og:site_name"}:
                self.meta.setdefault(key, values.get("content", ""))
        elif tag == "body":
            self.done = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag == "head":
            self.done = True

    def handle_data(self, data: str) -> None:
        if self._in_title and len(self.title) < 1000:
            self.title += data


def _tidy(text: str, limit: int) -> str:
    text = " ".join(unescape(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _check_host(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise PreviewRefused("only http and https links get a preview")
    if settings.RAPPORT["LINK_PREVIEW_PRIVATE_HOSTS"]:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise PreviewRefused(f"the host does not resolve: {exc}") from exc
    for info in infos:
        if not ipaddress.ip_address(info[4][0]).is_global:
            raise PreviewRefused("the link points inside a private network")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # each hop is checked by `fetch_summary` itself


_OPENER = urllib.request.build_opener(_NoRedirects)


def fetch_summary(url: str) -> PageSummary:
    """The page's title, description and site name, or `PreviewRefused`."""
    seconds = settings.RAPPORT["LINK_PREVIEW_SECONDS"]
    budget = settings.RAPPORT["LINK_PREVIEW_MAX_BYTES"]
    deadline = time.monotonic() + seconds
    for _ in range(MAX_REDIRECTS + 1):
        _check_host(url)
        request = urllib.request.Request(  # noqa: S310 (scheme checked above)
            url, headers={"User-Agent": USER_AGENT, "Accept": "text/html"}
        )
        try:
            response = _OPENER.open(request, timeout=seconds)
        except urllib.error.HTTPError as exc:
            if exc.code in {301, 302, 303, 307, 308} and exc.headers.get("Location"):
                url = urllib.parse.urljoin(url, exc.headers["Location"])
                continue
            raise PreviewRefused(f"the page answered {exc.code}") from exc
        except (OSError, ValueError) as exc:
            raise PreviewRefused(f"the page could not be fetched: {exc}") from exc
        with response:
            if "html" not in response.headers.get("Content-Type", ""):
                raise PreviewRefused("the link is not a web page")
            charset = response.headers.get_content_charset() or "utf-8"
            parser = _HeadParser()
            read = 0
            while read < budget and not parser.done:
                if time.monotonic() > deadline:
                    raise PreviewRefused("the page took too long")
                try:
                    chunk = response.read1(min(16384, budget - read))
                except OSError as exc:
                    raise PreviewRefused(f"the page could not be read: {exc}") from exc
                if not chunk:
                    break
                read += len(chunk)
                parser.feed(chunk.decode(charset, errors="replace"))
        title = parser.meta.get("og:title") or parser.title
        description = parser.meta.get("og:description") or parser.meta.get("description", "")
        if not title.strip():
            raise PreviewRefused("the page has no title")
        host = urllib.parse.urlsplit(url).hostname or ""
        return PageSummary(
            title=_tidy(title, 300),
            description=_tidy(description, 500),
            site_name=_tidy(parser.meta.get("og:site_name") or host, 100),
        )
    raise PreviewRefused("the link redirects too often")
