"""The API's shared behaviour: the error shape, unknown paths, docs and schema.

`ApiClient` and `as_member` are imported by the other apps' API tests.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from rapport.accounts.models import User
from rapport.accounts.services import token_create

API = "/api/v1"


class ApiClient:
    """Django's test client speaking JSON to /api/v1 with a bearer token."""

    def __init__(self, secret: str | None = None, client: Client | None = None):
        self.client = client or Client()
        self.secret = secret

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.secret}"} if self.secret else {}

    def get(self, path: str, **params: Any):
        return self.client.get(API + path, params, headers=self._headers())

    def _send(self, method: str, path: str, body: Any = None, raw: str | None = None):
        data = raw if raw is not None else ("" if body is None else json.dumps(body))
        send = getattr(self.client, method)
        return send(API + path, data=data, content_type="application/json", headers=self._headers())

    def post(self, path: str, body: Any = None, raw: str | None = None):
        return self._send("post", path, body, raw)

    def patch(self, path: str, body: Any = None, raw: str | None = None):
        return self._send("patch", path, body, raw)

    def delete(self, path: str):
        return self._send("delete", path)


def as_member(member: User) -> ApiClient:
    """A client authenticated with a fresh personal access token of `member`."""
    return ApiClient(token_create(member=member, name="tests").secret)


