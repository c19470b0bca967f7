"""Server-rendered web pages of the clinician and patient programmer.

The pages call the same :class:`~drgsim.app.server.services.Programmer` operations as the API
and show the same error message. Forms carry the session's CSRF token; the session cookie is
HttpOnly and SameSite=Strict. Not part of the OpenAPI schema.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from typing import Any, TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from drgsim import units as u
from drgsim.anatomy.dermatomes import BodyRegion
from drgsim.app.db.models import Patient, Role
from drgsim.app.server import schemas as s
from drgsim.app.server.clinic import Clinic
from drgsim.app.server.errors import (
    ApiError,
    NotAuthenticatedError,
    TooManyRequestsError,
    status_of,
)
from drgsim.app.server.routers.patients import find_patients
from drgsim.app.server.security import (
    SESSION_COOKIE,
    Principal,
    authenticate,
    charge_identity,
    charge_login,
    check_csrf,
    close_login_session,
    open_login_session,
    require_patient_visible,
    resolve_principal,
)
from drgsim.app.server.services import Programmer
from drgsim.app.server.twins import latest_impedances
from drgsim.device.programmer import Action, may, require_action
from drgsim.errors import ConfigurationError

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(resources.files("drgsim.app.server") / "templates"))
T = TypeVar("T")
_KNOWN = (ApiError, ConfigurationError)


class _RedirectSignal(Exception):  # noqa: N818 (control flow, not an error)
    def __init__(self, url: str) -> None:
        self.url = url


def _programmer(request: Request) -> Programmer:
    programmer: Programmer = request.app.state.programmer
    return programmer


def _principal(request: Request) -> Principal:
    with _programmer(request).factory() as session:
        principal = resolve_principal(session, request)
    if principal is None:
        raise _RedirectSignal("/login")
    charge_identity(request, principal)
    return principal


def _render(
    request: Request, name: str, principal: Principal | None, status: int = 200, **context: Any
) -> HTMLResponse:
    context.update(principal=principal, csrf=principal.csrf_token if principal else "", may=may)
    return templates.TemplateResponse(request, name, context, status_code=status)


def _error_page(request: Request, principal: Principal | None, exc: Exception) -> HTMLResponse:
    message = exc.message if isinstance(exc, _KNOWN) else "internal error"
    return _render(request, "error.html", principal, status=status_of(exc), message=message)


async def _page(
    request: Request, build: Callable[[Principal], Response], *, form: bool = False
) -> Response:
    """Resolve the caller, check CSRF on forms, build the response; errors become pages."""
    try:
        principal = await run_in_threadpool(_principal, request)
    except _RedirectSignal as r:
        return RedirectResponse(r.url, status_code=303)
    try:
        if form:
            data = await request.form()
            submitted = data.get("csrf_token")
            check_csrf(principal, submitted if isinstance(submitted, str) else None)
        return await run_in_threadpool(build, principal)
    except _RedirectSignal as r:
        return RedirectResponse(r.url, status_code=303)
    except _KNOWN as exc:
        return _error_page(request, principal, exc)


# -- login -----------------------------------------------------------------------------------
@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    """The login page."""
    return _render(request, "login.html", None)


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request) -> Response:
    """Check the password, open a session and set its cookie."""
    data = await request.form()
    username, password = str(data.get("username", "")), str(data.get("password", ""))
    programmer = _programmer(request)
    try:
        charge_login(request, username[:64])
    except TooManyRequestsError as exc:
        return _render(request, "login.html", None, status=429, error=exc.message)

    def run() -> tuple[str, str]:
        with programmer.factory() as session, session.begin():
            try:
                user = authenticate(session, programmer.settings, username[:64], password[:256])
            except NotAuthenticatedError:
                session.commit()
                raise
            return open_login_session(session, programmer.settings, user)

    try:
        token, _ = await run_in_threadpool(run)
    except NotAuthenticatedError as exc:
        return _render(request, "login.html", None, status=401, error=exc.message)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=programmer.settings.cookie_secure,
        max_age=programmer.settings.session_minutes * 60,
        path="/",
    )
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    """Close the session."""

    def build(principal: Principal) -> Response:
        with _programmer(request).factory() as session, session.begin():
            close_login_session(session, request)
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    return await _page(request, build, form=True)


@router.get("/")
async def home(request: Request) -> Response:
    """Send each role to its start page."""

    def build(principal: Principal) -> Response:
        if principal.role is Role.PATIENT and principal.patient_id is not None:
            return RedirectResponse(f"/patients/{principal.patient_id}/controller", 303)
        return RedirectResponse("/patients", status_code=303)

    return await _page(request, build)


# -- clinician -----------------------------------------------------------------------------------
@router.get("/patients", response_class=HTMLResponse)
async def patients(request: Request, q: str = "") -> Response:
    """Find a patient."""

    def build(principal: Principal) -> Response:
        if principal.role is Role.PATIENT:
            raise _RedirectSignal("/")
        found = find_patients(_programmer(request), principal, q[:64])
        return _render(request, "patients.html", principal, patients=found, q=q)

    return await _page(request, build)


def _patient_context(
    programmer: Programmer, principal: Principal, patient_id: int
) -> dict[str, Any]:
    require_patient_visible(principal, patient_id)

    def run(session: Any) -> dict[str, Any]:
        implant = programmer.implant_of(session, patient_id)
        patient = session.get(Patient, patient_id)
        twin = programmer.twin(session, implant)
        return {
            "patient": patient,
            "pain": [(r.region, r.side) for r in patient.pain_regions],
            "regions": [r.value for r in BodyRegion],
            "implant": programmer.implant_out(session, implant),
            "programs": programmer.programs(session, implant),
            "impedances": latest_impedances(session, implant.id),
            "window_ohm": (twin.config.impedance_min, twin.config.impedance_max),
            "limits": _limits_text(twin),
            "defaults": {"pulse_width_us": 40, "rate_Hz": 60},  # MN0700 p.20 (device.md §4.1)
        }

    context = programmer.read(run)
    may_session = may(principal.role, Action.PROGRAMMING_SESSION)
    context["sessions"] = Clinic(programmer).sessions(principal, patient_id) if may_session else []
    return context


def _limits_text(twin: Any) -> dict[str, str]:
    g = twin.config.generator
    limits = twin.config.limits
    bands = ", ".join(
        f"{b.step / u.uA:g} uA steps {b.low / u.mA:g}-{b.high / u.mA:g} mA"
        for b in g.amplitude_bands
    )
    return {
        "amplitude": f"0-{g.amplitude_max / u.mA:g} mA ({bands})",
        "pulse_width": f"{g.pulse_width_min / u.us:g}-{g.pulse_width_max / u.us:g} us in "
        f"{g.pulse_width_step / u.us:g} us steps",
        "rate": f"{g.rate_min:g}-{g.rate_max:g} Hz in {g.rate_step:g} Hz steps",
        "soft_density": f"{limits.soft_charge_density / u.uC_per_cm2:g} uC/cm2",
        "hard": limits.describe_hard(),
    }


@router.get("/patients/{patient_id}", response_class=HTMLResponse)
async def patient(request: Request, patient_id: int) -> Response:
    """A patient's implant, leads over the DRGs, impedances, programs."""

    def build(principal: Principal) -> Response:
        if principal.role is Role.PATIENT:
            raise _RedirectSignal(f"/patients/{patient_id}/controller")
        context = _patient_context(_programmer(request), principal, patient_id)
        return _render(request, "patient.html", principal, **context)

    return await _page(request, build)


