"""URLs of the same shape, reversed once and filled in after.

A feed page names about a hundred URLs (each card's author, avatar, post…), and
Django's `reverse` matches a pattern against its regex on every call (~20 µs
here). The shape of a route does not change while the process runs, so it is
reversed once with markers in place of its arguments and later calls only check
each argument against its converter's regex and put it in (`href`). Anything
else (a route of several shapes, an argument the converter refuses) goes to
`reverse` itself, so the result and the errors are Django's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote

from django.urls import NoReverseMatch, URLResolver, get_resolver, get_script_prefix, reverse

# Digits fit every converter the project uses for an argument (ids, handles, slugs).
_MARK = "90817263549"


@dataclass(frozen=True)
class _Shape:
    parts: tuple[str, ...]  # the URL around its arguments
    checks: tuple[re.Pattern[str], ...]  # what each argument's converter accepts


def _converters(name: str, arity: int) -> list[str] | None:
    """The regex of each argument of the route, or None if it cannot be told for sure."""
    *namespaces, view = name.split(":")
    resolver: URLResolver = get_resolver()
    for namespace in namespaces:
        if namespace not in resolver.namespace_dict:
            return None
        resolver = resolver.namespace_dict[namespace][1]
    entries = [e for e in resolver.reverse_dict.getlist(view) if len(e[0][0][1]) == arity]
    if len(entries) != 1 or len(entries[0][0]) != 1:
        return None
    (possibility,), _pattern, _defaults, converters = entries[0]
    params = possibility[1]
    if any(p not in converters for p in params):
        return None
    return [converters[p].regex for p in params]


@lru_cache(maxsize=512)
def _shape(name: str, arity: int, prefix: str) -> _Shape | None:
    regexes = _converters(name, arity)
    if regexes is None:
        return None
    markers = [f"{_MARK}{i}" for i in range(arity)]
    try:
        url = reverse(name, args=markers)
    except NoReverseMatch:
        return None
    parts = [url]
    for marker in markers:
        head, found, tail = parts[-1].partition(marker)
        if not found:
            return None
        parts[-1:] = [head, tail]
    return _Shape(tuple(parts), tuple(re.compile(r) for r in regexes))


def href(name: str, *args: object) -> str:
    """`reverse(name, args=args)` for a route of fixed shape, without matching it anew."""
    shape = _shape(name, len(args), get_script_prefix())
    if shape is None:
        return reverse(name, args=list(args))
    out = [shape.parts[0]]
    for arg, part, check in zip(args, shape.parts[1:], shape.checks, strict=True):
        text = str(arg)
        if not check.fullmatch(text):
            return reverse(name, args=list(args))  # Django refuses it, as it would
        out.append(quote(text, safe="!$&'()*+,;=~:@/"))
        out.append(part)
    return "".join(out)
