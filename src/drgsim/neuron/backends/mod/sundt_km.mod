TITLE sundt_km: M-type (KCNQ) potassium current of the Sundt 2015 C-neuron

COMMENT
Slowly activating K+ current, m^1, after Yamada, Koch & Adams (1989), as
used by Sundt, Gamper & Jaffe (2015) J Neurophysiol 114:3140-3153,
doi:10.1152/jn.00226.2015. Steady state, time constant, the temperature
factor 3^((celsius - 23.5)/10) and the voltage shift (added to v) were read
from ModelDBRepository/187473 (mods/im.mod, SUFFIX iM) and written out here
for the drgsim NEURON cross-check backend. The published file advances m
with the exact exponential update, which is what cnexp does.
With pooled = 1 (set where drgsim keeps ion pools) the current is written as
ik and driven by the compartment's Nernst ek, so the pools see it.
ENDCOMMENT

NEURON {
    SUFFIX sundt_km
    USEION k READ ek WRITE ik
    NONSPECIFIC_CURRENT i
    RANGE gbar, e_k, v_shift, pooled
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.0004 (S/cm2)  : Sundt 2015 Figure5d.hoc, KCNQ 0.4 mS/cm2
    e_k = -90 (mV)         : Sundt 2015 Figure5d.hoc, EK -90 mV
    v_shift = -5 (mV)       : Sundt 2015 Figure5d.hoc, control vshift_iM
    pooled = 0 (1)  : 1: Nernst ek and ik (ion pools); 0: e_k, nonspecific
}

ASSIGNED {
    v (mV)
    celsius (degC)
    i (mA/cm2)
    ek (mV)
    ik (mA/cm2)
    minf
    mtau (ms)
}

STATE { m }

BREAKPOINT { LOCAL g
    SOLVE gates METHOD cnexp
    g = gbar * m
    if (pooled) {
        ik = g * (v - ek)
        i = 0
    } else {
        i = g * (v - e_k)
        ik = 0
    }
}

INITIAL {
    settle(v)
    m = minf
}

DERIVATIVE gates {
    settle(v)
    m' = (minf - m) / mtau
}

UNITSOFF
PROCEDURE settle(v (mV)) { LOCAL u, tadj
    tadj = 3 ^ ((celsius - 23.5) / 10)
    u = v + v_shift + 35
    mtau = 1000 / (3.3 * (exp(u / 20) + exp(-u / 20))) / tadj
    minf = 1 / (1 + exp(-u / 10))
}
UNITSON
