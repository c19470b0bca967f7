"""Rate limits and load shedding that never stand between a patient and "stimulation off".

- :class:`RateLimiter`: one token bucket per key (a client address, a user id, a login name);
  a request takes one token; an empty bucket answers 429 with ``Retry-After`` (seconds until
  the next token).
- :class:`LoadShedder`: at most ``max_concurrent`` requests run at once, at most ``max_queued``
  wait (each for at most ``queue_timeout``); beyond that the answer is 503 with ``Retry-After``.
  Bounding the work in progress also bounds how long "stimulation off" waits for the twins' lock
  and the database.
- :class:`LimitsMiddleware` applies the per-address limit and the shedder to every request
  except "stimulation off" (:func:`is_stimulation_off`); the per-identity limit is charged once
  the caller is known (:meth:`Limits.charge_identity`), and logins have their own buckets per
  address and per username (:meth:`Limits.charge_login`), on top of the account lockout.

A refused "stimulation off" (no valid credentials, another patient, a role that may not) is
charged to the address bucket, so the exemption cannot be used to flood the server anonymously;
an authenticated patient or assigned clinician is never limited on that path.

The buckets live in the server process: several worker processes each keep their own, so the
effective limit is the per-process limit times the number of workers (``docs/threat-model.md``).
"""

from __future__ import annotations

import asyncio
import math
import re
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from drgsim.app.server.errors import ServiceUnavailableError, TooManyRequestsError, error_body
from drgsim.app.server.settings import Settings

#: "Stimulation off" (all off) in the API and in the web controller page.
_OFF_PATHS = (
    re.compile(r"/api/v1/patients/[0-9]+/controller/off/?"),
    re.compile(r"/patients/[0-9]+/controller/off/?"),
)


def is_stimulation_off(method: str, path: str) -> bool:
    """Return True for a "stimulation off" request, which no limit or shedding ever refuses."""
    return method.upper() == "POST" and any(p.fullmatch(path) for p in _OFF_PATHS)


#: Slack for floating-point refill sums: waiting exactly the advertised time always admits.
_ROUNDING = 1e-9


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float


