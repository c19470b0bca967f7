TITLE sundt_kextern: outer Na+ and K+ shells relaxing to the bath

COMMENT
Extracellular shell after Frankenhaeuser & Hodgkin (1956), as used by Sundt,
Gamper & Jaffe (2015) J Neurophysiol 114:3140-3153, doi:10.1152/jn.00226.2015,
in the T-junction segments and stem of Figure 8c (shell 700 angstrom, transfer
time 150 ms). Semantics read from ModelDBRepository/187473
(mods/kexternal.mod, SUFFIX kextern) and written out here for the drgsim
NEURON cross-check backend:

    d ko/dt  = ik / (F width) + (ko0 - ko) / tau
    d nao/dt = ina / (F width) + (nao0 - nao) / tau

ko0 and nao0 are both the initial values and the bath the shell relaxes to.
cnexp advances each by the exact exponential at the step's current, as drgsim.
ENDCOMMENT

NEURON {
    SUFFIX sundt_kextern
    USEION k READ ik WRITE ko
    USEION na READ ina WRITE nao
    RANGE width, tau, ko0, nao0
}

UNITS {
    (mA) = (milliamp)
    (mM) = (milli/liter)
    (um) = (micron)
    FARADAY = (faraday) (coulomb)
}

PARAMETER {
    width = 0.07 (um)  : Figure8c.hoc wid_kextern 700 angstrom
    tau = 150 (ms)     : kexternal.mod txfer
    ko0 = 3.72 (mM)    : Figure8c.hoc ko
    nao0 = 119 (mM)    : Figure8c.hoc nao
}

ASSIGNED {
    ik (mA/cm2)
    ina (mA/cm2)
}

STATE {
    ko (mM)
    nao (mM)
}

INITIAL {
    ko = ko0
    nao = nao0
}

BREAKPOINT {
    SOLVE shell METHOD cnexp
}

: 1e4 converts mA/cm2 / (um C/mol) into mM/ms
DERIVATIVE shell {
    ko' = (1e4) * ik / (width * FARADAY) + (ko0 - ko) / tau
    nao' = (1e4) * ina / (width * FARADAY) + (nao0 - nao) / tau
}
