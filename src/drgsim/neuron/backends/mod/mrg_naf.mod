TITLE mrg_naf: fast sodium current of the MRG myelinated axon node

COMMENT
Transient Na+ current, m^3 h, of the node of Ranvier in
McIntyre, Richardson & Grill (2002) J Neurophysiol 87:995-1006,
doi:10.1152/jn.00353.2001. Rate constants and Q10 factors were read from the
public model ModelDBRepository/3810 (AXNODE.mod: fast Na+ block, Q10 2.2 for m
and 2.9 for h, both referenced to 20 degC) and written out here for the drgsim
NEURON cross-check backend. One channel family per file, named like the drgsim
family: the density is gbar, the parameters are named like the family's
param_names.
ENDCOMMENT

NEURON {
    SUFFIX mrg_naf
    NONSPECIFIC_CURRENT i
    RANGE gbar, e_na
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 3.0 (S/cm2)   : MRG 2002 node, 3.0 S/cm2
    e_na = 50 (mV)       : MRG 2002, ENa 50 mV
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
: x / (1 - exp(-x / k)) with its limit k at x = 0
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
    am = qm * 1.86 * lin_exp(v + 21.4, 10.3)
    bm = qm * 0.086 * lin_exp(-(v + 25.7), 9.16)
    ah = qh * 0.062 * lin_exp(-(v + 114.0), 11.0)
    bh = qh * 2.3 / (1 + exp(-(v + 31.8) / 13.4))
    mtau = 1 / (am + bm)
    minf = am * mtau
    htau = 1 / (ah + bh)
    hinf = ah * htau
}
UNITSON
