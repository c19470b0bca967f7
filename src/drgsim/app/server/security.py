"""Login, browser sessions, bearer tokens, CSRF and role checks.

- Passwords are hashed with Argon2 (argon2-cffi defaults). There are no default accounts.
- A browser login sets an HttpOnly, SameSite=Strict cookie holding a random token; the server
  keeps only its SHA-256 with the session's CSRF token, which every form posts back
  (``csrf_token`` field) and every cookie-authenticated API write sends as ``X-CSRF-Token``.
- The API takes ``Authorization: Bearer <token>`` from ``POST /api/v1/auth/token``; tokens
  expire and only their SHA-256 is stored.
- Repeated failed logins lock the account for a while (the same message as a wrong password).
- Access is denied by default: each route states the roles it admits, and patient-scoped routes
  check the assignment (clinician) or ownership (patient) of the patient.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import Depends, Request
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from drgsim.app.db.models import ApiToken, ClinicianAssignment, LoginSession, Role, User
from drgsim.app.server.errors import AccessDeniedError, NotAuthenticatedError
from drgsim.app.server.limits import limits_of
from drgsim.app.server.settings import Settings

SESSION_COOKIE = "drgsim_session"
CSRF_HEADER = "X-CSRF-Token"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@lru_cache(maxsize=8)
def _hasher(time_cost: int, memory_kib: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism)


def password_hasher(settings: Settings) -> PasswordHasher:
    """The Argon2 hasher with the settings' cost parameters."""
    return _hasher(
        settings.argon2_time_cost, settings.argon2_memory_kib, settings.argon2_parallelism
    )


@lru_cache(maxsize=8)
def _dummy_hash(hasher: PasswordHasher) -> str:
    # Verified against when the username is unknown, so both cases cost the same time.
    return hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str, settings: Settings) -> str:
    """Return the Argon2 hash of ``password``."""
    return password_hasher(settings).hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Return True when ``password`` matches ``password_hash`` (parameters read from it)."""
    try:
        return _hasher(1, 8, 1).verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    """Return a fresh random token (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """Return the SHA-256 (hex) under which a token is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def as_utc(moment: dt.datetime) -> dt.datetime:
    """Return ``moment`` as an aware UTC time (SQLite hands back naive ones)."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment


def now() -> dt.datetime:
    """Return the current UTC time."""
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True, slots=True, kw_only=True)
class Principal:
    """The authenticated caller.

    Attributes
    ----------
    user_id, username, role
        Who is calling.
    patient_id
        For a patient, their own patient record.
    assigned_patient_ids
        For a clinician, the patients assigned to them.
    csrf_token
        The session's CSRF token (browser sessions), or None (bearer tokens).
    """

    user_id: int
    username: str
    role: Role
    patient_id: int | None
    assigned_patient_ids: frozenset[int]
    csrf_token: str | None

    def may_see_patient(self, patient_id: int) -> bool:
        """Return True when the caller may read this patient's records."""
        if self.role is Role.ADMINISTRATOR:
            return True
        if self.role is Role.CLINICIAN:
            return patient_id in self.assigned_patient_ids
        return self.patient_id == patient_id

    def may_program_patient(self, patient_id: int) -> bool:
        """Return True when the caller may change this patient's therapy as a clinician."""
        return self.role is Role.CLINICIAN and patient_id in self.assigned_patient_ids


def authenticate(session: Session, settings: Settings, username: str, password: str) -> User:
    """Return the user when the password matches; count failures and lock out.

    Raises
    ------
    NotAuthenticatedError
        Wrong username or password, or a locked or inactive account (one message for all).
    """
    user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    refused = NotAuthenticatedError(
        "username or password is wrong, or the account is locked",
        field="username",
        value=username,
        allowed="an active account and its password",
    )
    if user is None:
        verify_password(_dummy_hash(password_hasher(settings)), password)
        raise refused
    if user.locked_until is not None and as_utc(user.locked_until) > now():
        raise refused
    if not user.is_active or not verify_password(user.password_hash, password):
        user.failed_logins += 1
        if user.failed_logins >= settings.max_failed_logins:
            user.locked_until = now() + dt.timedelta(minutes=settings.lockout_minutes)
            user.failed_logins = 0
        raise refused
    user.failed_logins = 0
    user.locked_until = None
    return user


def open_login_session(session: Session, settings: Settings, user: User) -> tuple[str, str]:
    """Create a browser session; return (cookie token, CSRF token)."""
    token, csrf = new_token(), new_token()
    session.add(
        LoginSession(
            token_hash=token_digest(token),
            csrf_token=csrf,
            user_id=user.id,
            expires_at=now() + dt.timedelta(minutes=settings.session_minutes),
        )
    )
    return token, csrf


def issue_api_token(session: Session, settings: Settings, user: User) -> tuple[str, dt.datetime]:
    """Create a bearer token; return (token, expiry)."""
    token = new_token()
    expires = now() + dt.timedelta(minutes=settings.token_minutes)
    session.add(ApiToken(token_hash=token_digest(token), user_id=user.id, expires_at=expires))
    return token, expires


