TITLE gaines_kf: fast potassium current of the Gaines 2018 sensory axon

COMMENT
Fast K+ current, n^4, added to the MRG node by Gaines et al. (2018)
J Comput Neurosci 45:29-43, doi:10.1007/s10827-018-0689-5. Constants and the
Q10 (3.0 referenced to 36 degC) were read from ModelDBRepository/243841
(node_sensory.mod, fast K+ block) and written out here for the drgsim NEURON
cross-check backend.
ENDCOMMENT

NEURON {
    SUFFIX gaines_kf
    NONSPECIFIC_CURRENT i
    RANGE gbar, e_k
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.02737 (S/cm2)  : Gaines 2018 sensory node, 0.02737 S/cm2
    e_k = -90 (mV)          : Gaines 2018, EKf -90 mV
}

ASSIGNED {
    v (mV)
    celsius (degC)
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
FUNCTION lin_exp(x, k) {
    if (fabs(x / k) < 1e-6) {
        lin_exp = k * (1 + x / k / 2)
    } else {
        lin_exp = x / (1 - exp(-x / k))
    }
}

PROCEDURE settle(v (mV)) { LOCAL q, a, b
    q = 3.0 ^ ((celsius - 36) / 10)
    a = q * 0.0462 * lin_exp(v + 83.2, 1.1)
    b = q * 0.0824 * lin_exp(-(v + 66), 10.5)
    ntau = 1 / (a + b)
    ninf = a * ntau
}
UNITSON