def assert_error(response, status: int, code: str) -> dict[str, Any]:
    """The response is an API error with this status and stable code, in the one error shape."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["error"] == code, body
    assert isinstance(body["message"], str) and body["message"]
    return body


@pytest.fixture
def api(ada) -> ApiClient:
    return as_member(ada)


def test_unknown_path_is_a_json_404(api):
    assert_error(api.get("/no-such-thing"), 404, "not_found")


def test_unknown_path_is_a_json_404_without_auth(db):
    assert_error(ApiClient().post("/me/nothing/here", {}), 404, "not_found")


def test_the_api_root_is_a_json_404(db):
    assert_error(ApiClient().get("/"), 404, "not_found")


def test_malformed_json_body_is_400_request_malformed(api):
    assert_error(api.patch("/me", raw="{not json"), 400, "request.malformed")


def test_an_oversized_body_is_413_not_a_server_error(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = assert_error(api.patch("/me", {"about": "x" * 2000}), 413, "request.too_large")
    assert "large" in body["message"]


def test_too_many_query_fields_is_400(api, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    params = {f"x{i}": "1" for i in range(10)}
    assert_error(api.get("/search", q="ada", **params), 400, "request.malformed")


def test_validation_error_lists_each_field_without_internal_names(api):
    body = assert_error(api.patch("/me", {"headline": 5, "colour": "red"}), 422, "request.invalid")
    fields = {item["field"] for item in body["detail"]}
    assert fields == {"headline", "colour"}
    assert all(item["location"] == "body" for item in body["detail"])


def test_query_validation_error_names_the_parameter(api):
    body = assert_error(api.get("/search", q="ada", size=0), 422, "request.invalid")
    assert body["field"] == "size"
    assert body["detail"][0]["location"] == "query"


def test_unhandled_error_is_a_json_500_server_error(api, monkeypatch):
    from rapport.notifications import selectors

    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(selectors, "unread_count", broken)
    assert_error(api.get("/notifications/unread-count"), 500, "server_error")


def test_openapi_schema_lists_every_endpoint(client, db):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert set(paths) == {
        f"{API}{p}"
        for p in [
            "/me",
            "/me/privacy",
            "/members/{handle}",
            "/members/{handle}/positions",
            "/members/{handle}/education",
            "/members/{handle}/connections",
            "/search",
            "/me/positions",
            "/me/positions/{position_id}",
            "/me/positions/{position_id}/announce",
            "/me/education",
            "/me/education/{education_id}",
            "/me/connections/{handle}",
            "/me/tokens",
            "/me/tokens/{token_id}",
            "/notifications",
            "/notifications/unread-count",
            "/notifications/read",
            "/notifications/seen",
            "/notifications/filtered",
            "/notifications/filtered/accept",
            "/notifications/filtered/dismiss",
            "/notifications/settings",
            "/notifications/{notification_id}/people",
            "/notifications/{notification_id}/turn-off",
            "/notifications/{notification_id}/mute",
            "/notifications/{notification_id}/mute-mentions",
            "/influence",
            "/influence/visibility",
            "/influence/of/{handle}",
            "/me/data-exports",
            "/me/data-exports/{export_id}/download",
            "/companies/{slug}",
            "/companies/{slug}/insights",
            "/companies/{slug}/logo",
            "/companies/{slug}/follow",
            "/companies/{slug}/admin-claims",
            "/members/{handle}/references",
            "/members/{handle}/references/permission",
            "/me/references/requests/{requester_id}",
            "/me/references/settings",
            "/invitations",
            "/invitations/received",
            "/invitations/sent",
            "/invitations/ignore",
            "/invitations/coach",
            "/invitations/{invitation_id}",
            *(
                f"/invitations/{{invitation_id}}/{action}"
                for action in ("accept", "ignore", "decline", "report", "withdraw", "messages")
            ),
            "/me/invitations/withdraw-older",
            "/me/standing",
            "/me/invitation-preferences",
            "/me/appeals",
            "/messages",
            "/messages/counts",
            "/messages/check",
            "/messages/preferences",
            "/messages/trusted",
            "/messages/trusted/{handle}",
            "/messages/{message_id}/actions",
            "/conversations",
            "/conversations/{conversation_id}",
            "/conversations/{conversation_id}/messages",
            "/conversations/{conversation_id}/actions",
            "/blocks",
            "/blocks/{handle}",
            "/trust/connections",
            "/trust/sizes",
            "/trust/prune",
            "/trust/connections/{handle}",
            "/introductions/routes/{handle}",
            "/introductions",
            "/introductions/{introduction_id}",
            "/introductions/{introduction_id}/forward",
            "/introductions/{introduction_id}/{action}",
            "/companies/{slug}/introducers",
            "/companies/{slug}/posts",
            "/groups",
            "/groups/{slug}",
            "/groups/{slug}/join",
            "/groups/{slug}/leave",
            "/groups/{slug}/membership",
            "/groups/{slug}/members",
            "/groups/{slug}/invitations",
            "/groups/{slug}/requests/{member_id}",
            "/groups/{slug}/members/{member_id}/remove",
            "/groups/{slug}/members/{member_id}/ban",
            "/groups/{slug}/members/{member_id}/unban",
            "/groups/{slug}/members/{member_id}/role",
            "/groups/{slug}/posts",
            "/groups/{slug}/posts/{post_id}",
            "/groups/{slug}/posts/{post_id}/pin",
            "/groups/{slug}/stats",
            "/contacts",
            "/contacts/{contact_id}",
            "/contacts/imports",
            "/contacts/imports/{import_id}",
            "/contacts/imports/{import_id}/preview",
            "/contacts/imports/{import_id}/{action}",
            "/contacts/merges",
            "/contacts/merges/{merge_id}/undo",
            "/contacts/invite",
            "/contacts/export",
            "/network/map",
            "/network/map/clusters/{key}",
            "/feed",
            "/posts",
            "/posts/search",
            "/posts/{post_id}",
            "/posts/{post_id}/reactions",
            "/posts/{post_id}/comments",
            "/posts/{post_id}/reposts",
            "/posts/{post_id}/reports",
            "/posts/{post_id}/stats",
            "/articles",
            "/articles/{post_id}/publish",
            "/comments/{comment_id}",
            "/comments/{comment_id}/reports",
            "/mentions/{mention_id}",
            "/mentionable",
            "/members/{handle}/posts",
        ]
    }


def test_docs_page_loads_only_local_assets(client, db):
    response = client.get(f"{API}/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    # Every script, stylesheet and icon comes from this server, so the docs work offline.
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls
    for url in urls:
        assert url.startswith("/"), url
        asset = client.get(url)
        assert asset.status_code == 200, url
        asset.close()
    assert not re.search(r"https?://", html)


def _operations(client) -> list[tuple[str, str, dict[str, Any]]]:
    paths = client.get(f"{API}/openapi.json").json()["paths"]
    return [(method, path, op) for path, ops in paths.items() for method, op in ops.items()]


def test_every_operation_documents_every_error_it_can_give(client, db):
    """Any request can be malformed (400: too many fields, unreadable body), lack a login
    (401) or not fit the schema (422); a write can fail the session's CSRF check (403); a
    body can be too large (413). Each with the one error shape."""
    components = client.get(f"{API}/openapi.json").json()["components"]["schemas"]
    for method, path, op in _operations(client):
        expected = {"400", "401", "422"}
        if method != "get":
            expected.add("403")
        if "requestBody" in op:
            expected.add("413")
        responses = {str(status): answer for status, answer in op["responses"].items()}
        assert expected <= set(responses), (method, path, expected - set(responses))
        for status, answer in responses.items():
            if status.startswith(("4", "5")):
                ref = answer["content"]["application/json"]["schema"]["$ref"]
                shape = components[ref.rsplit("/", 1)[-1]]  # ErrorOut, or one that extends it
                assert {"error", "message"} <= set(shape["required"]), (method, path, status)


def test_no_two_schemas_share_a_name(client, db):
    """The schema names its components by class name, so two classes of one name (say
    two `MessageOut`s) would silently document one app's answer with the other's."""
    from pydantic import BaseModel

    def subclasses(cls: type) -> list[type]:
        return [c for sub in cls.__subclasses__() for c in (sub, *subclasses(sub))]

    names = set(client.get(f"{API}/openapi.json").json()["components"]["schemas"])
    ours: dict[str, set[str]] = {}
    for model in subclasses(BaseModel):
        if model.__module__.startswith("rapport.") and model.__name__ in names:
            ours.setdefault(model.__name__, set()).add(f"{model.__module__}.{model.__qualname__}")
    assert {name: where for name, where in ours.items() if len(where) > 1} == {}


def test_a_whole_number_written_with_a_decimal_point_is_an_integer(api):
    """JSON Schema's "integer" includes 26.0, so the API takes it; 26.5 and "26" it refuses."""
    education = {"school": "University of Lagos", "start_year": 1992.0}
    response = api.post("/me/education", education)
    assert response.status_code == 201, response.content
    assert response.json()["start_year"] == 1992
    assert api.post("/me/invitations/withdraw-older", {"days": 26.0}).status_code == 200
    for days in (26.5, "26", True, 1e300):
        answer = api.post("/me/invitations/withdraw-older", {"days": days})
        assert_error(answer, 422, "request.invalid")


