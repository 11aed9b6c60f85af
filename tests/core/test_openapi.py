"""The OpenAPI schema and its documentation page, served without any CDN."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def test_schema_is_served_and_lists_the_token_endpoint(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Homeward API"
    assert "/api/v1/auth/token/" in schema["paths"]
    assert "post" in schema["paths"]["/api/v1/auth/token/"]
    assert "/api/v1/me/" in schema["paths"]


def test_schema_default_format_is_openapi_yaml(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    text = response.content.decode()
    assert text.startswith("openapi: 3.")
    assert "/api/v1/auth/token/:" in text


def test_docs_page_uses_only_local_assets(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r"""<(?:script|link)\b[^>]*?\b(?:src|href)=["']([^"']+)["']""", html)
    assert assets, "the docs page should load Swagger UI's scripts and styles"
    for url in assets:
        assert url.startswith("/static/"), f"external or unexpected asset: {url}"
    assert not re.search(r"""["'](?:https?:)?//[^"']*\.(?:js|css)\b""", html)
    assert "/api/schema/" in html
