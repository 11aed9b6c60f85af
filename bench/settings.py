"""Production settings for the load test, with one change: collected static files go to
``var/bench-static`` instead of ``staticfiles/``, so a benchmark run never touches the files a
development server or a deployment build uses. Everything else comes from the environment
exactly as in production (``DEBUG`` off, ``SECRET_KEY``, ``ALLOWED_HOSTS``, …)."""

from housing.settings import *  # noqa: F403
from housing.settings import VAR_DIR

STATIC_ROOT = VAR_DIR / "bench-static"