def test_the_schema_uses_only_json_schema_words_for_bounds(client, db):
    """Pydantic writes `ge`/`le` where it cannot place a bound in the schema; JSON Schema
    (and every client generator) only knows minimum/maximum, so such a bound is unseen."""
    text = client.get(f"{API}/openapi.json").content.decode()
    assert not re.findall(r'"(?:ge|le|gt|lt)":', text)


def test_a_word_in_a_path_beats_a_parameter_in_its_place(client, db):
    """`DELETE /messages/trusted/actions` (un-trust the member @actions) must reach
    `/messages/trusted/{handle}`, not `/messages/{message_id}/actions`: wherever two
    operations' paths could both match a URL, the one with a word where the other has a
    parameter wins."""
    from django.urls import resolve

    def is_param(segment: str) -> bool:
        return segment.startswith("{")

    paths = sorted({tuple(path.split("/")) for _, path, _ in _operations(client)})
    checked = []
    for a in paths:
        for b in paths:
            if a >= b or len(a) != len(b):
                continue
            pairs = list(zip(a, b, strict=True))
            if not all(x == y or is_param(x) or is_param(y) for x, y in pairs):
                continue
            first = next(i for i, (x, y) in enumerate(pairs) if x != y)
            winner = b if is_param(a[first]) else a
            url = "/".join(y if is_param(x) else x for x, y in pairs)
            url = "/".join("1" if is_param(seg) else seg for seg in url.split("/"))
            expected = "/".join(winner).lstrip("/").replace("{", "<").replace("}", ">")
            assert resolve(url).route == expected, (url, "/".join(a), "/".join(b))
            checked.append(url)
    assert "/api/v1/messages/trusted/actions" in checked


def test_every_page_the_api_description_names_exists(client, db):
    """The docs once sent people to /me/tokens, a 404: tokens are made on the settings page."""
    from django.urls import Resolver404, resolve

    schema = client.get(f"{API}/openapi.json").json()
    description = schema["info"]["description"]
    named = re.findall(r"`(?:(?:GET|POST|PATCH|PUT|DELETE) )?(/[^`\s]*)`", description)
    assert "/accounts/settings/" in named
    for path in named:
        if path.startswith(API):
            assert path in schema["paths"], path
        else:
            try:
                resolve(path)
            except Resolver404:
                pytest.fail(f"the API description names {path}, which does not exist")
