"""Meta-test: every URL in the URL conf turns anonymous people away unless it is on the public
allow-list below. A new view that forgets its permission check fails here, and so does a new
public page until it is added to the list on purpose."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern, RoutePattern

# Route names (namespace:name) anyone may open without signing in. Keep this list short.
PUBLIC = {
    "healthz",
    "portal:home",
    "portal:accessibility",
    "portal:privacy",
    "accounts:sign-in",
    "accounts:register",
    "accounts:check-email",
    "accounts:verify-email",  # the signed token in the URL is the credential
    "api:token",
    "api:bedroom-need",  # a calculator: reads the scheme, stores nothing
    "api-schema",
    "api-docs",
    "admin:login",
    "admin:logout",  # signs out nobody when nobody is signed in
    "lettings:homes",  # homes taking bids are public (DOMAIN.md §5.2 step 3)
    "lettings:home-detail",  # one public advert (404 unless live, or closed and not yet let)
    "lettings:home-photo",  # a photo of a home whose advert is public
    "api:advert-list",  # the same public adverts through the API (live ones only)
    "api:advert-detail",  # one public advert by id (404 unless selectors.public_advert shows it)
    "lettings:results",  # published lettings results, no person data (DOMAIN.md §4.7, §7.2)
    "api:lettings-result-list",  # the same published results through the API
    "api:lettings-result-summary",  # counts of lets by route and band
}
# Public pages that must answer an anonymous GET with 200 (the rest need a token or a POST).
PUBLIC_PAGES = {
    "healthz": "/healthz",
    "portal:home": "/",
    "portal:accessibility": "/accessibility-statement/",
    "portal:privacy": "/privacy/",
    "accounts:sign-in": "/sign-in/",
    "accounts:register": "/register/",
    "accounts:check-email": "/register/check-your-email/",
    "api-schema": "/api/schema/",
    "api-docs": "/api/docs/",
    "admin:login": "/admin/login/",
    "lettings:homes": "/homes/",
    "lettings:results": "/homes/results/",
    "api:lettings-result-list": "/api/v1/lettings-results/",
    "api:lettings-result-summary": "/api/v1/lettings-results/summary/",
}
SIGN_IN_PATHS = ("/sign-in/", "/admin/login/")

# Sample values for path converters, by converter class name.
CONVERTER_SAMPLES = {
    "IntConverter": lambda: "1",
    "UUIDConverter": lambda: str(uuid.uuid4()),
    "StringConverter": lambda: "x",
    "SlugConverter": lambda: "x",
    "PathConverter": lambda: "x",
}
# Sample values for regex groups (admin and django-simple-history use regex patterns).
REGEX_GROUP_SAMPLES = {
    r"[^/]+": "1",
    r"\d+": "1",
    r".+": "x",
    r".*": "no-such-page/",
    r"[-\w]+": "x",
    r"\w+": "x",
}


@dataclass
class Route:
    name: str
    route: str  # as Django joins it, to match ResolverMatch.route
    parts: list[object]  # the pattern objects, outermost first

    def __str__(self) -> str:
        return f"{self.name or '(unnamed)'} [{self.route}]"


def _join(prefix: str, pattern: object) -> str:
    text = str(pattern)
    if isinstance(pattern, RegexPattern) and text.startswith("^"):
        text = text[1:]
    return prefix + text


def _walk(patterns: list, prefix: str = "", namespace: str = "",  # type: ignore[type-arg]
          parts: tuple[object, ...] = ()) -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, _join(prefix, entry.pattern), inner,
                             (*parts, entry.pattern))
        elif isinstance(entry, URLPattern):
            name = entry.name or ""
            if name and namespace:
                name = f"{namespace}:{name}"
            yield Route(name=name, route=_join(prefix, entry.pattern),
                        parts=[*parts, entry.pattern])


def _fill_route(pattern: RoutePattern) -> str:
    text = str(pattern)

    def sample(match: re.Match[str]) -> str:
        name = match.group("name")
        converter = type(pattern.converters[name]).__name__
        if converter not in CONVERTER_SAMPLES:
            raise LookupError(f"no sample value for converter {converter}")
        return CONVERTER_SAMPLES[converter]()

    return re.sub(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>", sample, text)


def _fill_regex(pattern: RegexPattern) -> str:
    text = str(pattern)
    out, i = [], 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
        elif char in "^$":
            i += 1
        elif char == "(":
            depth, j = 1, i + 1
            while depth:
                if text[j] == "\\":
                    j += 1
                elif text[j] == "(":
                    depth += 1
                elif text[j] == ")":
                    depth -= 1
                j += 1
            body = re.sub(r"^\?P<\w+>", "", text[i + 1:j - 1])
            if body in REGEX_GROUP_SAMPLES:
                out.append(REGEX_GROUP_SAMPLES[body])
            elif re.fullmatch(r"[\w-]+(\|[\w-]+)*", body):
                out.append(body.split("|")[0])
            else:
                raise LookupError(f"no sample value for regex group ({body})")
            i = j
        elif char in ".*+?[]{}|":
            raise LookupError(f"regex too complex to fill: {text}")
        else:
            out.append(char)
            i += 1
    return "".join(out)


def concrete_url(route: Route) -> str:
    pieces = []
    for pattern in route.parts:
        if isinstance(pattern, RoutePattern):
            pieces.append(_fill_route(pattern))
        elif isinstance(pattern, RegexPattern):
            pieces.append(_fill_regex(pattern))
        else:
            raise LookupError(f"unknown pattern type {type(pattern).__name__}")
    url = "/" + "".join(pieces)
    match = resolve(url)
    if match.route != route.route:
        raise LookupError(f"{url} resolves to {match.route}, not to this route")
    return url


ROUTES = list(_walk(get_resolver().url_patterns))


def _refusal(response) -> str | None:  # type: ignore[no-untyped-def]
    """None when the response turns an anonymous person away, else what went wrong."""
    if response.status_code in (401, 403):
        return None
    if response.status_code in (301, 302, 303, 307, 308):
        location = urlsplit(response["Location"]).path
        if location.startswith(SIGN_IN_PATHS):
            return None
        return f"redirects to {response['Location']} (not to sign in)"
    return f"answers {response.status_code}"


def test_the_url_conf_is_walked_completely():
    names = {route.name for route in ROUTES}
    assert len(ROUTES) > 50
    for expected in ("staff:home", "portal:letter-download", "api:me", "admin:index",
                     "partners:home", "applications:staff-list"):
        assert expected in names


def test_every_public_allow_list_entry_still_exists():
    names = {route.name for route in ROUTES}
    assert PUBLIC - names == set()
    assert set(PUBLIC_PAGES) <= PUBLIC


@pytest.mark.django_db
def test_every_non_public_url_refuses_anonymous_people(client):
    problems: list[str] = []
    checked = 0
    for route in ROUTES:
        if route.name in PUBLIC:
            continue
        try:
            url = concrete_url(route)
        except Exception as exc:  # noqa: BLE001 - listed below; nothing is skipped silently
            problems.append(f"{route}: cannot build a URL ({exc})")
            continue
        try:
            response = client.get(url)
            method = "GET"
            if response.status_code == 405:
                response = client.post(url)
                method = "POST"
        except Exception as exc:  # noqa: BLE001 - a crash is a failure too
            problems.append(f"{route} {url}: raised {type(exc).__name__}: {exc}")
            continue
        checked += 1
        if (problem := _refusal(response)) is not None:
            problems.append(f"{route} {method} {url}: {problem}")
    assert not problems, ("URLs that do not turn anonymous people away (add a permission check, "
                          "or add the route to PUBLIC on purpose):\n" + "\n".join(problems))
    assert checked > 50


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "url"), sorted(PUBLIC_PAGES.items()))
def test_public_pages_open_without_signing_in(client, name, url):
    assert resolve(url).view_name == name
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_token_endpoint_refuses_get(client):
    assert client.get("/api/v1/auth/token/").status_code == 405