@dataclass(slots=True, kw_only=True)
class RateLimiter:
    """Token buckets by key: ``burst`` tokens, refilled at ``rate`` tokens per second.

    Parameters
    ----------
    rate
        Refill rate [1/s], > 0.
    burst
        Bucket size (requests allowed at once), >= 1.
    max_keys
        Buckets kept; the least recently used is dropped beyond it (bounded memory).
    clock
        Monotonic time [s].
    """

    rate: float
    burst: int
    max_keys: int = 10_000
    clock: Callable[[], float] = time.monotonic
    _buckets: OrderedDict[str, _Bucket] = field(default_factory=OrderedDict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        if not (math.isfinite(self.rate) and self.rate > 0):
            raise ValueError(f"rate must be finite and > 0, got {self.rate!r}")
        if self.burst < 1 or self.max_keys < 1:
            raise ValueError("burst and max_keys must be >= 1")

    def take(self, key: str) -> float:
        """Take a token for ``key``; return 0 when allowed, else the wait until one [s] (> 0)."""
        now = self.clock()
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is None:
                bucket = _Bucket(tokens=float(self.burst), updated=now)
                self._buckets[key] = bucket
                while len(self._buckets) > self.max_keys:
                    self._buckets.popitem(last=False)
            else:
                self._buckets.move_to_end(key)
                elapsed = max(0.0, now - bucket.updated)
                bucket.tokens = min(float(self.burst), bucket.tokens + elapsed * self.rate)
                bucket.updated = now
            if bucket.tokens >= 1.0 - _ROUNDING:
                bucket.tokens = max(0.0, bucket.tokens - 1.0)
                return 0.0
            return (1.0 - bucket.tokens) / self.rate


class LoadShedder:
    """Bounded concurrency with a bounded, time-limited queue.

    Parameters
    ----------
    max_concurrent
        Requests running at once.
    max_queued
        Requests waiting for a slot; more are refused at once.
    queue_timeout
        Longest wait for a slot [s]; then refused.
    """

    def __init__(self, *, max_concurrent: int, max_queued: int, queue_timeout: float) -> None:
        if max_concurrent < 1 or max_queued < 0 or not queue_timeout >= 0:
            raise ValueError("max_concurrent >= 1, max_queued >= 0, queue_timeout >= 0")
        self.max_concurrent = max_concurrent
        self.max_queued = max_queued
        self.queue_timeout = queue_timeout
        self._active = 0
        self._waiters: deque[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = deque()
        self._lock = threading.Lock()

    @property
    def active(self) -> int:
        """Requests holding a slot now."""
        return self._active

    def try_enter(self) -> bool:
        """Take a slot if one is free (no waiting); pair with :meth:`leave`."""
        with self._lock:
            if self._active < self.max_concurrent and not self._waiters:
                self._active += 1
                return True
            return False

    async def enter(self) -> bool:
        """Take a slot, waiting in the queue if needed; False when shed."""
        if self.try_enter():
            return True
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        with self._lock:
            if len(self._waiters) >= self.max_queued:
                return False
            entry = (loop, future)
            self._waiters.append(entry)
        try:
            await asyncio.wait_for(future, self.queue_timeout)
            return True
        except (TimeoutError, asyncio.CancelledError) as exc:
            with self._lock:
                queued = entry in self._waiters
                if queued:
                    self._waiters.remove(entry)
            if not queued:  # the slot was handed over as the wait ended: give it back
                self.leave()
            if isinstance(exc, asyncio.CancelledError):
                raise
            return False

    def leave(self) -> None:
        """Give a slot back, handing it to the longest waiter if any."""
        with self._lock:
            if self._waiters:
                loop, future = self._waiters.popleft()
                loop.call_soon_threadsafe(_wake, future)
            else:
                self._active -= 1


def _wake(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


def _retry_after(seconds: float) -> str:
    return str(max(1, math.ceil(seconds)))


class Limits:
    """The server's limiters, built from its settings (kept on ``app.state.limits``)."""

    def __init__(self, settings: Settings, clock: Callable[[], float] = time.monotonic) -> None:
        keys = settings.rate_limit_max_keys

        def limiter(rate: float, burst: int) -> RateLimiter:
            return RateLimiter(rate=rate, burst=burst, max_keys=keys, clock=clock)

        self.per_address = limiter(
            settings.rate_limit_address_per_s, settings.rate_limit_address_burst
        )
        self.per_identity = limiter(
            settings.rate_limit_identity_per_s, settings.rate_limit_identity_burst
        )
        self.login_per_address = limiter(
            settings.login_limit_address_per_min / 60.0, settings.login_limit_address_burst
        )
        self.login_per_username = limiter(
            settings.login_limit_username_per_min / 60.0, settings.login_limit_username_burst
        )
        self.shedder = LoadShedder(
            max_concurrent=settings.max_concurrent_requests,
            max_queued=settings.max_queued_requests,
            queue_timeout=settings.queue_timeout_s,
        )
        self.shed_retry_after_s = settings.shed_retry_after_s

    def charge_identity(self, request: Request, user_id: int) -> None:
        """Take a token for the authenticated caller (429 when out); "off" is never charged."""
        if is_stimulation_off(request.method, request.url.path):
            return
        wait = self.per_identity.take(f"user:{user_id}")
        if wait:
            raise _too_many("identity", "this account", wait)

    def charge_address(self, request: Request) -> None:
        """Take a token for the client address (429 when out)."""
        wait = self.per_address.take(client_address(request.scope))
        if wait:
            raise _too_many("address", "this client address", wait)

    def charge_login(self, request: Request, username: str) -> None:
        """Take a login token for the address and for the username (429 when either is out)."""
        wait = self.login_per_address.take(client_address(request.scope))
        if wait:
            raise _too_many("username", "logins from this client address", wait)
        wait = self.login_per_username.take(username.casefold())
        if wait:
            raise _too_many("username", "logins to this account", wait)


def _too_many(what: str, whose: str, wait: float) -> TooManyRequestsError:
    return TooManyRequestsError(
        f"too many requests from {whose}; try again in {_retry_after(wait)} s",
        field=what,
        value="over the limit",
        allowed="the configured rate (docs/programmer.md, rate limits)",
        hint="wait for the Retry-After time; stimulation off is never limited",
        retry_after_s=math.ceil(wait),
    )


def client_address(scope: Scope) -> str:
    """The client's address as the server sees it (proxies are not trusted)."""
    client = scope.get("client")
    return f"addr:{client[0]}" if client else "addr:unknown"


def limits_of(request: Request) -> Limits | None:
    """The app's :class:`Limits`, or None in an app built without them."""
    limits: Limits | None = getattr(request.app.state, "limits", None)
    return limits


class LimitsMiddleware:
    """Per-address rate limit and load shedding for every request except "stimulation off"."""

    def __init__(self, app: ASGIApp, limits: Limits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or is_stimulation_off(scope["method"], scope["path"]):
            await self.app(scope, receive, send)
            return
        wait = self.limits.per_address.take(client_address(scope))
        if wait:
            error = _too_many("address", "this client address", wait)
            await _refuse(error, scope, receive, send)
            return
        if not await self.limits.shedder.enter():
            busy = ServiceUnavailableError(
                "the server is busy; try again shortly",
                field="server",
                value="overloaded",
                allowed="requests within its capacity",
                hint="wait for the Retry-After time; stimulation off is always served",
                retry_after_s=math.ceil(self.limits.shed_retry_after_s),
            )
            await _refuse(busy, scope, receive, send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            self.limits.shedder.leave()


async def _refuse(
    error: TooManyRequestsError | ServiceUnavailableError,
    scope: Scope,
    receive: Receive,
    send: Send,
) -> None:
    body = error_body(error.field, error.value, error.allowed, error.hint, error.message)
    response = JSONResponse(body, status_code=error.status_code, headers=error.headers())
    await response(scope, receive, send)


__all__ = [
    "Limits",
    "LimitsMiddleware",
    "LoadShedder",
    "RateLimiter",
    "client_address",
    "is_stimulation_off",
    "limits_of",
]
