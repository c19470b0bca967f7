"""Server settings, read once from the environment (prefix ``DRGSIM_``).

Secrets and addresses come from the environment, never from code. Every knob that stands for an
unsourced device fact (the acceptable impedance window, battery thresholds) is named here as an
assumption and listed in ``docs/assumptions.md``.
"""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from drgsim.app.db.engine import default_database_url


class Settings(BaseSettings):
    """Settings of the programmer server.

    Each field reads ``DRGSIM_<NAME>`` (``DRGSIM_DATABASE_URL``...).
    """

    model_config = SettingsConfigDict(env_prefix="DRGSIM_", extra="ignore", frozen=True)

    database_url: str = Field(
        default_factory=default_database_url,
        description="SQLAlchemy URL; SQLite in the user's data folder by default.",
    )
    session_minutes: int = Field(
        default=480, ge=1, le=7 * 24 * 60, description="Browser session lifetime [min]."
    )
    token_minutes: int = Field(
        default=60, ge=1, le=7 * 24 * 60, description="API bearer token lifetime [min]."
    )
    cookie_secure: bool = Field(
        default=False,
        description="Send the session cookie only over HTTPS (set true behind TLS).",
    )
    max_failed_logins: int = Field(
        default=5, ge=1, le=100, description="Failed logins in a row before a lockout."
    )
    lockout_minutes: int = Field(default=15, ge=1, le=24 * 60, description="Lockout [min].")
    argon2_time_cost: int = Field(
        default=3, ge=1, le=20, description="Argon2 passes (argon2-cffi default, RFC 9106)."
    )
    argon2_memory_kib: int = Field(
        default=65536, ge=8, le=4 * 1024 * 1024, description="Argon2 memory [KiB]."
    )
    argon2_parallelism: int = Field(default=4, ge=1, le=64, description="Argon2 lanes.")
    impedance_min_ohm: float = Field(
        default=200.0,
        gt=0,
        description="Lowest usable contact impedance [ohm]. ASSUMPTION: the Axium window was "
        "not located (reference/device.md §5).",
    )
    impedance_max_ohm: float = Field(
        default=4000.0,
        gt=0,
        description="Highest usable contact impedance [ohm]. ASSUMPTION: the Axium window was "
        "not located (reference/device.md §5).",
    )
    battery_low_fraction: float = Field(
        default=0.1, gt=0, lt=1, description="Remaining fraction flagged low. ASSUMPTION."
    )
    battery_end_of_service_fraction: float = Field(
        default=0.02,
        ge=0,
        lt=1,
        description="Remaining fraction at which stimulation stops. ASSUMPTION.",
    )
    simulated_time_rate: float = Field(
        default=1.0,
        ge=0,
        le=1e7,
        description="Simulated seconds per wall-clock second on the generator twins' clock "
        "(battery drain); 1 is real time, 0 stops the clock, 1440 makes a minute a day.",
    )
    preview_cells_per_drg: int = Field(
        default=24,
        ge=1,
        le=1000,
        description="Neurons sampled per DRG for the coverage preview (more: finer, slower).",
    )

    # Rate limits and load shedding (ASSUMPTION, assumptions.md P3-P6: engineering defaults,
    # not device facts). "Stimulation off" is exempt from all of them (docs/threat-model.md).
    rate_limit_address_per_s: float = Field(
        default=20.0, gt=0, le=1e6, description="Requests per second per client address."
    )
    rate_limit_address_burst: int = Field(
        default=120, ge=1, le=10**7, description="Requests at once per client address."
    )
    rate_limit_identity_per_s: float = Field(
        default=10.0, gt=0, le=1e6, description="Requests per second per authenticated user."
    )
    rate_limit_identity_burst: int = Field(
        default=60, ge=1, le=10**7, description="Requests at once per authenticated user."
    )
    login_limit_address_per_min: float = Field(
        default=10.0, gt=0, le=1e6, description="Login attempts per minute per client address."
    )
    login_limit_address_burst: int = Field(
        default=10, ge=1, le=10**7, description="Login attempts at once per client address."
    )
    login_limit_username_per_min: float = Field(
        default=5.0, gt=0, le=1e6, description="Login attempts per minute per username."
    )
    login_limit_username_burst: int = Field(
        default=10, ge=1, le=10**7, description="Login attempts at once per username."
    )
    rate_limit_max_keys: int = Field(
        default=10_000, ge=1, le=10**7, description="Buckets kept per limiter (LRU)."
    )
    max_concurrent_requests: int = Field(
        default=4,
        ge=1,
        le=1000,
        description="Requests served at once; keep below the worker thread pool (40) so "
        "'stimulation off' always finds a thread. Every request takes the twins' lock, so more "
        "concurrency adds latency, not throughput.",
    )
    max_queued_requests: int = Field(
        default=32, ge=0, le=100_000, description="Requests waiting for a slot; more get 503."
    )
    queue_timeout_s: float = Field(
        default=1.0, ge=0, le=600, description="Longest wait for a slot [s]; then 503."
    )
    shed_retry_after_s: float = Field(
        default=1.0, gt=0, le=3600, description="Retry-After sent with a 503 [s]."
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the settings read from the environment (cached)."""
    return Settings()


__all__ = ["Settings", "get_settings"]
