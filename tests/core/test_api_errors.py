"""One error shape for every API failure: {"detail": "...", "errors": {"field": ["..."]}}."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"


def assert_error_shape(body: Any) -> None:
    assert isinstance(body, dict)
    assert set(body) == {"detail", "errors"}
    assert isinstance(body["detail"], str)
    assert body["detail"]
    assert isinstance(body["errors"], dict)
    for field, messages in body["errors"].items():
        assert isinstance(field, str)
        assert isinstance(messages, list)
        assert all(isinstance(m, str) and m for m in messages)


def test_missing_fields_give_400_with_an_error_per_field(client):
    response = client.post(TOKEN_URL, {}, content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert_error_shape(body)
    assert set(body["errors"]) == {"username", "password"}


def test_malformed_json_gives_400_in_the_same_shape(client):
    response = client.post(TOKEN_URL, '{"username": "officer", "password": ',
                           content_type="application/json")
    assert response.status_code == 400
    assert_error_shape(response.json())


def test_unauthenticated_request_is_refused_in_the_error_shape(client):
    response = client.get("/api/v1/me/")
    assert response.status_code in (401, 403)
    assert_error_shape(response.json())


def test_bad_token_is_refused_in_the_error_shape(client):
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION="Token not-a-real-token")
    assert response.status_code in (401, 403)
    assert_error_shape(response.json())


def test_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/v1/nope/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert_error_shape(body)
    assert body["errors"] == {}


def test_wrong_method_is_a_405_in_the_error_shape(client):
    response = client.get(TOKEN_URL)
    assert response.status_code == 405
    assert_error_shape(response.json())
