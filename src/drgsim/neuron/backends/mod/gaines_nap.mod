TITLE gaines_nap: persistent sodium current of the Gaines 2018 sensory axon node

COMMENT
Persistent Na+ current, p^3, of the sensory node in Gaines et al. (2018)
J Comput Neurosci 45:29-43, doi:10.1007/s10827-018-0689-5. Constants and the
Q10 (2.2 referenced to 20 degC) were read from ModelDBRepository/243841
(node_sensory.mod, persistent Na+ block) and written out here for the drgsim
NEURON cross-check backend.
ENDCOMMENT

NEURON {
    SUFFIX gaines_nap
    NONSPECIFIC_CURRENT i
    RANGE gbar, e_na
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.01 (S/cm2)  : Gaines 2018 sensory node, 0.01 S/cm2
    e_na = 50 (mV)       : Gaines 2018, ENa 50 mV
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
    a = q * 0.00957 * lin_exp(v + 26.852, 10.2)
    b = q * 0.0002401 * lin_exp(-(v + 33.8333), 10)
    ptau = 1 / (a + b)
    pinf = a * ptau
}
UNITSON
