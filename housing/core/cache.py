"""A Redis cache that degrades to "no cache" when Redis is unreachable.

The cache only ever holds things we can recompute (bank holidays, throttle counters), so a Redis
outage must not take pages down with it: a failed read is a miss, a failed write is skipped.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class ResilientRedisCache(RedisCache):
    def _warn(self, operation: str, exc: Exception) -> None:
        logger.warning("Cache %s skipped: Redis unavailable (%s)", operation, type(exc).__name__)

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        try:
            return super().get(key, default, version)
        except (RedisError, OSError) as exc:
            self._warn("get", exc)
            return default

    def get_many(self, keys: Any, version: Any = None) -> dict[Any, Any]:
        try:
            return super().get_many(keys, version)
        except (RedisError, OSError) as exc:
            self._warn("get_many", exc)
            return {}

    def set(self, key: Any, value: Any, timeout: Any = None, version: Any = None) -> None:
        try:
            super().set(key, value, timeout if timeout is not None else self.default_timeout,
                        version)
        except (RedisError, OSError) as exc:
            self._warn("set", exc)

    def add(self, key: Any, value: Any, timeout: Any = None, version: Any = None) -> bool:
        try:
            return super().add(key, value, timeout if timeout is not None
                               else self.default_timeout, version)
        except (RedisError, OSError) as exc:
            self._warn("add", exc)
            return False

    def delete(self, key: Any, version: Any = None) -> bool:
        try:
            return super().delete(key, version)
        except (RedisError, OSError) as exc:
            self._warn("delete", exc)
            return False

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> int:
        try:
            return super().incr(key, delta, version)
        except (RedisError, OSError) as exc:
            self._warn("incr", exc)
            raise ValueError("cache unavailable") from exc

    def clear(self) -> None:
        try:
            super().clear()
        except (RedisError, OSError) as exc:
            self._warn("clear", exc)
