"""The C-fibre DRG neuron of the Jaffe-lab filtering model, with tonic GABA-A near the T-junction.

Source: PMC9847955 (bioRxiv 10.1101/2021.07.14.452325), "filtering of nociceptive input occurs
at the T-junctions; GABA-induced filtering is specific to nociceptors"; geometry and membrane
read in ``dbjaffe67/DRGsims`` ``CfiberPropagation.hoc`` (line numbers below):

- central axon 5000 x 0.4 um, T-junction segments 500 x 0.8 um (peripheral) and 500 x 0.4 um
  (central), peripheral axon 5000 x 0.8 um, stem 75 x 1.35 um, soma 25 x 25 um; 100 segments
  per section, one for the soma (``:18,27-32``); topology as Sundt's (``:35-39``);
- everywhere ``ttxs`` 0.6 S/cm^2 (``jaffe_ttxs``), ``kdrSheets`` 0.02 S/cm^2 (``jaffe_kdr``),
  leak 1e-4 S/cm^2 with reversal -60 mV, Ra 100 ohm cm, 37 degC (``:11-14,58-73``). The hoc file
  computes ``e_pas = v + (ina + ik) / g_pas`` before any current has been evaluated, so every
  leak reversal is exactly -60 mV ([RAN]); the cell then settles for 250 ms (``:89-90``);
- GABA-A (``jaffe_gaba``, -40 mV) in the soma, stem and both T-junction segments, 0.5 mS/cm^2 by
  default (``:10,48-84``).

Compartments are ordered as in :func:`~drgsim.neuron.c_fibers.sundt_c_neuron`: peripheral axon
(distal end first), peripheral T-junction segment, junction, stem, soma, central T-junction
segment, central axon.
"""

from __future__ import annotations

from typing import Any

from drgsim import units as u
from drgsim.errors import ConfigurationError
from drgsim.neuron.c_fibers import assemble_c_neuron
from drgsim.neuron.cable import CableModel
from drgsim.neuron.channels import jaffe_gaba, jaffe_kdr, jaffe_ttxs
from drgsim.neuron.morphology import Placement

# CfiberPropagation.hoc (line numbers)
JAFFE_TEMPERATURE = u.celsius(37.0)  #: :14
JAFFE_AXON_LENGTH = 5000.0 * u.um  #: :27, :30
JAFFE_PERIPHERAL_DIAMETER = 0.8 * u.um  #: :28, :30
JAFFE_CENTRAL_DIAMETER = 0.4 * u.um  #: :27, :29
JAFFE_T_SEGMENT_LENGTH = 500.0 * u.um  #: :28-29
JAFFE_STEM_LENGTH = 75.0 * u.um  #: :31
JAFFE_STEM_DIAMETER = 1.35 * u.um  #: :31
JAFFE_SOMA_DIAMETER = 25.0 * u.um  #: :32
JAFFE_NSEG = 100  #: :18 (SG)
JAFFE_G_LEAK = 1e-4 * u.S_per_cm2  #: :67
JAFFE_E_LEAK = -60.0 * u.mV  #: :68-70 (see the module docstring)
JAFFE_RA = 100.0 * u.ohm_cm  #: :72
JAFFE_CM = 1.0 * u.uF_per_cm2  #: NEURON's default cm; the hoc file does not set it
JAFFE_SETTLE = 250.0 * u.ms  #: :89-90 (1e4 steps of 25 us before the stimulus)


def jaffe_c_neuron(
    *,
    g_gaba: float = jaffe_gaba.DENSITY,
    placement: Placement | None = None,
    n_seg: int = JAFFE_NSEG,
    temperature: float = JAFFE_TEMPERATURE,
) -> CableModel:
    """Build the Jaffe-lab C-fibre DRG neuron (``CfiberPropagation.hoc``).

    Parameters
    ----------
    g_gaba
        Tonic GABA-A conductance in the soma, stem and T-junction segments [S/m^2]
        (0.5 mS/cm^2 as published; 0 removes it).
    placement
        Where the neuron lies; default :meth:`Placement.straight`.
    n_seg
        Compartments per section (100 as published).
    temperature
        [K]; 37 degC as published.

    Examples
    --------
    >>> cell = jaffe_c_neuron()
    >>> cell.n_comp, round(float(cell.length.sum()) / u.um)
    (502, 11100)
    """
    if not 0 <= g_gaba <= 0.1 * u.S_per_cm2:
        raise ConfigurationError("g_gaba_mS_per_cm2", g_gaba / u.mS_per_cm2, "0-100 mS/cm2")
    if not 1 <= n_seg <= 10_000:
        raise ConfigurationError("n_seg", n_seg, "1-10000")
    axon = {"jaffe_ttxs": jaffe_ttxs.DENSITY, "jaffe_kdr": jaffe_kdr.DENSITY}
    drg = {**axon, "jaffe_gaba": g_gaba}
    membrane: dict[str, Any] = {
        "cm": JAFFE_CM,
        "ra": JAFFE_RA,
        "g_leak": JAFFE_G_LEAK,
        "e_leak": JAFFE_E_LEAK,
        "v_init": JAFFE_E_LEAK,
    }
    asm = assemble_c_neuron(
        placement=placement or Placement.straight(),
        n_seg=n_seg,
        membrane=membrane,
        peripheral_diameter=JAFFE_PERIPHERAL_DIAMETER,
        central_diameter=JAFFE_CENTRAL_DIAMETER,
        t_segment_length=JAFFE_T_SEGMENT_LENGTH,
        axon_length=JAFFE_AXON_LENGTH,
        stem_length=JAFFE_STEM_LENGTH,
        stem_diameter=JAFFE_STEM_DIAMETER,
        soma_diameter=JAFFE_SOMA_DIAMETER,
        axon=axon,
        drg=drg,
        soma=drg,
    )
    return asm.build(
        name="jaffe_c_neuron",
        temperature=temperature,
        source="PMC9847955 (doi:10.1101/2021.07.14.452325); dbjaffe67/DRGsims "
        "CfiberPropagation.hoc",
    )


__all__ = ["JAFFE_SETTLE", "jaffe_c_neuron"]
