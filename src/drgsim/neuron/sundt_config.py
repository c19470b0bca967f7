"""Named configurations of the Sundt 2015 C-neuron (:func:`~drgsim.neuron.c_fibers.sundt_c_neuron`).

Sundt, Gamper & Jaffe, J Neurophysiol 114:3140-3153 (2015), doi:10.1152/jn.00226.2015, publish
two set-ups in ModelDB 187473:

- ``Figure5d/Figure5d.hoc``: fast Na, Kdr everywhere, M current in the T-junction segments,
  stem and soma (:attr:`SundtConfiguration.FIGURE_5D`, the default);
- ``Figure8c/Figure8c.hoc``: no M current, a 150 um stem, K+ reversal -80 mV, L-type Ca2+ and
  SK in the soma, and in the T-junction segments and stem a Na+/K+ pump with inner Na+/K+ pools,
  longitudinal Na+ diffusion and outer Na+/K+ shells (:attr:`SundtConfiguration.FIGURE_8C`).

The Figure 8c cell is drgsim's C-neuron for seconds-scale filtering under 20 Hz stimulation
(reference/validation.md D4: it needs slow K+ and/or ion accumulation; assumption N1): under
suprathreshold 20 Hz DRG stimulation its transmission fades bin by bin over seconds, where the
Figure 5d cell filters from the first bin on (``tests/validation/test_sundt_d4.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from drgsim import units as u
from drgsim.neuron.cable import CableModel, Region
from drgsim.neuron.channels import sundt_cal, sundt_km, sundt_pump, sundt_sk
from drgsim.neuron.ions import IonAccumulation


class SundtConfiguration(StrEnum):
    """Which published set-up of the Sundt C-neuron to build (module docstring)."""

    FIGURE_5D = "figure_5d"  #: Na, Kdr, M current (Figure5d.hoc)
    FIGURE_8C = "figure_8c"  #: pump, SK, CaL, ion accumulation (Figure8c.hoc); D4


@dataclass(frozen=True, slots=True, kw_only=True)
class SundtSetup:
    """Defaults of one configuration (SI)."""

    stem_length: float  #: [m]
    g_km: float  #: M current in T-junction segments, stem, soma [S/m^2]
    e_k: float  #: K+ reversal where K+ does not accumulate [V]
    g_cal: float  #: soma L-type Ca2+ [S/m^2]
    g_sk: float  #: soma SK [S/m^2]
    g_pump: float  #: T-junction segments and stem, maximal pump current [A/m^2]
    accumulates: bool  #: ion pools in the T-junction segments and stem


# Figure8c.hoc (line numbers)
FIG8C_STEM_LENGTH = 150.0 * u.um  #: :42
FIG8C_E_K = -80.0 * u.mV  #: :76
FIG8C_NAI = 15.0 * u.mM  #: :147
FIG8C_KI = 110.0 * u.mM  #: :141
FIG8C_NAO = 119.0 * u.mM  #: :142
FIG8C_KO = 3.72 * u.mM  #: :140
FIG8C_SHELL_WIDTH = 700e-10  #: [m] :123 (wid_kextern = 700 angstrom)
KEXTERN_TAU = 150.0 * u.ms  #: kexternal.mod:27 (txfer)
#: nadifl.mod:26 (D = 0.6 um^2/ms), which NEURON's LONGITUDINAL_DIFFUSION takes as the product of
#: diffusion constant and cross-section: 0.6 um^4/ms in SI
NADIFL_DIFFUSION = 0.6 * u.um2 * u.um2 / u.ms
#: nadifl.mod:53-54 gives no COMPARTMENT for ki, so NEURON fills it over a unit cross-section
NADIFL_K_AREA = 1.0 * u.um2
FIG5D_STEM_LENGTH = 75.0 * u.um  #: Figure5d.hoc:30
FIG5D_E_K = -90.0 * u.mV  #: Figure5d.hoc:64

SETUPS: dict[SundtConfiguration, SundtSetup] = {
    SundtConfiguration.FIGURE_5D: SundtSetup(
        stem_length=FIG5D_STEM_LENGTH,
        g_km=sundt_km.DENSITY,
        e_k=FIG5D_E_K,
        g_cal=0.0,
        g_sk=0.0,
        g_pump=0.0,
        accumulates=False,
    ),
    SundtConfiguration.FIGURE_8C: SundtSetup(
        stem_length=FIG8C_STEM_LENGTH,
        g_km=0.0,
        e_k=FIG8C_E_K,
        g_cal=sundt_cal.DENSITY,
        g_sk=sundt_sk.DENSITY,
        g_pump=sundt_pump.DENSITY,
        accumulates=True,
    ),
}


def figure_8c_accumulation(model: CableModel) -> IonAccumulation:
    """Ion pools of ``Figure8c.hoc`` in the T-junction segments and stem of a Sundt cell.

    ``kextern`` (shell 700 angstrom, relaxation 150 ms) and ``nadifl`` (Na+ diffusion 0.6
    um^4/ms; K+ over a unit cross-section) as the hoc file inserts them in its ``DRG`` list
    (``tjperi``, ``tjcentral``, ``stem``; the soma is commented out, ``:57-60``), starting from
    [Na]i 15, [K]i 110, [Na]o 119, [K]o 3.72 mM (``:140-148``).
    """
    region = model.region
    active = ((region == Region.T_JUNCTION) | (region == Region.STEM)) & (model.length > 0)
    conc = np.tile([FIG8C_NAI, FIG8C_KI, FIG8C_NAO, FIG8C_KO], (model.n_comp, 1))
    return IonAccumulation(
        is_active=active,
        concentrations=conc,
        shell_width=FIG8C_SHELL_WIDTH,
        outer_tau=KEXTERN_TAU,
        na_diffusion=NADIFL_DIFFUSION,
        k_inner_area=NADIFL_K_AREA,
        source="Sundt et al. 2015; ModelDB 187473 Figure8c.hoc, mods/kexternal.mod, "
        "mods/nadifl.mod",
    )


__all__ = ["SETUPS", "SundtConfiguration", "SundtSetup", "figure_8c_accumulation"]