def _principal_for(session: Session, user_id: int, csrf: str | None) -> Principal | None:
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        return None
    assigned: frozenset[int] = frozenset()
    if user.role == Role.CLINICIAN:
        rows = session.execute(
            select(ClinicianAssignment.patient_id).where(
                ClinicianAssignment.clinician_id == user.id
            )
        ).scalars()
        assigned = frozenset(rows)
    return Principal(
        user_id=user.id,
        username=user.username,
        role=Role(user.role),
        patient_id=user.patient_id,
        assigned_patient_ids=assigned,
        csrf_token=csrf,
    )


def resolve_principal(session: Session, request: Request) -> Principal | None:
    """Return the caller from a bearer token or a session cookie, or None."""
    header = request.headers.get("authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token:
            return None
        row = session.execute(
            select(ApiToken).where(ApiToken.token_hash == token_digest(token.strip()))
        ).scalar_one_or_none()
        if row is None or as_utc(row.expires_at) <= now():
            return None
        return _principal_for(session, row.user_id, None)
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    login = session.execute(
        select(LoginSession).where(LoginSession.token_hash == token_digest(cookie))
    ).scalar_one_or_none()
    if login is None or as_utc(login.expires_at) <= now():
        return None
    return _principal_for(session, login.user_id, login.csrf_token)


def close_login_session(session: Session, request: Request) -> None:
    """Delete the caller's browser session, if any."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        login = session.execute(
            select(LoginSession).where(LoginSession.token_hash == token_digest(cookie))
        ).scalar_one_or_none()
        if login is not None:
            session.delete(login)


def check_csrf(principal: Principal, submitted: str | None) -> None:
    """Refuse a cookie-authenticated write whose CSRF token is missing or wrong."""
    if principal.csrf_token is None:
        return  # bearer token: not sent automatically by browsers
    if not submitted or not hmac.compare_digest(submitted, principal.csrf_token):
        raise AccessDeniedError(
            "the form is stale or was not sent by this site; reload the page and try again",
            field="csrf_token",
            value="(missing or wrong)",
            allowed="the token of your session",
        )


# -- FastAPI dependencies ------------------------------------------------------------------
def session_factory(request: Request) -> sessionmaker[Session]:
    """Return the application's session factory."""
    factory: sessionmaker[Session] = request.app.state.session_factory
    return factory


def optional_principal(request: Request) -> Principal | None:
    """Return the caller, or None when not logged in."""
    with session_factory(request)() as session:
        return resolve_principal(session, request)


def current_principal(
    request: Request, principal: Annotated[Principal | None, Depends(optional_principal)]
) -> Principal:
    """Return the caller; 401 when not authenticated; 403 on a cross-site cookie write."""
    if principal is None:
        raise NotAuthenticatedError(
            "log in first (session cookie or bearer token)",
            field="authorization",
            value="(none or expired)",
            allowed="a valid session or bearer token",
        )
    charge_identity(request, principal)
    if request.method not in _SAFE_METHODS and principal.csrf_token is not None:
        submitted = request.headers.get(CSRF_HEADER)
        if submitted is not None or request.url.path.startswith("/api/"):
            check_csrf(principal, submitted)
    return principal


def require_roles(principal: Principal, *roles: Role) -> None:
    """Refuse (403) unless the caller has one of ``roles``."""
    if principal.role not in roles:
        raise AccessDeniedError(
            f"a {principal.role.value} may not do this",
            field="role",
            value=principal.role.value,
            allowed=", ".join(r.value for r in roles),
        )


def require_patient_visible(principal: Principal, patient_id: int) -> None:
    """Refuse (403) unless the caller may see the patient."""
    if not principal.may_see_patient(patient_id):
        raise AccessDeniedError(
            "this patient is not yours",
            field="patient_id",
            value=patient_id,
            allowed="your patients",
        )


def require_programmer(principal: Principal, patient_id: int) -> None:
    """Refuse unless the caller is a clinician assigned to the patient."""
    require_roles(principal, Role.CLINICIAN)
    require_patient_visible(principal, patient_id)


def charge_identity(request: Request, principal: Principal) -> None:
    """Charge the caller's per-identity rate limit (429 when out; "stimulation off" is free)."""
    limits = limits_of(request)
    if limits is not None:
        limits.charge_identity(request, principal.user_id)


def charge_login(request: Request, username: str) -> None:
    """Charge the login limits of the client address and the username (429 when out)."""
    limits = limits_of(request)
    if limits is not None:
        limits.charge_login(request, username)


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]

__all__ = [
    "CSRF_HEADER",
    "SESSION_COOKIE",
    "CurrentPrincipal",
    "Principal",
    "as_utc",
    "authenticate",
    "charge_identity",
    "charge_login",
    "check_csrf",
    "close_login_session",
    "current_principal",
    "hash_password",
    "issue_api_token",
    "new_token",
    "now",
    "open_login_session",
    "optional_principal",
    "password_hasher",
    "require_patient_visible",
    "require_programmer",
    "require_roles",
    "resolve_principal",
    "session_factory",
    "token_digest",
    "verify_password",
]