@router.post("/patients/{patient_id}/impedance-check")
async def impedance_check(request: Request, patient_id: int) -> Response:
    """Run an impedance check."""

    def build(principal: Principal) -> Response:
        require_patient_visible(principal, patient_id)
        _programmer(request).impedance_check(principal, patient_id)
        return RedirectResponse(f"/patients/{patient_id}", status_code=303)

    return await _page(request, build, form=True)


@router.post("/patients/{patient_id}/pain-regions")
async def pain_regions(request: Request, patient_id: int) -> Response:
    """Replace the pain map (multi-select of ``region|side`` values)."""
    data = await request.form()

    def build(principal: Principal) -> Response:
        require_patient_visible(principal, patient_id)
        chosen = [str(v).split("|", 1) for v in data.getlist("pain")]
        regions = [{"region": r[0], "side": r[-1]} for r in chosen]
        try:
            payload = s.PainMapIn.model_validate({"regions": regions})
        except ValidationError as exc:
            raise ApiError(_validation_message(exc), field="pain", value=None) from None
        Clinic(_programmer(request)).set_pain_map(principal, patient_id, payload)
        return RedirectResponse(f"/patients/{patient_id}", status_code=303)

    return await _page(request, build, form=True)


@router.post("/patients/{patient_id}/sessions")
async def open_session(request: Request, patient_id: int) -> Response:
    """Open a programming session."""

    def build(principal: Principal) -> Response:
        require_patient_visible(principal, patient_id)
        Clinic(_programmer(request)).open(principal, patient_id)
        return RedirectResponse(f"/patients/{patient_id}", status_code=303)

    return await _page(request, build, form=True)


