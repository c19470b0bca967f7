TITLE sundt_nadifl: inner Na+ and K+ pools with longitudinal Na+ diffusion

COMMENT
Inner Na+ and K+ concentrations filled and emptied by the membrane currents,
and longitudinal Na+ diffusion, after Canavier et al. (1999) as used by
Sundt, Gamper & Jaffe (2015) J Neurophysiol 114:3140-3153,
doi:10.1152/jn.00226.2015, in the T-junction segments and stem of Figure 8c.
Semantics read from ModelDBRepository/187473 (mods/nadifl.mod, SUFFIX nadifl)
and written out here for the drgsim NEURON cross-check backend, with the
quantities drgsim.neuron.ions makes parameters:

    d nai/dt = -ina (pi diam) / (F pi diam^2/4)      (Na+ over the axoplasm)
    d ki/dt  = -ik (pi diam) / (F k_area)            (K+ over k_area per length;
                                                      nadifl.mod gives none: 1 um2)
    Na+ diffuses along the cable with dna = D x cross-section (um4/ms), which
    is what LONGITUDINAL_DIFFUSION takes (nadifl.mod: 0.6).

The fluxes depend on the currents only, so NEURON's backward-Euler (sparse)
step of this KINETIC block is the explicit step drgsim takes; the diffusion is
NEURON's own LONGITUDINAL_DIFFUSION pass (a backward-Euler tree solve after
all state updates, bridging zero-area nodes to the parent segment), which is
the scheme drgsim reproduces. nai0 and ki0 are the initial values.
ENDCOMMENT

NEURON {
    SUFFIX sundt_nadifl
    USEION na READ ina WRITE nai
    USEION k READ ik WRITE ki
    RANGE dna, k_area, nai0, ki0
}

UNITS {
    (mA) = (milliamp)
    (mM) = (milli/liter)
    (um) = (micron)
    FARADAY = (faraday) (coulomb)
    PI = (pi) (1)
}

PARAMETER {
    dna = 0.6 (um4/ms)  : nadifl.mod D (taken as D x cross-section)
    k_area = 1 (um2)    : nadifl.mod: no COMPARTMENT for ki
    nai0 = 15 (mM)      : Figure8c.hoc nai
    ki0 = 110 (mM)      : Figure8c.hoc ki
}

ASSIGNED {
    ina (mA/cm2)
    ik (mA/cm2)
    diam (um)
}

STATE {
    nai (mM)
    ki (mM)
}

INITIAL {
    nai = nai0
    ki = ki0
}

BREAKPOINT {
    SOLVE pools METHOD sparse
}

: 1e4 converts mA/cm2 x um / (C/mol) into mM um2/ms
KINETIC pools {
    COMPARTMENT PI * diam * diam / 4 {nai}
    COMPARTMENT k_area {ki}
    LONGITUDINAL_DIFFUSION dna {nai}
    ~ nai << (-ina / FARADAY * PI * diam * (1e4))
    ~ ki << (-ik / FARADAY * PI * diam * (1e4))
}
