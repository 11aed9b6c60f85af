"""Load test: applicants browsing the homes list and bidding (issue 5; docs/performance.md).

Each simulated applicant signs in once as its own benchmark account (``bench-applicant-NNNN``,
made by ``manage.py bench_lettings_seed``), then loops, pausing between steps as a person
would (``BENCH_WAIT_MIN``/``BENCH_WAIT_MAX`` seconds, default 1 to 5, as in locust's own
examples):

1. the homes list page for its size, at a random page (``GET /homes/?bedrooms=N&page=P``);
2. one of the homes on that page (``GET /homes/<reference>/``);
3. a bid on a home it may bid for (``POST /api/v1/bids/``); when it already has the scheme's
   limit of live bids it first withdraws its oldest (``DELETE /api/v1/bids/<id>/``);
4. one time in four, its bids page with queue positions (``GET /account/bids/``).

The statistics cover a window of ``BENCH_MEASURE_SECONDS`` (default 60) that starts
``BENCH_SETTLE_SECONDS`` (default 10) after every applicant has signed in, so the one-off
sign-ins (password hashing) and the rush that follows them do not count; give ``--run-time`` as
a generous upper limit. Requests are named so the statistics keep "bid
placement" apart from the "advert list page". The API is used with the browser session (session
cookie plus the CSRF header), as the portal's own pages would; requests named ``setup:`` run
once per applicant before the loop.

Run it through bench/run_lettings.sh, or by hand:

    .bench-venv/bin/locust -f bench/locustfile.py --headless -u 50 -r 10 -t 180s \\
        --host http://127.0.0.1:8775 --csv var/bench/lettings
"""

from __future__ import annotations

import math
import os
import random
import re
from typing import Any

import gevent
from locust import HttpUser, between, events, task
from locust.env import Environment

USER_PREFIX = "bench-applicant-"
# Must match lettings/management/commands/bench_lettings_seed.py: account N may bid for homes
# of APPLICANT_SIZES[N % 10] bedrooms.
APPLICANT_SIZES = (1, 1, 1, 1, 2, 2, 2, 3, 3, 1)
PASSWORD = os.environ.get("BENCH_PASSWORD", "bench-applicant-password")
ACCOUNTS = int(os.environ.get("BENCH_ACCOUNTS", "5000"))
MAX_LIVE_BIDS = int(os.environ.get("BENCH_MAX_LIVE_BIDS", "3"))
HOMES_PER_PAGE = 20
HOME_LINK = re.compile(r'href="/homes/([A-Z0-9-]+)/"')

_rng = random.Random(int(os.environ.get("BENCH_SEED", "5")))  # noqa: S311 - load test only
_accounts = list(range(1, ACCOUNTS + 1))
_rng.shuffle(_accounts)

# The measured window starts once every simulated applicant has signed in and loaded its
# adverts (sign-in hashes the password, which is deliberately slow) and a settling time has
# passed, and lasts MEASURE_SECONDS. The setup saturates the server, so the applicants finish it
# together; each then starts after a random pause and the settling time lets them spread out,
# so the window measures steady browsing and bidding rather than the start-up rush.
MEASURE_SECONDS = float(os.environ.get("BENCH_MEASURE_SECONDS", "60"))
SETTLE_SECONDS = float(os.environ.get("BENCH_SETTLE_SECONDS", "10"))
WAIT_MIN = float(os.environ.get("BENCH_WAIT_MIN", "1"))
WAIT_MAX = float(os.environ.get("BENCH_WAIT_MAX", "5"))
_ready = 0

LIST = "advert list page: GET /homes/?bedrooms&page"
DETAIL = "advert page: GET /homes/<reference>/"
BID = "bid placement: POST /api/v1/bids/"
WITHDRAW = "bid withdrawal: DELETE /api/v1/bids/<id>/"
MY_BIDS = "my bids page: GET /account/bids/"


@events.test_start.add_listener
def _start_measuring(environment: Environment, **_kwargs: Any) -> None:
    gevent.spawn(_measure, environment)


def _measure(environment: Environment) -> None:
    """Reset the statistics when every applicant is ready, then stop after the window."""
    runner = environment.runner
    assert runner is not None and environment.parsed_options is not None
    wanted = environment.parsed_options.num_users
    while _ready < wanted:
        gevent.sleep(0.1)
    print(f"bench: all {wanted} applicants signed in; settling for {SETTLE_SECONDS:.0f}s",
          flush=True)
    gevent.sleep(SETTLE_SECONDS)
    runner.stats.reset_all()
    print(f"bench: measuring for {MEASURE_SECONDS:.0f}s", flush=True)
    gevent.sleep(MEASURE_SECONDS)
    runner.quit()