@router.post("/patients/{patient_id}/sessions/{session_id}/close")
async def close_session(request: Request, patient_id: int, session_id: int) -> Response:
    """Close a programming session."""

    def build(principal: Principal) -> Response:
        require_patient_visible(principal, patient_id)
        Clinic(_programmer(request)).close(principal, patient_id, session_id)
        return RedirectResponse(f"/patients/{patient_id}", status_code=303)

    return await _page(request, build, form=True)


def _program_form(data: Any, n_leads: int) -> dict[str, Any]:
    leads = []
    for ch in range(n_leads):
        if data.get(f"lead{ch}_present") != "on":
            continue
        polarity = "".join(str(data.get(f"lead{ch}_c{c}", "0")) for c in range(4))
        leads.append(
            {
                "channel": ch,
                "polarity": polarity,
                "enabled": data.get(f"lead{ch}_enabled") == "on",
                "amplitude_mA": data.get(f"lead{ch}_amplitude_mA", "0"),
                "pulse_width_us": data.get(f"lead{ch}_pulse_width_us", "0"),
                "rate_Hz": data.get(f"lead{ch}_rate_Hz", "0"),
                "patient_min_mA": data.get(f"lead{ch}_patient_min_mA", "0"),
                "patient_max_mA": data.get(f"lead{ch}_patient_max_mA", "0"),
            }
        )
    version = data.get("version")
    return {
        "name": data.get("name", ""),
        "enabled_for_patient": data.get("enabled_for_patient") == "on",
        "acknowledge_soft_limits": data.get("acknowledge_soft_limits") == "on",
        "leads": leads,
        "version": int(version) if version and str(version).isdigit() else None,
    }


def _validation_message(exc: ValidationError) -> str:
    first = exc.errors()[0]
    field = ".".join(str(p) for p in first["loc"])
    return f"{field}: {first['msg']} (got {first.get('input')!r})"


async def _edit(request: Request, patient_id: int, program_id: int | None, post: bool) -> Response:
    form_data = await request.form() if post else None

    def build(principal: Principal) -> Response:
        programmer = _programmer(request)
        context = _patient_context(programmer, principal, patient_id)
        program = None
        if program_id is not None:
            program = next((p for p in context["programs"] if p.id == program_id), None)
            if program is None:
                raise ApiError("no such program", field="program_id", value=program_id)
        error, notices, findings = "", [], []
        values: dict[str, Any] | None = None
        if form_data is not None:
            values = _program_form(form_data, len(context["implant"].leads))
            try:
                payload = s.ProgramIn.model_validate(values)
                saved = programmer.save_program(principal, patient_id, payload, program_id)
                if not saved.notices and not saved.findings:
                    raise _RedirectSignal(
                        f"/patients/{patient_id}/programs/{saved.id}/edit?saved=1"
                    )
                program, notices, findings = saved, saved.notices, saved.findings
                values = None
                context = _patient_context(programmer, principal, patient_id)
            except ValidationError as exc:
                error = _validation_message(exc)
            except _KNOWN as exc:
                error = exc.message
        status = 200 if not error else 422
        return _render(
            request,
            "program_edit.html",
            principal,
            status=status,
            program=program,
            values=values,
            error=error,
            notices=notices,
            findings=findings,
            saved=request.query_params.get("saved") == "1",
            **context,
        )

    return await _page(request, build, form=False)


@router.get("/patients/{patient_id}/programs/new", response_class=HTMLResponse)
async def new_program(request: Request, patient_id: int) -> Response:
    """An empty program form."""
    return await _edit(request, patient_id, None, post=False)


@router.post("/patients/{patient_id}/programs/new", response_class=HTMLResponse)
async def create_program(request: Request, patient_id: int) -> Response:
    """Save a new program."""
    return await _checked_edit(request, patient_id, None)


@router.get("/patients/{patient_id}/programs/{program_id}/edit", response_class=HTMLResponse)
async def edit_program(request: Request, patient_id: int, program_id: int) -> Response:
    """The program editor with limits and preview."""
    return await _edit(request, patient_id, program_id, post=False)


