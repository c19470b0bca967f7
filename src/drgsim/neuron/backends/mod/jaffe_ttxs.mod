TITLE jaffe_ttxs: TTX-sensitive Na+ current of the Jaffe-lab DRG filtering model

COMMENT
m^3 h sodium current after Herzog, Cummins & Waxman (2001), as used in the
C-fibre model of PMC9847955. Rate constants, their temperature factor
3^((celsius - 20)/10) and the reversal NEURON supplies (50 mV) were read from
dbjaffe67/DRGsims (mods/ttxs.mod) and written out here for the drgsim NEURON
cross-check backend; gates advance by the exact exponential (cnexp).
ENDCOMMENT

NEURON {
    SUFFIX jaffe_ttxs
    NONSPECIFIC_CURRENT i
    RANGE gbar, e_na
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.6 (S/cm2)  : CfiberPropagation.hoc GNABAR
    e_na = 50 (mV)      : NEURON's default ena, read by ttxs.mod
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
PROCEDURE settle(v (mV)) { LOCAL q, am, bm, ah, bh
    q = 3 ^ ((celsius - 20) / 10)
    am = q * 11.49 / (1 + exp((v + 8.58) / -8.47))
    bm = q * 11.49 / (1 + exp((v + 67.2) / 27.8))
    ah = q * 0.0658 * exp(-(v + 120) / 20.33)
    bh = q * 3.0 / (1 + exp((v - 6.8) / -12.998))
    mtau = 1 / (am + bm)
    minf = am * mtau
    htau = 1 / (ah + bh)
    hinf = ah * htau
}
UNITSON
