"""Exit 0 when a Redis server answers at REDIS_URL (default redis://127.0.0.1:6379/0)."""

import os
import sys

import redis

url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
try:
    redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
except Exception:  # noqa: BLE001
    sys.exit(1)
sys.exit(0)
