"""API authentication (token or session) and the personal access token endpoints."""

from __future__ import annotations

from django.test import Client

from rapport.accounts.models import AccessToken
from rapport.accounts.services import token_create, token_revoke
from rapport.core.tests.test_api import ApiClient, as_member, assert_error
from rapport.members.models import Profile


def _headline(member) -> str:
    return Profile.objects.get(member=member).headline


# --- authentication -------------------------------------------------------------------


def test_no_credentials_is_401_auth_required(db):
    assert_error(ApiClient().get("/me"), 401, "auth.required")


def test_no_credentials_on_a_write_is_401_not_a_csrf_failure(ada):
    response = ApiClient(client=Client(enforce_csrf_checks=True)).patch("/me", {"headline": "x"})
    assert_error(response, 401, "auth.required")
    assert _headline(ada) == "Analyst at Engines Ltd"


def test_a_valid_token_authenticates_its_member(ada):
    response = as_member(ada).get("/me")
    assert response.status_code == 200
    assert response.json()["handle"] == "ada"


def test_token_use_is_recorded(ada):
    issued = token_create(member=ada, name="script")
    ApiClient(issued.secret).get("/me")
    issued.token.refresh_from_db()
    assert issued.token.last_used_at is not None


def test_an_unknown_token_is_401(db):
    assert_error(ApiClient("rpt_not-a-real-token").get("/me"), 401, "auth.required")


def test_a_revoked_token_is_401(ada):
    issued = token_create(member=ada, name="old laptop")
    token_revoke(member=ada, token_id=issued.token.pk)
    assert_error(ApiClient(issued.secret).get("/me"), 401, "auth.required")


def test_a_token_of_an_inactive_member_is_401(ada):
    issued = token_create(member=ada, name="script")
    ada.is_active = False
    ada.save(update_fields=["is_active"])
    assert_error(ApiClient(issued.secret).get("/me"), 401, "auth.required")


def test_a_bad_token_is_401_even_with_a_logged_in_session(ada):
    client = Client()
    client.force_login(ada)
    assert_error(ApiClient("rpt_wrong", client=client).get("/me"), 401, "auth.required")


def test_the_session_authenticates_reads(ada):
    client = Client()
    client.force_login(ada)
    response = client.get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["email"] == "ada@example.com"


def test_a_session_write_without_the_csrf_token_is_403_and_changes_nothing(ada):
    client = Client(enforce_csrf_checks=True)
    client.force_login(ada)
    response = ApiClient(client=client).patch("/me", {"headline": "Changed"})
    assert_error(response, 403, "auth.csrf_failed")
    assert _headline(ada) == "Analyst at Engines Ltd"


def test_a_session_write_with_the_csrf_token_succeeds(ada):
    client = Client(enforce_csrf_checks=True)
    client.force_login(ada)
    client.get("/api/v1/docs")  # The docs page hands out the CSRF cookie, as forms do.
    csrf = client.cookies["csrftoken"].value
    response = client.patch(
        "/api/v1/me",
        data={"headline": "Changed"},
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )
    assert response.status_code == 200, response.content
    assert _headline(ada) == "Changed"


def test_a_token_write_needs_no_csrf_token(ada):
    issued = token_create(member=ada, name="script")
    api = ApiClient(issued.secret, client=Client(enforce_csrf_checks=True))
    assert api.patch("/me", {"headline": "From a script"}).status_code == 200
    assert _headline(ada) == "From a script"


# --- tokens -----------------------------------------------------------------------------


def test_list_tokens_shows_own_tokens_without_secrets(ada, ben):
    token_create(member=ben, name="ben's")
    api = as_member(ada)
    token_create(member=ada, name="laptop")
    response = api.get("/me/tokens")
    assert response.status_code == 200
    names = sorted(t["name"] for t in response.json())
    assert names == ["laptop", "tests"]
    assert all("secret" not in t and "digest" not in t for t in response.json())


def test_create_token_returns_the_secret_once_and_it_works(ada):
    api = as_member(ada)
    response = api.post("/me/tokens", {"name": "CI pipeline"})
    assert response.status_code == 201
    body = response.json()
    assert body["secret"].startswith("rpt_")
    assert body["token"]["name"] == "CI pipeline"
    assert body["token"]["is_active"] is True
    assert body["secret"] not in api.get("/me/tokens").content.decode()
    assert ApiClient(body["secret"]).get("/me").json()["handle"] == "ada"


def test_create_token_with_the_session(ada):
    client = Client()
    client.force_login(ada)
    response = ApiClient(client=client).post("/me/tokens", {"name": "from the browser"})
    assert response.status_code == 201
    assert AccessToken.objects.filter(member=ada, name="from the browser").exists()


def test_create_token_rejects_bad_input_and_creates_nothing(ada):
    api = as_member(ada)
    before = AccessToken.objects.count()
    assert_error(api.post("/me/tokens", {"name": 5}), 422, "request.invalid")
    assert_error(api.post("/me/tokens", {"name": ""}), 422, "request.invalid")
    assert_error(api.post("/me/tokens", {"name": "x" * 61}), 422, "request.invalid")
    assert_error(api.post("/me/tokens", {"name": "ok", "member": 2}), 422, "request.invalid")
    assert_error(api.post("/me/tokens", {}), 422, "request.invalid")
    assert_error(api.post("/me/tokens", {"name": "   "}), 400, "token.name_required")
    assert AccessToken.objects.count() == before


def test_create_token_beyond_the_limit_is_429(limit, ada, settings):
    limit("accounts.tokens_per_member", 2)
    api = as_member(ada)
    assert api.post("/me/tokens", {"name": "second"}).status_code == 201
    assert_error(api.post("/me/tokens", {"name": "third"}), 429, "token.limit")
    assert AccessToken.objects.filter(member=ada).count() == 2


def test_revoke_token_stops_it_working(ada):
    api = as_member(ada)
    other = token_create(member=ada, name="old")
    response = api.delete(f"/me/tokens/{other.token.pk}")
    assert response.status_code == 204
    assert_error(ApiClient(other.secret).get("/me"), 401, "auth.required")
    assert api.get("/me").status_code == 200


def test_a_token_can_revoke_itself(ada):
    issued = token_create(member=ada, name="self-destruct")
    api = ApiClient(issued.secret)
    assert api.delete(f"/me/tokens/{issued.token.pk}").status_code == 204
    assert_error(api.get("/me"), 401, "auth.required")


def test_revoking_someone_elses_token_is_404_and_it_keeps_working(ada, ben):
    bens = token_create(member=ben, name="ben's")
    assert_error(as_member(ada).delete(f"/me/tokens/{bens.token.pk}"), 404, "token.not_found")
    assert ApiClient(bens.secret).get("/me").status_code == 200


def test_revoke_with_a_malformed_id_is_422(ada):
    api = as_member(ada)
    assert_error(api.delete("/me/tokens/abc"), 422, "request.invalid")
    assert_error(api.delete("/me/tokens/0"), 422, "request.invalid")
    assert_error(api.delete(f"/me/tokens/{2**64}"), 422, "request.invalid")


def test_a_method_the_endpoint_does_not_have_is_a_json_405(ada):
    response = as_member(ada).patch("/me/tokens", {})
    assert_error(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"]
