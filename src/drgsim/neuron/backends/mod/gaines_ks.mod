TITLE gaines_ks: slow potassium current of the Gaines 2018 sensory axon

COMMENT
Slow K+ current, s^1, in Gaines et al. (2018) J Comput Neurosci 45:29-43,
doi:10.1007/s10827-018-0689-5; the kinetics are the MRG 2002 ones (rest at
-80 mV, Q10 3.0 referenced to 36 degC), read from ModelDBRepository/243841
(node_sensory.mod and the internodal *_sensory.mod files, slow K+ block) and
written out here for the drgsim NEURON cross-check backend.
ENDCOMMENT

NEURON {
    SUFFIX gaines_ks
    NONSPECIFIC_CURRENT i
    RANGE gbar, e_k
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.04106 (S/cm2)  : Gaines 2018 sensory node, 0.04106 S/cm2
    e_k = -90 (mV)          : Gaines 2018, EK -90 mV
}

ASSIGNED {
    v (mV)
    celsius (degC)
    i (mA/cm2)
    sinf
    stau (ms)
}

STATE { s }

BREAKPOINT {
    SOLVE gates METHOD cnexp
    i = gbar * s * (v - e_k)
}

INITIAL {
    settle(v)
    s = sinf
}

DERIVATIVE gates {
    settle(v)
    s' = (sinf - s) / stau
}

UNITSOFF
PROCEDURE settle(v (mV)) { LOCAL q, u, a, b
    q = 3.0 ^ ((celsius - 36) / 10)
    u = v + 80
    a = q * 0.3 / (1 + exp((u - 27) / (-5)))
    b = q * 0.03 / (1 + exp((u + 10) / (-1)))
    stau = 1 / (a + b)
    sinf = a * stau
}
UNITSON
