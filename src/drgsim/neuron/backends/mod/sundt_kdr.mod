TITLE sundt_kdr: delayed-rectifier potassium current of the Sundt 2015 C-neuron

COMMENT
Borg-Graham (1987) delayed rectifier, n^3 l, as used by Sundt, Gamper &
Jaffe (2015) J Neurophysiol 114:3140-3153, doi:10.1152/jn.00226.2015.
Half-activation voltages, valences, gating asymmetries, base rates and the
Q10 of 3 referenced to 30 degC were read from ModelDBRepository/187473
(mods/kdr.mod, SUFFIX borgkdr) and written out here for the drgsim NEURON
cross-check backend. F/(RT) uses F = 9.648e4 C/mol, R = 8.315 J/(mol K) and
T = celsius + 273.16 K, as in the published file.
With pooled = 1 (set where drgsim keeps ion pools) the current is written as
ik and driven by the compartment's Nernst ek, so the pools see it.
ENDCOMMENT

NEURON {
    SUFFIX sundt_kdr
    USEION k READ ek WRITE ik
    NONSPECIFIC_CURRENT i
    RANGE gbar, e_k, pooled
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.04 (S/cm2)  : Sundt 2015 Figure5d.hoc, 0.04 S/cm2
    e_k = -90 (mV)       : Sundt 2015 Figure5d.hoc, EK -90 mV
    pooled = 0 (1)  : 1: Nernst ek and ik (ion pools); 0: e_k, nonspecific
}

ASSIGNED {
    v (mV)
    celsius (degC)
    i (mA/cm2)
    ek (mV)
    ik (mA/cm2)
    ninf
    linf
    ntau (ms)
    ltau (ms)
}

STATE { n l }

BREAKPOINT { LOCAL g
    SOLVE gates METHOD cnexp
    g = gbar * n * n * n * l
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
    n = ninf
    l = linf
}

DERIVATIVE gates {
    settle(v)
    n' = (ninf - n) / ntau
    l' = (linf - l) / ltau
}

UNITSOFF
PROCEDURE settle(v (mV)) { LOCAL q, f, an, al
    q = 3 ^ ((celsius - 30) / 10)
    f = 1e-3 * 9.648e4 / (8.315 * (273.16 + celsius))  : F/(RT) per mV
    : n gate: vhalf -32 mV, valence -5, asymmetry 0.4, base rate 0.03 /ms
    an = exp(-5 * (v + 32) * f)
    ninf = 1 / (1 + an)
    ntau = exp(-5 * 0.4 * (v + 32) * f) / (q * 0.03 * (1 + an))
    : l gate: vhalf -61 mV, valence 2, asymmetry 1, base rate 0.001 /ms
    al = exp(2 * (v + 61) * f)
    linf = 1 / (1 + al)
    ltau = exp(2 * 1.0 * (v + 61) * f) / (q * 0.001 * (1 + al))
}
UNITSON
