"""A per-address limit on sign-in attempts (login form and token endpoint), whatever the usernames tried.

Counted in Django's cache, one fixed one-minute window per client address. With the default local-memory cache
the count is per server process; configure a shared cache (e.g. Redis or the database cache) to count across
processes.
"""

import time

from django.conf import settings
from django.core.cache import cache

from sinergi.core.client_ip import client_ip


def login_throttle(request) -> int | None:
    """Count one sign-in attempt from the request's address; the seconds to wait if it is over the limit."""
    limit = settings.SINERGI_LOGIN_RATE_PER_MINUTE
    if limit <= 0:
        return None
    now = time.time()
    window = int(now // 60)
    key = f"sinergi:login-rate:{client_ip(request)}:{window}"
    cache.add(key, 0, timeout=90)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=90)
        count = 1
    if count > limit:
        return max(1, int((window + 1) * 60 - now) + 1)
    return None
