TITLE rattay_k: potassium current of the Rattay & Aberham C-fibre model

COMMENT
Hodgkin-Huxley K+ current, n^4, written relative to a -70 mV rest, with the
Q10 2.24659524757^((celsius - 6.3)/10) of Rattay & Aberham (1993) IEEE Trans
Biomed Eng 40:1201-1209, doi:10.1109/10.250575, as used for C fibres by Pelot
et al. (2021) J Neural Eng 18:026019, doi:10.1088/1741-2552/abd6c9. Rate
constants were read from ModelDBRepository/266498
(MultiCompartmentModels/Mod/RattayAberham.mod) and written out here for the
drgsim NEURON cross-check backend; rates evaluated exactly (no table).
ENDCOMMENT

NEURON {
    SUFFIX rattay_k
    NONSPECIFIC_CURRENT i
    RANGE gbar, e_k
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.036 (S/cm2)  : RattayAberham.mod, 0.036 S/cm2
    e_k = -82 (mV)        : Pelot 2021 cFiberBuilder.hoc, EK -82 mV
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
FUNCTION exp_lin(x) {
    if (fabs(x) < 1e-6) {
        exp_lin = 1 - x / 2
    } else {
        exp_lin = x / (exp(x) - 1)
    }
}

PROCEDURE settle(v (mV)) { LOCAL q, w, a, b
    q = 2.24659524757 ^ ((celsius - 6.3) / 10)
    w = v + 70
    a = 0.1 * exp_lin(1 - 0.1 * w)
    b = 0.125 * exp(-w / 80)
    ntau = 1 / (q * (a + b))
    ninf = a / (a + b)
}
UNITSON
