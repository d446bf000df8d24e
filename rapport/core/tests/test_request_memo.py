"""A page view asks a repeated read once; nothing else keeps an answer."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from rapport.core.request_memo import RequestMemo, remembered


def _ask(asked: list[str], what: str) -> int:
    asked.append(what)
    return len(asked)


def _page(asked: list[str]) -> RequestMemo:
    def view(request: HttpRequest) -> HttpResponse:
        answers = [
            remembered(("question", 1), lambda: _ask(asked, "1")),
            remembered(("question", 1), lambda: _ask(asked, "1 again")),
            remembered(("question", 2), lambda: _ask(asked, "2")),
        ]
        return HttpResponse(",".join(str(a) for a in answers))

    return RequestMemo(view)


def test_a_read_only_request_asks_each_question_once() -> None:
    asked: list[str] = []
    page = _page(asked)
    assert page(RequestFactory().get("/")).content == b"1,1,2"
    assert asked == ["1", "2"]
    # The memo ended with the request: the next one asks again.
    assert page(RequestFactory().head("/")).content == b"3,3,4"
    assert asked == ["1", "2", "1", "2"]


def test_a_request_that_writes_asks_every_time() -> None:
    # A form post may change what an answer depends on between two asks.
    for method in ("post", "put", "patch", "delete"):
        asked: list[str] = []
        response = _page(asked)(getattr(RequestFactory(), method)("/"))
        assert response.content == b"1,2,3"
        assert asked == ["1", "1 again", "2"]


def test_outside_a_request_nothing_is_kept() -> None:
    asked: list[str] = []
    for _ in range(2):
        remembered("question", lambda: _ask(asked, "asked"))
    assert asked == ["asked", "asked"]
