"""`{% icon "house" %}`: a vendored Lucide icon inlined as SVG (decision 0013).

Inline SVG costs no request and needs no relaxation of the Content-Security-Policy;
the icon is decoration (`aria-hidden`), so the link or button beside it carries the
words. Icons live in static/vendor/lucide-static-<version>/icons/, unchanged.
"""

from __future__ import annotations

import re
from functools import cache

from django import template
from django.contrib.staticfiles import finders
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

ICONS = "vendor/lucide-static-1.87.0/icons"
_COMMENT = re.compile(r"<!--.*?-->\s*", re.S)
_NAME = re.compile(r"[a-z0-9-]+")


@cache
def _svg(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise template.TemplateSyntaxError(f"Not an icon name: {name!r}")
    path = finders.find(f"{ICONS}/{name}.svg")
    if not path:
        raise template.TemplateSyntaxError(f"No vendored icon {name!r} in static/{ICONS}/")
    with open(path, encoding="utf-8") as f:
        text = _COMMENT.sub("", f.read()).strip()
    text = re.sub(r'\s+class="[^"]*"', "", text, count=1)
    return text.replace(
        "<svg", '<svg class="icon" aria-hidden="true" focusable="false"', 1
    ).replace("\n", " ")


@register.simple_tag
def icon(name: str) -> SafeString:
    # Safe: our own vendored file, never member input.
    return mark_safe(_svg(name))