@router.post("/patients/{patient_id}/programs/{program_id}/edit", response_class=HTMLResponse)
async def save_program(request: Request, patient_id: int, program_id: int) -> Response:
    """Save a program."""
    return await _checked_edit(request, patient_id, program_id)


async def _checked_edit(request: Request, patient_id: int, program_id: int | None) -> Response:
    try:
        principal = await run_in_threadpool(_principal, request)
    except _RedirectSignal as r:
        return RedirectResponse(r.url, status_code=303)
    data = await request.form()
    submitted = data.get("csrf_token")
    try:
        check_csrf(principal, submitted if isinstance(submitted, str) else None)
    except ApiError as exc:
        return _error_page(request, principal, exc)
    return await _edit(request, patient_id, program_id, post=True)


@router.get("/patients/{patient_id}/programs/{program_id}/history", response_class=HTMLResponse)
async def history(request: Request, patient_id: int, program_id: int) -> Response:
    """Every accepted version of a program."""

    def build(principal: Principal) -> Response:
        require_patient_visible(principal, patient_id)
        programmer = _programmer(request)

        def run(session: Any) -> Any:
            implant = programmer.implant_of(session, patient_id)
            row = programmer.program_of(session, implant, program_id)
            return row.name, programmer.history(session, row)

        name, revisions = programmer.read(run)
        return _render(
            request,
            "history.html",
            principal,
            program_name=name,
            revisions=revisions,
            patient_id=patient_id,
        )

    return await _page(request, build)


@router.post("/patients/{patient_id}/programs/{program_id}/send")
async def send(request: Request, patient_id: int, program_id: int) -> Response:
    """Send a program to the generator as the active one."""

    def build(principal: Principal) -> Response:
        require_patient_visible(principal, patient_id)
        require_action(principal.role, Action.SEND_PROGRAM)
        _programmer(request).activate(principal, patient_id, program_id)
        return RedirectResponse(f"/patients/{patient_id}", status_code=303)

    return await _page(request, build, form=True)


# -- controller (patient, and clinician in clinic) -------------------------------------------------
@router.get("/patients/{patient_id}/controller", response_class=HTMLResponse)
async def controller(request: Request, patient_id: int) -> Response:
    """The handheld-controller page."""

    def build(principal: Principal) -> Response:
        require_patient_visible(principal, patient_id)
        state = _programmer(request).controller(principal, patient_id)
        return _render(request, "controller.html", principal, c=state, error="")

    return await _page(request, build)


@router.post("/patients/{patient_id}/controller/{action}", response_class=HTMLResponse)
async def controller_action(request: Request, patient_id: int, action: str) -> Response:
    """Intensity up/down, program choice, on, all off, MRI mode."""
    data = await request.form()

    def build(principal: Principal) -> Response:
        require_patient_visible(principal, patient_id)
        programmer = _programmer(request)
        try:
            if action == "amplitude":
                steps = 1 if data.get("direction") == "up" else -1
                channel = int(str(data.get("channel", "0")))
                programmer.set_amplitude(
                    principal, patient_id, s.AmplitudeIn(channel=channel, steps=steps)
                )
            elif action == "program":
                program_id = int(str(data.get("program_id", "0")))
                programmer.activate(principal, patient_id, program_id)
            elif action in ("on", "off"):
                programmer.stimulation(principal, patient_id, on=action == "on")
            elif action == "mri":
                programmer.mri(principal, patient_id, on=data.get("on") == "true")
            else:
                raise ApiError(
                    "no such action",
                    field="action",
                    value=action,
                    allowed="amplitude, program, on, off, mri",
                )
        except _KNOWN as exc:
            state = programmer.controller(principal, patient_id)
            return _render(
                request,
                "controller.html",
                principal,
                status=status_of(exc),
                c=state,
                error=exc.message,
            )
        except ValueError:
            state = programmer.controller(principal, patient_id)
            return _render(
                request,
                "controller.html",
                principal,
                status=422,
                c=state,
                error="the form was malformed",
            )
        back = ""
        if data.get("return_to") == "patient" and principal.role is not Role.PATIENT:
            back = f"/patients/{patient_id}"
        return RedirectResponse(back or f"/patients/{patient_id}/controller", status_code=303)

    return await _page(request, build, form=True)
