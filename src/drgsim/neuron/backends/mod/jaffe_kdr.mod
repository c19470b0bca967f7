TITLE jaffe_kdr: delayed-rectifier K+ current of the Jaffe-lab DRG filtering model

COMMENT
n^4 potassium current after Sheets et al. (2007), as used in the C-fibre
model of PMC9847955. Steady state, the two-branch time constant and its factor
1/3.3^((celsius_t - 22)/10) with the file's unset celsiusT (0 degC) were read
from dbjaffe67/DRGsims (mods/kdr_sheets.mod) and written out here for the
drgsim NEURON cross-check backend; n advances by the exact exponential (cnexp).
ENDCOMMENT

NEURON {
    SUFFIX jaffe_kdr
    NONSPECIFIC_CURRENT i
    RANGE gbar, e_k, celsius_t
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.02 (S/cm2)  : CfiberPropagation.hoc GKBAR
    e_k = -77 (mV)       : NEURON's default ek, read by kdr_sheets.mod
    celsius_t = 0        : kdr_sheets.mod celsiusT, unset in the hoc file
}

ASSIGNED {
    v (mV)
    i (mA/cm2)
    ninf
    ntau (ms)
}

STATE { n }

BREAKPOINT {
    SOLVE gates METHOD cnexp
    i = gbar * n * n * n * n * (v - e_k)
}

INITIAL {
    settle(v)
    n = ninf
}

DERIVATIVE gates {
    settle(v)
    n' = (ninf - n) / ntau
}

UNITSOFF
PROCEDURE settle(v (mV)) {
    ninf = 1 / (1 + exp((v + 25) / -15.4))
    if (v < -31) {
        ntau = 1000 * (0.000688 + 1 / (exp((v + 75.2) / 6.5) + exp((v - 131.5) / -34.8)))
    } else {
        ntau = 0.16 + 0.8 * exp(-0.0267 * (v + 11))
    }
    ntau = ntau / 3.3 ^ ((celsius_t - 22) / 10)
}
UNITSON