class Applicant(HttpUser):
    wait_time = between(WAIT_MIN, WAIT_MAX)

    def on_start(self) -> None:
        number = _accounts.pop()
        self.size = APPLICANT_SIZES[number % 10]
        self.username = f"{USER_PREFIX}{number:04d}"
        self.client.get("/sign-in/", name="setup: sign-in form")
        response = self.client.post(
            "/sign-in/", name="setup: sign in", allow_redirects=False,
            data={"username": self.username, "password": PASSWORD,
                  "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")})
        if response.status_code != 302:
            raise RuntimeError(f"{self.username} could not sign in ({response.status_code}).")
        # Start from no live bids (an earlier run may have left some): with the limit reached,
        # the advert list would say "you cannot bid" for every home.
        bids = self.client.get("/api/v1/bids/?status=placed", name="setup: my bids").json()
        for bid in bids["results"]:
            self.client.delete(f"/api/v1/bids/{bid['id']}/", name="setup: withdraw old bids",
                               headers=self._headers())
        self.live: list[tuple[int, int]] = []  # (bid, advert), oldest first
        # The homes of this applicant's size it may bid for (one page of up to 200, at random).
        response = self.client.get(f"/api/v1/adverts/?bedrooms={self.size}&page_size=200",
                                   name="setup: adverts I may bid for")
        data = response.json()
        pages = max(1, math.ceil(data["count"] / 200))
        if pages > 1:
            page = _rng.randint(1, pages)
            data = self.client.get(
                f"/api/v1/adverts/?bedrooms={self.size}&page_size=200&page={page}",
                name="setup: adverts I may bid for").json()
        self.list_pages = max(1, math.ceil(data["count"] / HOMES_PER_PAGE))
        self.biddable = {advert["id"] for advert in data["results"] if advert["can_bid"]}
        if not self.biddable:
            raise RuntimeError(f"{self.username} may bid for none of the homes it was shown.")
        # Warm every gunicorn worker up (the first page a worker renders compiles its
        # templates, about half a second), as long-running production workers would be.
        response = self.client.get(f"/homes/?bedrooms={self.size}", name="setup: warm-up")
        for reference in HOME_LINK.findall(response.text)[:1]:
            self.client.get(f"/homes/{reference}/", name="setup: warm-up")
        self.client.get("/account/bids/", name="setup: warm-up")
        global _ready
        _ready += 1
        gevent.sleep(_rng.uniform(0, WAIT_MAX))

    def _headers(self) -> dict[str, str]:
        return {"X-CSRFToken": self.client.cookies.get("csrftoken", ""),
                "Accept": "application/json"}

    @task
    def browse_and_bid(self) -> None:
        page = _rng.randint(1, self.list_pages)
        response = self.client.get(f"/homes/?bedrooms={self.size}&page={page}", name=LIST)
        references = [ref for ref in HOME_LINK.findall(response.text) if ref != "photos"]
        self.wait()
        if references:
            self.client.get(f"/homes/{_rng.choice(references)}/", name=DETAIL)
            self.wait()
        self._bid()
        if _rng.random() < 0.25:
            self.wait()
            self.client.get("/account/bids/", name=MY_BIDS)

    def _bid(self) -> None:
        if len(self.live) >= MAX_LIVE_BIDS:
            oldest, _advert = self.live.pop(0)
            with self.client.delete(f"/api/v1/bids/{oldest}/", name=WITHDRAW,
                                    headers=self._headers(), catch_response=True) as response:
                if response.status_code != 200:
                    response.failure(f"withdraw: {response.status_code} {response.text[:200]}")
            self.wait()
        advert = _rng.choice(sorted(self.biddable - {advert for _bid, advert in self.live}))
        with self.client.post("/api/v1/bids/", json={"advert": advert}, name=BID,
                              headers=self._headers(), catch_response=True) as response:
            body: dict[str, Any] = {}
            if response.headers.get("Content-Type", "").startswith("application/json"):
                body = response.json()
            if response.status_code != 201:
                response.failure(f"bid: {response.status_code} {response.text[:200]}")
                return
            if body.get("position") is None:
                response.failure("bid placed but no queue position in the response")
            self.live.append((body["id"], advert))
