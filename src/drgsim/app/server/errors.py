"""HTTP errors of the programmer API, and the handlers that render every error the same way.

Every refusal is a 4xx JSON body ``{"error": {"field", "value", "allowed", "hint", "message"}}``
built from the same attributes as :class:`drgsim.errors.ConfigurationError`; no traceback, SQL
or internal name ever reaches a client. Web pages show the same ``message``.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from drgsim.errors import ConfigurationError, ProgrammerRuleError

logger = logging.getLogger(__name__)


class ApiError(Exception):
    """An error with an HTTP status and the field/value/allowed attributes."""

    status_code = 400

    def __init__(
        self, message: str, *, field: str = "", value: Any = None, allowed: str = "", hint: str = ""
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.value = value
        self.allowed = allowed
        self.hint = hint

    def headers(self) -> dict[str, str] | None:
        """Extra response headers (``WWW-Authenticate`` on 401, ``Retry-After`` on 429/503)."""
        return {"WWW-Authenticate": "Bearer"} if self.status_code == 401 else None

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON-ready body of the error."""
        return error_body(self.field, self.value, self.allowed, self.hint, self.message)


class NotAuthenticatedError(ApiError):
    """No valid session or token (401)."""

    status_code = 401


class AccessDeniedError(ApiError):
    """The caller's role or assignment does not allow this (403)."""

    status_code = 403


class NotFoundError(ApiError):
    """No such object, or not one the caller may know about (404)."""

    status_code = 404


class VersionConflictError(ApiError):
    """The object changed since the caller read it (409)."""

    status_code = 409


class _RetryLaterError(ApiError):
    """An error that tells the client when to try again (``Retry-After`` [s])."""

    def __init__(self, message: str, *, retry_after_s: int = 1, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after_s = max(1, int(retry_after_s))

    def headers(self) -> dict[str, str] | None:
        """``Retry-After`` in whole seconds."""
        return {"Retry-After": str(self.retry_after_s)}


class TooManyRequestsError(_RetryLaterError):
    """Over a rate limit (429, with ``Retry-After``)."""

    status_code = 429


class ServiceUnavailableError(_RetryLaterError):
    """The server sheds load (503, with ``Retry-After``)."""

    status_code = 503


def error_body(field: str, value: Any, allowed: str, hint: str, message: str) -> dict[str, Any]:
    """Return ``{"error": {...}}`` with a JSON-safe value."""
    if not isinstance(value, (int, float, str, bool, type(None))):
        value = str(value)
    if isinstance(value, float) and value != value:  # NaN is not JSON
        value = "nan"
    elif isinstance(value, float) and value in (float("inf"), float("-inf")):
        value = str(value)
    return {
        "error": {
            "field": field,
            "value": value,
            "allowed": allowed,
            "hint": hint,
            "message": message,
        }
    }


def status_of(exc: Exception) -> int:
    """HTTP status of a known error: 422 for a bad value, 403 for a rule the role breaks."""
    if isinstance(exc, ApiError):
        return exc.status_code
    if isinstance(exc, ProgrammerRuleError) and exc.field == "role":
        return 403
    return 422


def body_of(exc: Exception) -> dict[str, Any]:
    """JSON body of a known error."""
    if isinstance(exc, (ApiError, ConfigurationError)):
        return error_body(exc.field, exc.value, exc.allowed, exc.hint, exc.message)
    return error_body("", None, "", "", "internal error")


def _validation_body(exc: RequestValidationError) -> dict[str, Any]:
    first = exc.errors()[0] if exc.errors() else {}
    loc = [str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path", "form")]
    field = ".".join(loc)
    ctx = first.get("ctx") or {}
    allowed = ", ".join(f"{k} {v}" for k, v in ctx.items() if k != "error") or str(
        first.get("type", "")
    )
    value = first.get("input")
    if isinstance(value, (dict, list)):
        value = "(object)" if isinstance(value, dict) else "(list)"
    msg = first.get("msg", "invalid value")
    return error_body(field, value, allowed, "", f"{field or 'request'}: {msg}")


def install_handlers(app: FastAPI) -> None:
    """Register the error handlers on ``app``."""

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(exc.as_dict(), status_code=exc.status_code, headers=exc.headers())

    @app.exception_handler(ConfigurationError)
    async def _config_error(_request: Request, exc: ConfigurationError) -> JSONResponse:
        return JSONResponse(body_of(exc), status_code=status_of(exc))

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(_validation_body(exc), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse(
            error_body("", None, "", "", str(exc.detail)), status_code=exc.status_code
        )

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        logger.error("unexpected server error: %s", type(exc).__name__)
        return JSONResponse(error_body("", None, "", "", "internal error"), status_code=500)


__all__ = [
    "AccessDeniedError",
    "ApiError",
    "NotAuthenticatedError",
    "NotFoundError",
    "ServiceUnavailableError",
    "TooManyRequestsError",
    "VersionConflictError",
    "body_of",
    "error_body",
    "install_handlers",
    "status_of",
]
