TITLE sundt_sk: Ca2+-activated K+ current of the Sundt 2015 C-neuron (Figure 8c)

COMMENT
SK current after Aradi & Holmes (1999), as used by Sundt, Gamper & Jaffe
(2015) J Neurophysiol 114:3140-3153, doi:10.1152/jn.00226.2015, in the soma of
Figure 8c (GSK 0.001 S/cm2, Ca2+ time constant SKTAU 500 ms). The private
Ca2+ pool driven by the calcium current (READ ica), its rest 7e-5 mM, the
scale B cascale = 0.26 x 0.1 mM cm2/(mA ms), and the rate functions of x = (Ca
in uM)^3 were read from ModelDBRepository/187473 (mods/SK.mod, SUFFIX SK) and
written out here for the drgsim NEURON cross-check backend:

    ca' = -ca_per_charge ica - (ca - ca_rest) / tau_ca
    q'  = alpha(x) (1 - q) - beta(x) q
    alpha = 0.00246 / exp((12 log10(x) + 28.48) / -4.5)
    beta  = 0.006 / exp((12 log10(x) + 60.4) / 35)
    current = gbar q^2 (v - E)

cnexp advances ca, then q with the new ca (statement order), each by the
exact exponential at fixed input. E is the parameter e_k, or with pooled = 1
the compartment's Nernst ek (then the current is written as ik, which the K+
pools read); Sundt's file always reads ek.
ENDCOMMENT

NEURON {
    SUFFIX sundt_sk
    USEION ca READ ica
    USEION k READ ek WRITE ik
    NONSPECIFIC_CURRENT i
    RANGE gbar, e_k, ca_rest, tau_ca, ca_per_charge, pooled
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (mM) = (milli/liter)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.001 (S/cm2)                   : Figure8c.hoc GSK, soma
    e_k = -80 (mV)                         : Figure8c.hoc ek
    ca_rest = 0.00007 (mM)                 : SK.mod ca0
    tau_ca = 500 (ms)                      : Figure8c.hoc SKTAU
    ca_per_charge = 0.026 (mM cm2/mA/ms)   : SK.mod B x cascale
    pooled = 0 (1)                         : 1: Nernst ek and ik; 0: e_k, nonspecific
}

ASSIGNED {
    v (mV)
    ek (mV)
    ica (mA/cm2)
    ik (mA/cm2)
    i (mA/cm2)
}

STATE { ca (mM) q }

BREAKPOINT { LOCAL g
    SOLVE states METHOD cnexp
    g = gbar * q * q
    if (pooled) {
        ik = g * (v - ek)
        i = 0
    } else {
        i = g * (v - e_k)
        ik = 0
    }
}

INITIAL {
    ca = ca_rest
    q = alpha(ca) / (alpha(ca) + beta(ca))
}

DERIVATIVE states {
    ca' = -ca_per_charge * ica - (ca - ca_rest) / tau_ca
    q' = alpha(ca) * (1 - q) - beta(ca) * q
}

UNITSOFF
FUNCTION alpha(c (mM)) (/ms) {
    alpha = 0.00246 / exp((12 * log10((c * 1000)^3) + 28.48) / -4.5)
}

FUNCTION beta(c (mM)) (/ms) {
    beta = 0.006 / exp((12 * log10((c * 1000)^3) + 60.4) / 35)
}
UNITSON
