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
import threading
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
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


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
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError as exc:  # a port that is not a number, brackets that do not close
        raise PreviewRefused(f"not a link we can follow: {exc}") from exc
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise PreviewRefused("only http and https links get a preview")
    if settings.RAPPORT["LINK_PREVIEW_PRIVATE_HOSTS"]:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, port or 443, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise PreviewRefused(f"the host does not resolve: {exc}") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        # NAT64 addresses (64:ff9b::/96) count as global but reach IPv4 hosts behind them.
        if not address.is_global or address in _NAT64:
            raise PreviewRefused("the link points inside a private network")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # each hop is checked by `fetch_summary` itself


_OPENER = urllib.request.build_opener(_NoRedirects)


def fetch_summary(url: str) -> PageSummary:
    """The page's title, description and site name, or `PreviewRefused`.

    One deadline for everything — name lookups, connecting, every redirect, headers sent
    a byte at a time: the fetch runs in a thread the worker waits for no longer than
    RAPPORT["LINK_PREVIEW_SECONDS"] (the thread's own socket timeouts end it soon after).
    """
    seconds = settings.RAPPORT["LINK_PREVIEW_SECONDS"]
    outcome: list[PageSummary | BaseException] = []

    def run() -> None:
        try:
            outcome.append(_fetch(url))
        except PreviewRefused as exc:
            outcome.append(exc)
        except Exception as exc:  # a hostile page must never crash the worker's job
            outcome.append(PreviewRefused(f"the page could not be read: {exc!r}"))

    worker = threading.Thread(target=run, name="link-preview", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive() or not outcome:
        raise PreviewRefused("the page took too long")
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result


def _fetch(url: str) -> PageSummary:
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
            try:
                "".encode(charset)
            except LookupError:
                charset = "utf-8"  # an unknown charset: read it as UTF-8, replacing errors
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
