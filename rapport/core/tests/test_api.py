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
            "/me/education",
            "/me/education/{education_id}",
            "/me/connections/{handle}",
            "/me/tokens",
            "/me/tokens/{token_id}",
            "/notifications",
            "/notifications/unread-count",
            "/notifications/read",
            "/companies/{slug}",
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
