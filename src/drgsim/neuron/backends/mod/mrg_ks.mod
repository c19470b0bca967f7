TITLE mrg_ks: slow potassium current of the MRG myelinated axon node

COMMENT
Slow K+ current, s^1, of the node of Ranvier in
McIntyre, Richardson & Grill (2002) J Neurophysiol 87:995-1006,
doi:10.1152/jn.00353.2001. Rate constants (written relative to rest at
-80 mV) and the Q10 (3.0 referenced to 36 degC) were read from
ModelDBRepository/3810 (AXNODE.mod, slow K+ block) and written out here for
the drgsim NEURON cross-check backend.
ENDCOMMENT

NEURON {
    SUFFIX mrg_ks
    NONSPECIFIC_CURRENT i
    RANGE gbar, e_k
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.08 (S/cm2)  : MRG 2002 node, 0.08 S/cm2
    e_k = -90 (mV)       : MRG 2002, EK -90 mV
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
    u = v + 80  : depolarisation from the -80 mV rest
    a = q * 0.3 / (1 + exp((u - 27) / (-5)))
    b = q * 0.03 / (1 + exp((u + 10) / (-1)))
    stau = 1 / (a + b)
    sinf = a * stau
}
UNITSON
