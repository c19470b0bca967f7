"""Helpers that turn program rows into responses and core objects into rows."""

from __future__ import annotations

import math
from typing import Any

from drgsim import units as u
from drgsim.app.db.models import Program, ProgramLead
from drgsim.app.server import schemas as s
from drgsim.app.server.security import Principal, now
from drgsim.device.program import Program as CoreProgram
from drgsim.device.safety import SafetyFinding, SafetyReport
from drgsim.device.twin import GeneratorTwin


# -- rows ----------------------------------------------------------------------------------
def touch(row: Program, who: Principal | None) -> None:
    row.updated_at = now()
    if who is not None:
        row.updated_by = who.user_id


def write_leads(row: Program, program: CoreProgram, minimums: dict[int, float]) -> None:
    existing = {x.channel: x for x in row.leads}
    keep = set()
    for lp in program.leads:
        lead = existing.get(lp.lead)
        if lead is None:
            lead = ProgramLead(channel=lp.lead, polarity="", pulse_width_us=0, rate_Hz=0)
            row.leads.append(lead)
        lead.polarity = "".join(lp.polarities)
        lead.enabled = lp.enabled
        lead.amplitude_uA = round(lp.amplitude / u.uA)
        lead.pulse_width_us = round(lp.pulse_width / u.us)
        lead.rate_Hz = round(lp.rate / u.Hz)
        lead.patient_max_uA = round((lp.patient_max_amplitude or 0.0) / u.uA)
        lead.patient_min_uA = round(minimums.get(lp.lead, 0.0) / u.uA)
        keep.add(lp.lead)
    for channel, lead in existing.items():
        if channel not in keep:
            row.leads.remove(lead)


def snapshot(row: Program) -> dict[str, Any]:
    return {
        "name": row.name,
        "enabled_for_patient": row.enabled_for_patient,
        "leads": [
            {
                "channel": x.channel,
                "polarity": x.polarity,
                "enabled": x.enabled,
                "amplitude_uA": x.amplitude_uA,
                "pulse_width_us": x.pulse_width_us,
                "rate_Hz": x.rate_Hz,
                "patient_min_uA": x.patient_min_uA,
                "patient_max_uA": x.patient_max_uA,
            }
            for x in row.leads
        ],
    }


def program_out(row: Program, active_id: int | None, notices: list[str]) -> s.ProgramOut:
    return s.ProgramOut(
        id=row.id,
        name=row.name,
        enabled_for_patient=row.enabled_for_patient,
        version=row.version,
        is_active=row.id == active_id,
        leads=[
            s.ProgramLeadOut(
                channel=x.channel,
                polarity=x.polarity,
                enabled=x.enabled,
                amplitude_mA=x.amplitude_uA / 1000,
                pulse_width_us=x.pulse_width_us,
                rate_Hz=x.rate_Hz,
                patient_min_mA=x.patient_min_uA / 1000,
                patient_max_mA=x.patient_max_uA / 1000,
            )
            for x in row.leads
        ],
        notices=notices,
    )


def finding_out(f: SafetyFinding) -> s.FindingOut:
    return s.FindingOut(
        severity=f.severity.value,
        field=f.field,
        value=f.value,
        allowed=f.allowed,
        message=f.message,
    )


def preview_out(report: SafetyReport, twin: GeneratorTwin, program: CoreProgram) -> s.PreviewOut:
    doses = [
        s.ContactDoseOut(
            channel=d.lead,
            contact=d.contact,
            level=d.level.value,
            current_mA=d.current / u.mA,
            charge_uC=d.charge / u.uC,
            density_uC_per_cm2=d.density / u.uC_per_cm2,
            shannon_k=d.k if math.isfinite(d.k) else -99.0,
        )
        for d in report.doses
    ]
    life: float | None = None
    power = twin.program_power(program)
    if power > 0:
        life = twin.config.battery.energy * twin.battery_remaining / power / u.year
    limits = twin.config.limits
    return s.PreviewOut(
        doses=doses,
        findings=[finding_out(f) for f in report.findings],
        max_density_uC_per_cm2=round(report.max_density / u.uC_per_cm2, 6),
        soft_limit_uC_per_cm2=round(limits.soft_charge_density / u.uC_per_cm2, 6),
        hard_limit_uC_per_cm2=round(limits.max_charge_density / u.uC_per_cm2, 6),
        battery_life_years=life,
        coverage=s.OutcomePreviewOut(status="unavailable"),
    )


__all__ = ["finding_out", "preview_out", "program_out", "snapshot", "touch", "write_leads"]
