TITLE mrg_nap: persistent sodium current of the MRG myelinated axon node

COMMENT
Persistent Na+ current, p^3, of the node of Ranvier in
McIntyre, Richardson & Grill (2002) J Neurophysiol 87:995-1006,
doi:10.1152/jn.00353.2001. Rate constants and the Q10 (2.2 referenced to
20 degC) were read from ModelDBRepository/3810 (AXNODE.mod, persistent Na+
block) and written out here for the drgsim NEURON cross-check backend.
ENDCOMMENT

NEURON {
    SUFFIX mrg_nap
    NONSPECIFIC_CURRENT i
    RANGE gbar, e_na
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.01 (S/cm2)  : MRG 2002 node, 0.01 S/cm2
    e_na = 50 (mV)       : MRG 2002, ENa 50 mV
}

ASSIGNED {
    v (mV)
    celsius (degC)
    i (mA/cm2)
    pinf
    ptau (ms)
}

STATE { p }

BREAKPOINT {
    SOLVE gates METHOD cnexp
    i = gbar * p * p * p * (v - e_na)
}

INITIAL {
    settle(v)
    p = pinf
}

DERIVATIVE gates {
    settle(v)
    p' = (pinf - p) / ptau
}

UNITSOFF
FUNCTION lin_exp(x, k) {
    if (fabs(x / k) < 1e-6) {
        lin_exp = k * (1 + x / k / 2)
    } else {
        lin_exp = x / (1 - exp(-x / k))
    }
}

PROCEDURE settle(v (mV)) { LOCAL q, a, b
    q = 2.2 ^ ((celsius - 20) / 10)
    a = q * 0.01 * lin_exp(v + 27, 10.2)
    b = q * 0.00025 * lin_exp(-(v + 34), 10)
    ptau = 1 / (a + b)
    pinf = a * ptau
}
UNITSON
