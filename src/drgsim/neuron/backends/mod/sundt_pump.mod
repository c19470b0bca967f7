TITLE sundt_pump: Na+/K+ pump of the Sundt 2015 C-neuron (Figure 8c)

COMMENT
Electrogenic Na+/K+ pump after Canavier (1999), as used by Sundt, Gamper &
Jaffe (2015) J Neurophysiol 114:3140-3153, doi:10.1152/jn.00226.2015, in the
T-junction segments and stem of Figure 8c. The Hill form, its constants and
the subtraction of the resting pump current (so the pump is silent at rest
and answers only to Na+ loading) were read from ModelDBRepository/187473
(mods/fpump.mod, SUFFIX pump) and written out here for the drgsim NEURON
cross-check backend:

    a(nai) = 1 / (1 + (km1 / nai)^hill)
    ina = 3 gbar (a(nai) - a_rest),   ik = -2 gbar (a(nai) - a_rest)

a_rest is a(nai) at initialisation. It reads nai as the ion pool's INITIAL
block leaves it, so the pool mechanism (sundt_nadifl) must be registered
before this one; nrnivmodl registers the files in name order.
ENDCOMMENT

NEURON {
    SUFFIX sundt_pump
    USEION na READ nai WRITE ina
    USEION k WRITE ik
    RANGE gbar, km1, hill, a_rest
}

UNITS {
    (mA) = (milliamp)
    (mM) = (milli/liter)
}

PARAMETER {
    gbar = 0.001 (mA/cm2)  : Figure8c.hoc PUMPDENSITY, maximal pump current
    km1 = 6.7 (mM)         : fpump.mod km1
    hill = 1.5 (1)         : fpump.mod n
}

ASSIGNED {
    nai (mM)
    ina (mA/cm2)
    ik (mA/cm2)
    a_rest (1)
}

INITIAL {
    a_rest = activation(nai)
}

BREAKPOINT { LOCAL i
    i = gbar * (activation(nai) - a_rest)
    ina = 3 * i
    ik = -2 * i
}

FUNCTION activation(c (mM)) (1) {
    activation = 1 / (1 + pow(km1 / c, hill))
}
