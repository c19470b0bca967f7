"""Named lead and pulse-generator models.

Presets are found by name through :class:`drgsim._registry.Registry` (:data:`LEADS`,
:data:`PULSE_GENERATORS`), extended by the entry-point groups ``drgsim.leads`` and
``drgsim.pulse_generators``. Each preset carries the tag of its source.

``"drg-quadripolar"`` (lead) -- **assumption**
    The DRG lead's contact dimensions were not found in any primary source; the values used are
    the "commonly quoted" ones of reference/device.md §3 [UNVERIFIED]: 4 cylindrical contacts,
    1 mm diameter, 1 mm long (the lower end of the quoted 1-1.25 mm, which gives the smaller
    area and so the higher, conservative charge density), 5 mm centre to centre, on a 1 mm lead
    body (ring contacts flush with the body, assumed). Listed in docs/assumptions.md.
``"axium-investigational"`` (pulse generator)
    Investigational Axium system, clinical programmer MN0700 p.20 and TNS manual MN0100 p.4
    (reference/device.md §4.1 [READ]): up to 4 leads of 4 contacts; amplitude 0-6 mA in 25 uA
    steps below 2 mA and 50 uA steps from 2 to 6 mA; pulse width 40-720 us in 10 us steps;
    rate 4-100 Hz in 2 Hz steps. Its compliance voltage was not located (reference/device.md
    §4.3), so the preset leaves it unset; give one with ``dataclasses.replace`` to check I*Z.

Examples
--------
>>> sorted(LEADS), sorted(PULSE_GENERATORS)
(['drg-quadripolar'], ['axium-investigational'])
>>> lead_geometry("drg-quadripolar").n_contacts
4
"""

from __future__ import annotations

from drgsim import units as u
from drgsim._registry import Registry
from drgsim.device.lead import LeadGeometry
from drgsim.device.pulse_generator import AmplitudeBand, PulseGenerator

#: The default DRG lead model (an assumption, see the module docstring).
DEFAULT_LEAD = "drg-quadripolar"
#: The default pulse generator model.
DEFAULT_PULSE_GENERATOR = "axium-investigational"

_DRG_QUADRIPOLAR = LeadGeometry(
    name="drg-quadripolar",
    n_contacts=4,  # reference/device.md §2 [READ] (MN20700-03 p.10)
    contact_length=1.0 * u.mm,  # reference/device.md §3 [UNVERIFIED] "commonly quoted" 1-1.25 mm
    contact_diameter=1.0 * u.mm,  # reference/device.md §3 [UNVERIFIED] "commonly quoted" ~1 mm
    contact_spacing=5.0 * u.mm,  # reference/device.md §3 [UNVERIFIED] "commonly quoted" ~5 mm
    lead_diameter=1.0 * u.mm,  # assumed equal to the contact diameter (flush ring contacts)
    source=(
        "[UNVERIFIED] commonly quoted DRG lead dimensions, reference/device.md §3; no primary "
        "source located; assumption listed in docs/assumptions.md"
    ),
)

_AXIUM_INVESTIGATIONAL = PulseGenerator(
    name="axium-investigational",
    max_leads=4,  # NCT01923285 (reference/device.md §2 [READ])
    contacts_per_lead=4,  # MN20700-03 p.10 (reference/device.md §2 [READ])
    amplitude_bands=(
        # MN0700 p.20; MN0100 p.4 (reference/device.md §4.1 [READ])
        AmplitudeBand(low=0.0, high=2.0 * u.mA, step=25 * u.uA),
        AmplitudeBand(low=2.0 * u.mA, high=6.0 * u.mA, step=50 * u.uA),
    ),
    pulse_width_min=40 * u.us,  # MN0700 p.20 [READ]
    pulse_width_max=720 * u.us,  # MN0700 p.20 [READ]
    pulse_width_step=10 * u.us,  # MN0700 p.20 [READ]
    rate_min=4 * u.Hz,  # MN0700 p.20 [READ]
    rate_max=100 * u.Hz,  # MN0700 p.20 [READ]
    rate_step=2 * u.Hz,  # MN0700 p.20 [READ]
    compliance_voltage=None,  # not located (reference/device.md §4.3); configurable
    source="[READ] Axium clinical programmer MN0700 p.20, TNS manual MN0100 p.4 "
    "(reference/device.md §4.1)",
)

#: Lead models by name (entry-point group ``drgsim.leads``).
LEADS: Registry[LeadGeometry] = Registry("lead", {_DRG_QUADRIPOLAR.name: _DRG_QUADRIPOLAR})

#: Pulse-generator models by name (entry-point group ``drgsim.pulse_generators``).
PULSE_GENERATORS: Registry[PulseGenerator] = Registry(
    "pulse_generator", {_AXIUM_INVESTIGATIONAL.name: _AXIUM_INVESTIGATIONAL}
)


def lead_geometry(name: str) -> LeadGeometry:
    """Return the lead model called ``name`` (raises ``UnknownNameError`` on a miss).

    There is deliberately no default: the only DRG preset rests on unverified dimensions, so a
    caller names it (``DEFAULT_LEAD``) and inherits its ``source`` tag.
    """
    return LEADS[name]


def pulse_generator(name: str = DEFAULT_PULSE_GENERATOR) -> PulseGenerator:
    """Return the pulse-generator model called ``name`` (raises ``UnknownNameError``)."""
    return PULSE_GENERATORS[name]


__all__ = [
    "DEFAULT_LEAD",
    "DEFAULT_PULSE_GENERATOR",
    "LEADS",
    "PULSE_GENERATORS",
    "lead_geometry",
    "pulse_generator",
]
