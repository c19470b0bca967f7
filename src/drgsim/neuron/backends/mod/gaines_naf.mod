TITLE gaines_naf: fast sodium current of the Gaines 2018 sensory axon node

COMMENT
Transient Na+ current, m^3 h, of the sensory node of Ranvier in Gaines,
Finn, Slopsema, Heyboer & Polasek (2018) J Comput Neurosci 45:29-43,
doi:10.1007/s10827-018-0689-5 (MRG 2002 kinetics with refitted constants).
Constants and Q10 factors (2.2 for m, 2.9 for h, referenced to 20 degC)
were read from ModelDBRepository/243841 (node_sensory.mod, fast Na+ block)
and written out here for the drgsim NEURON cross-check backend.
ENDCOMMENT

NEURON {
    SUFFIX gaines_naf
    NONSPECIFIC_CURRENT i
    RANGE gbar, e_na
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 3.0 (S/cm2)  : Gaines 2018 sensory node, 3.0 S/cm2
    e_na = 50 (mV)      : Gaines 2018, ENa 50 mV
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
FUNCTION lin_exp(x, k) {
    if (fabs(x / k) < 1e-6) {
        lin_exp = k * (1 + x / k / 2)
    } else {
        lin_exp = x / (1 - exp(-x / k))
    }
}

PROCEDURE settle(v (mV)) { LOCAL qm, qh, am, bm, ah, bh
    qm = 2.2 ^ ((celsius - 20) / 10)
    qh = 2.9 ^ ((celsius - 20) / 10)
    am = qm * 1.77753 * lin_exp(v + 20.1795, 10.3)
    bm = qm * 0.0823 * lin_exp(-(v + 25.4746), 9.16)
    ah = qh * 0.075286 * lin_exp(-(v + 112.7124), 8.3910)
    bh = qh * 2.8083 / (1 + exp(-(v + 30.5435) / 10.2263))
    mtau = 1 / (am + bm)
    minf = am * mtau
    htau = 1 / (ah + bh)
    hinf = ah * htau
}
UNITSON
