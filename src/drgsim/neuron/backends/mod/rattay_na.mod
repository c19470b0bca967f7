TITLE rattay_na: sodium current of the Rattay & Aberham C-fibre model

COMMENT
Hodgkin-Huxley Na+ current, m^3 h, written relative to a -70 mV rest, with
the Q10 2.24659524757^((celsius - 6.3)/10) of Rattay & Aberham (1993) IEEE
Trans Biomed Eng 40:1201-1209, doi:10.1109/10.250575, as used for C fibres by
Pelot et al. (2021) J Neural Eng 18:026019, doi:10.1088/1741-2552/abd6c9.
Rate constants were read from ModelDBRepository/266498
(MultiCompartmentModels/Mod/RattayAberham.mod) and written out here for the
drgsim NEURON cross-check backend. The published file interpolates the rates
from a 1 mV table; this file evaluates them exactly, like drgsim.
ENDCOMMENT

NEURON {
    SUFFIX rattay_na
    NONSPECIFIC_CURRENT i
    RANGE gbar, e_na
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.12 (S/cm2)  : RattayAberham.mod, 0.12 S/cm2
    e_na = 45 (mV)       : Pelot 2021 cFiberBuilder.hoc, ENa 45 mV
}

ASSIGNED {
    v (mV)
    celsius (degC)
    i (mA/cm2)
    minf
    hinf
    mtau (ms)
    htau (ms)
}

STATE { m h }

BREAKPOINT {
    SOLVE gates METHOD cnexp
    i = gbar * m * m * m * h * (v - e_na)
}

INITIAL {
    settle(v)
    m = minf
    h = hinf
}

DERIVATIVE gates {
    settle(v)
    m' = (minf - m) / mtau
    h' = (hinf - h) / htau
}

UNITSOFF
: x / (exp(x) - 1) with its limit 1 at x = 0
FUNCTION exp_lin(x) {
    if (fabs(x) < 1e-6) {
        exp_lin = 1 - x / 2
    } else {
        exp_lin = x / (exp(x) - 1)
    }
}

PROCEDURE settle(v (mV)) { LOCAL q, w, a, b
    q = 2.24659524757 ^ ((celsius - 6.3) / 10)
    w = v + 70
    a = exp_lin(2.5 - 0.1 * w)
    b = 4 * exp(-w / 18)
    mtau = 1 / (q * (a + b))
    minf = a / (a + b)
    a = 0.07 * exp(-w / 20)
    b = 1 / (1 + exp(3 - 0.1 * w))
    htau = 1 / (q * (a + b))
    hinf = a / (a + b)
}
UNITSON
