TITLE sundt_na: fast sodium current of the Sundt 2015 C-neuron

COMMENT
Hodgkin-Huxley Na+ current, m^3 h, in the Traub & Miles (1991) form used by
Sundt, Gamper & Jaffe (2015) J Neurophysiol 114:3140-3153,
doi:10.1152/jn.00226.2015. Rate constants, the shifts (m_shift applied to m,
h_shift to h, i_shift inside the h opening rate; voltages taken relative to
-65 mV) and the Q10 of 3 referenced to 30 degC were read from
ModelDBRepository/187473 (mods/nahh.mod) and written out here for the drgsim
NEURON cross-check backend. The reversal potential is a parameter (NEURON's
default ENa of 50 mV in the published model).
With pooled = 1 (set where drgsim keeps ion pools) the current is written as
ina and driven by the compartment's Nernst ena, so the pools see it.
ENDCOMMENT

NEURON {
    SUFFIX sundt_na
    USEION na READ ena WRITE ina
    NONSPECIFIC_CURRENT i
    RANGE gbar, e_na, m_shift, h_shift, i_shift, pooled
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.04 (S/cm2)  : Sundt 2015 Figure5d.hoc, 0.04 S/cm2
    e_na = 50 (mV)       : NEURON default ENa, not overridden in Figure5d.hoc
    m_shift = -6 (mV)     : Sundt 2015 Figure5d.hoc (NaV1.7/1.8 shift)
    h_shift = 6 (mV)      : Sundt 2015 Figure5d.hoc
    i_shift = 0 (mV)      : nahh.mod default
    pooled = 0 (1)  : 1: Nernst ena and ina (ion pools); 0: e_na, nonspecific
}

ASSIGNED {
    v (mV)
    celsius (degC)
    i (mA/cm2)
    ena (mV)
    ina (mA/cm2)
    minf
    hinf
    mtau (ms)
    htau (ms)
}

STATE { m h }

BREAKPOINT { LOCAL g
    SOLVE gates METHOD cnexp
    g = gbar * m * m * m * h
    if (pooled) {
        ina = g * (v - ena)
        i = 0
    } else {
        i = g * (v - e_na)
        ina = 0
    }
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
: x / (exp(x / k) - 1) with its limit k at x = 0
FUNCTION exp_lin(x, k) {
    if (fabs(x / k) < 1e-6) {
        exp_lin = k * (1 - x / k / 2)
    } else {
        exp_lin = x / (exp(x / k) - 1)
    }
}

PROCEDURE settle(v (mV)) { LOCAL q, um, uh, am, bm, ah, bh
    q = 3 ^ ((celsius - 30) / 10)
    um = v + 65 + m_shift
    uh = v + 65 + h_shift
    am = q * 0.32 * exp_lin(13.1 - um, 4)
    bm = q * 0.28 * exp_lin(um - 40.1, 5)
    ah = q * 0.128 * exp((17 - uh + i_shift) / 18)
    bh = q * 4 / (1 + exp((40 - uh) / 5))
    mtau = 1 / (am + bm)
    minf = am * mtau
    htau = 1 / (ah + bh)
    hinf = ah * htau
}
UNITSON
