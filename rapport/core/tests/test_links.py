"""`href` gives exactly what `reverse` gives, for every named route of the project."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, get_resolver, reverse, set_script_prefix

from rapport.core.links import href


def _routes() -> list[tuple[str, int]]:
    """Every named route with its number of arguments, namespaced as templates name them."""
    found: list[tuple[str, int]] = []

    def walk(resolver, namespace: str) -> None:
        for name, entries in resolver.reverse_dict.lists():
            if isinstance(name, str):
                for possibility, *_ in entries:
                    for _, params in possibility:
                        found.append((namespace + name, len(params)))
        for ns, (_, sub) in resolver.namespace_dict.items():
            walk(sub, f"{namespace}{ns}:")

    walk(get_resolver(), "")
    return sorted(set(found))


ARGS = ["42", "ada-lovelace", "7"]


def test_every_route_reads_the_same_as_reverse() -> None:
    routes = _routes()
    assert len(routes) > 50
    for name, arity in routes:
        args = ARGS[:arity]
        try:
            expected = reverse(name, args=args)
        except NoReverseMatch:
            with pytest.raises(NoReverseMatch):
                href(name, *args)
            continue
        assert href(name, *args) == expected, name


def test_odd_arguments_are_refused_or_quoted_as_reverse_does() -> None:
    assert href("members:profile", "josé") == reverse("members:profile", args=["josé"])
    with pytest.raises(NoReverseMatch):
        href("posts:detail", "not-a-number")
    with pytest.raises(NoReverseMatch):
        href("members:profile", "a/b")


def test_a_script_prefix_is_kept() -> None:
    set_script_prefix("/community/")
    try:
        assert href("posts:detail", 5) == reverse("posts:detail", args=[5])
        assert href("posts:detail", 5).startswith("/community/")
    finally:
        set_script_prefix("/")
