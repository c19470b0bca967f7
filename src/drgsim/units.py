"""SI unit constants.

Every float inside drgsim is in SI units. A literal in another unit is written with one of these
constants (``0.8 * u.mA``) and a value leaves the core divided by one (``amplitude / u.mA``).
The constants are plain floats, so they cost nothing inside numba kernels.

Examples
--------
>>> from drgsim import units as u
>>> round(300 * u.us / u.ms, 6)
0.3
"""

from __future__ import annotations

# Length [m]
m = 1.0
cm = 1e-2
mm = 1e-3
um = 1e-6
nm = 1e-9

# Area [m^2]
m2 = 1.0
cm2 = 1e-4
mm2 = 1e-6
um2 = 1e-12

# Time [s]
s = 1.0
ms = 1e-3
us = 1e-6
minute = 60.0
hour = 3600.0
day = 86400.0
year = 365.25 * day

# Frequency [Hz]
Hz = 1.0
kHz = 1e3

# Current [A]
A = 1.0
mA = 1e-3
uA = 1e-6
nA = 1e-9

# Voltage [V]
V = 1.0
mV = 1e-3

# Charge [C]
C = 1.0
uC = 1e-6
nC = 1e-9

# Charge density [C/m^2]
uC_per_cm2 = uC / cm2

# Conductance, capacitance, resistance
S = 1.0
mS = 1e-3
S_per_m = 1.0
S_per_cm2 = 1.0 / cm2
mS_per_cm2 = mS / cm2
F = 1.0
uF = 1e-6
uF_per_cm2 = uF / cm2
ohm = 1.0
kohm = 1e3
Mohm = 1e6
ohm_cm = ohm * cm
kohm_cm2 = kohm * cm2

# Energy, power, battery capacity
J = 1.0
uJ = 1e-6
W = 1.0
uW = 1e-6
mAh = mA * hour  # [C]
Ah = A * hour  # [C]

# Concentration [mol/m^3]
mM = 1.0

# Temperature: kelvin inside; Celsius only at the edges.
ZERO_CELSIUS = 273.15  # [K]


def celsius(t_C: float) -> float:
    """Convert a Celsius temperature to kelvin [K]."""
    return t_C + ZERO_CELSIUS


def to_celsius(t: float) -> float:
    """Convert a kelvin temperature [K] to Celsius."""
    return t - ZERO_CELSIUS
