"""Text to safe HTML: a post's plain text with its links and mentions, an article's Markdown.

Both go through markdown-it-py (raw HTML off, so markup typed by a member is shown as
text) and then nh3, which keeps only the tags and attributes listed here and only
http(s)/mailto links: a `javascript:` link, an event handler or a `<script>` cannot
survive either step, and the second does not trust the first.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import nh3
from django.urls import reverse
from django.utils.html import escape
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

# Handles are lower-case letters, digits, hyphens and underscores (accounts' rule).
HANDLE = re.compile(r"[a-z0-9][a-z0-9_-]{0,29}", re.IGNORECASE)
MENTION = re.compile(r"(?<![\w@])@([a-z0-9][a-z0-9_-]{0,29})", re.IGNORECASE)

_POST_TAGS = {"p", "br", "a", "span"}
_ARTICLE_TAGS = _POST_TAGS | {
    "h2",
    "h3",
    "h4",
    "strong",
    "em",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
_ATTRIBUTES = {
    "a": {"href", "title", "class"},
    "span": {"class"},
    "th": {"style"},
    "td": {"style"},
}
_SCHEMES = {"http", "https", "mailto"}


def handles_in(text: str) -> list[str]:
    """The distinct @handles a text names, lower-cased, in order of first appearance."""
    seen: dict[str, None] = {}
    for match in MENTION.finditer(text):
        seen.setdefault(match.group(1).lower(), None)
    return list(seen)


def _mention_rule(state: StateInline, silent: bool) -> bool:
    """`@handle` becomes a link when the handle is a live mention of this text."""
    src, pos = state.src, state.pos
    if src[pos] != "@" or (pos > 0 and (src[pos - 1].isalnum() or src[pos - 1] in "_@")):
        return False
    match = HANDLE.match(src, pos + 1)
    if match is None:
        return False
    handle = match.group(0).lower()
    mentions: Mapping[str, str] = state.env.get("mentions", {})
    if handle not in mentions:
        return False
    if not silent:
        token = state.push("mention", "", 0)
        token.meta = {"handle": handle, "name": mentions[handle]}
    state.pos = match.end()
    return True


def _render_mention(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    meta = tokens[idx].meta
    url = reverse("members:profile", args=[meta["handle"]])
    return (
        f'<a class="mention" href="{escape(url)}" title="{escape(meta["name"])}">'
        f"@{escape(meta['handle'])}</a>"
    )


def _parser(preset: str) -> MarkdownIt:
    md = MarkdownIt(preset, {"html": False, "linkify": True, "breaks": preset == "zero"})
    md.enable(["linkify", "newline"] if preset == "zero" else ["linkify", "table", "strikethrough"])
    md.inline.ruler.before("link", "mention", _mention_rule)
    md.add_render_rule("mention", _render_mention)
    return md


_POST = _parser("zero")
_ARTICLE = _parser("commonmark")


def _clean(html: str, tags: set[str]) -> str:
    return nh3.clean(
        html,
        tags=tags,
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        link_rel="nofollow noopener noreferrer ugc",
    )


def post_html(text: str, *, mentions: Mapping[str, str] | None = None) -> str:
    """A post or comment: paragraphs, line breaks, bare links and live mentions, no more.

    `mentions` maps each live mentioned handle to the member's name; any other @word
    stays plain text, so a removed mention is no longer a link.
    """
    return _clean(_POST.render(text, {"mentions": dict(mentions or {})}), _POST_TAGS)


def article_html(markdown: str, *, mentions: Mapping[str, str] | None = None) -> str:
    """An article's Markdown: headings, emphasis, lists, quotes, code, tables and links.

    A `# heading` is shifted down a level, since the article's title is the page's h1.
    """
    rendered = _ARTICLE.render(markdown, {"mentions": dict(mentions or {})})
    rendered = re.sub(r"<(/?)h1>", r"<\1h2>", rendered)
    rendered = re.sub(r"<(/?)h[56]>", r"<\1h4>", rendered)
    return _clean(rendered, _ARTICLE_TAGS)


def first_link(text: str) -> str | None:
    """The first http(s) link in a post, the one shown as a preview."""
    for token in _POST.parseInline(text)[0].children or []:
        if token.type == "link_open":
            href = str(token.attrs.get("href", ""))
            if href.startswith(("http://", "https://")):
                return href
    return None
