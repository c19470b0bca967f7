"""Device: leads, contacts, pulse generator, waveforms, programs, safety and battery.

Only the names in ``__all__`` are promised; the modules hold more detail.

Examples
--------
>>> from drgsim import units as u
>>> from drgsim import device
>>> geometry = device.lead_geometry(device.DEFAULT_LEAD)
>>> lead = device.Lead(geometry=geometry, level="L5", side="left", tip=(0, 0, 0),
...                    direction=(0, 0, 1))
>>> lp = device.LeadProgram(lead=0, polarities=("-", "+", "0", "0"), amplitude=0.8 * u.mA,
...                         pulse_width=300 * u.us, rate=20 * u.Hz)
>>> report = device.check_program(device.Program(name="p", leads=(lp,)),
...                               device.pulse_generator(), [lead], device.SafetyLimits())
>>> round(float(report.max_density) / u.uC_per_cm2, 2)
7.64
"""

from __future__ import annotations

from drgsim.device.battery import TYPICAL_LEAD_IMPEDANCE as TYPICAL_LEAD_IMPEDANCE
from drgsim.device.battery import BatteryModel as BatteryModel
from drgsim.device.battery import typical_drg_program as typical_drg_program
from drgsim.device.catalog import DEFAULT_LEAD as DEFAULT_LEAD
from drgsim.device.catalog import DEFAULT_PULSE_GENERATOR as DEFAULT_PULSE_GENERATOR
from drgsim.device.catalog import LEADS as LEADS
from drgsim.device.catalog import PULSE_GENERATORS as PULSE_GENERATORS
from drgsim.device.catalog import lead_geometry as lead_geometry
from drgsim.device.catalog import pulse_generator as pulse_generator
from drgsim.device.contact import Contact as Contact
from drgsim.device.lead import SPINAL_LEVELS as SPINAL_LEVELS
from drgsim.device.lead import Lead as Lead
from drgsim.device.lead import LeadGeometry as LeadGeometry
from drgsim.device.lead import Side as Side
from drgsim.device.limits import DoseLevel as DoseLevel
from drgsim.device.limits import SafetyLimits as SafetyLimits
from drgsim.device.limits import Severity as Severity
from drgsim.device.limits import max_charge_per_phase as max_charge_per_phase
from drgsim.device.program import LeadProgram as LeadProgram
from drgsim.device.program import Polarity as Polarity
from drgsim.device.program import Program as Program
from drgsim.device.pulse_generator import AmplitudeBand as AmplitudeBand
from drgsim.device.pulse_generator import PulseGenerator as PulseGenerator
from drgsim.device.safety import ContactDose as ContactDose
from drgsim.device.safety import SafetyFinding as SafetyFinding
from drgsim.device.safety import SafetyReport as SafetyReport
from drgsim.device.safety import charge_density as charge_density
from drgsim.device.safety import charge_per_phase as charge_per_phase
from drgsim.device.safety import check_program as check_program
from drgsim.device.safety import evaluate_program as evaluate_program
from drgsim.device.safety import max_safe_amplitude as max_safe_amplitude
from drgsim.device.safety import shannon_k as shannon_k
from drgsim.device.waveform import DEFAULT_WAVEFORM as DEFAULT_WAVEFORM
from drgsim.device.waveform import WAVEFORMS as WAVEFORMS
from drgsim.device.waveform import Waveform as Waveform
from drgsim.device.waveform import waveform as waveform

__all__ = [
    "DEFAULT_LEAD",
    "DEFAULT_PULSE_GENERATOR",
    "DEFAULT_WAVEFORM",
    "LEADS",
    "PULSE_GENERATORS",
    "SPINAL_LEVELS",
    "TYPICAL_LEAD_IMPEDANCE",
    "AmplitudeBand",
    "BatteryModel",
    "Contact",
    "ContactDose",
    "DoseLevel",
    "Lead",
    "LeadGeometry",
    "LeadProgram",
    "Polarity",
    "Program",
    "PulseGenerator",
    "SafetyFinding",
    "SafetyLimits",
    "SafetyReport",
    "Severity",
    "Side",
    "Waveform",
    "charge_density",
    "charge_per_phase",
    "check_program",
    "evaluate_program",
    "lead_geometry",
    "max_charge_per_phase",
    "max_safe_amplitude",
    "pulse_generator",
    "shannon_k",
    "typical_drg_program",
    "waveform",
]
