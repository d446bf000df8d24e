"""Text to HTML: nothing a member types can become markup, script or a hostile link."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from rapport.posts.rendering import article_html, first_link, handles_in, post_html

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD4=)",
    '<a href="#" onclick="alert(1)">x</a>',
    "<iframe src=https://evil.example></iframe>",
    '<svg onload="alert(1)"></svg>',
    "![x](https://evil.example/track.png)",
    '[x](https://ok.example "t" onmouseover=alert(1))',
    "<style>body{display:none}</style>",
]


class _Elements(HTMLParser):
    """Every element and attribute a browser would build from the HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("render", [post_html, article_html])
def test_nothing_a_member_types_becomes_script_or_markup(render, text):
    for tag, attrs in elements(render(text)):
        assert tag not in {"script", "img", "iframe", "svg", "style"}, text
        assert not [name for name in attrs if name.startswith("on")], text
        href = (attrs.get("href") or "").strip().lower()
        assert not href or href.startswith(("https:", "http:", "mailto:", "/")), (text, href)


def test_a_post_keeps_its_line_breaks_and_links_bare_urls():
    html = post_html("first line\nsecond https://example.org/a?b=1")
    assert "first line<br>" in html
    assert '<a href="https://example.org/a?b=1" rel="nofollow noopener noreferrer ugc">' in html


def test_a_post_has_no_markdown_headings_or_emphasis():
    html = post_html("# not a heading **not bold**")
    assert "<h" not in html and "<strong>" not in html


def test_an_article_renders_markdown_with_headings_below_the_title():
    html = article_html("# Part one\n\n**bold** and *it*\n\n- a\n- b\n\n> quote\n\n`code`")
    assert "<h2>Part one</h2>" in html and "<h1>" not in html
    assert "<strong>bold</strong>" in html and "<em>it</em>" in html
    assert "<li>a</li>" in html and "<blockquote>" in html and "<code>code</code>" in html


def test_only_live_mentions_become_links():
    html = post_html("hi @ada and @ben", mentions={"ada": "Ada Lovelace"})
    assert '<a class="mention" href="/in/ada/"' in html
    assert "@ben" in html and "/in/ben/" not in html


def test_an_email_address_is_not_a_mention():
    assert handles_in("write to ada@example.com") == []
    assert handles_in("@Ada, @ben and @ada again") == ["ada", "ben"]


def test_a_mention_name_cannot_inject_markup():
    html = post_html("@ada", mentions={"ada": '"><script>alert(1)</script>'})
    assert "<script" not in html


def test_the_first_http_link_is_the_preview():
    assert first_link("see https://a.example/x and https://b.example") == "https://a.example/x"
    assert first_link("no link here") is None
