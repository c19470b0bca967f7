TITLE sundt_cal: L-type Ca2+ current of the Sundt 2015 C-neuron (Figure 8c)

COMMENT
m^2 calcium current after Migliore et al. (1995), as used by Sundt, Gamper &
Jaffe (2015), doi:10.1152/jn.00226.2015, in the soma of Figure 8c. Rates
(no temperature factor) and the fixed reversal (25 degC, cao 2 mM, cai 7e-5 mM)
were read from ModelDBRepository/187473 (mods/cal.mod) and written out here for
the drgsim NEURON cross-check backend; rates are evaluated exactly (no table).
The current is written as ica (reversal still the fixed e_ca), which the SK
mechanism's Ca2+ pool reads, as drgsim sums it into the compartment's i_Ca.
ENDCOMMENT

NEURON {
    SUFFIX sundt_cal
    USEION ca WRITE ica
    RANGE gbar, e_ca
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.00025 (S/cm2)  : Figure8c.hoc GCAL
    e_ca = 131.8 (mV)       : cal.mod fixed reversal
}

ASSIGNED {
    v (mV)
    ica (mA/cm2)
    minf
    mtau (ms)
}

STATE { m }

BREAKPOINT {
    SOLVE gates METHOD cnexp
    ica = gbar * m * m * (v - e_ca)
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
PROCEDURE settle(v (mV)) { LOCAL a, b, x
    x = 81.5 - v
    if (fabs(x / 10) < 1e-6) {
        a = 15.69 * 10 * (1 - x / 20)
    } else {
        a = 15.69 * x / (exp(x / 10) - 1)
    }
    b = 0.29 * exp(-v / 10.86)
    mtau = 1 / (a + b)
    minf = a * mtau
}
UNITSON
