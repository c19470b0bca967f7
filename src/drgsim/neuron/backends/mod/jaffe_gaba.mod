TITLE jaffe_gaba: tonic GABA-A conductance of the Jaffe-lab DRG filtering model

COMMENT
Ohmic non-specific current with a depolarising reversal (-40 mV), as placed
in the soma, stem and T-junction segments of the C-fibre model of PMC9847955
(dbjaffe67/DRGsims, mods/gaba.mod and CfiberPropagation.hoc), written out for
the drgsim NEURON cross-check backend.
ENDCOMMENT

NEURON {
    SUFFIX jaffe_gaba
    NONSPECIFIC_CURRENT i
    RANGE gbar, e_gaba
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0.0005 (S/cm2)  : CfiberPropagation.hoc GABAG
    e_gaba = -40 (mV)       : CfiberPropagation.hoc erev_gaba
}

ASSIGNED {
    v (mV)
    i (mA/cm2)
}

BREAKPOINT {
    i = gbar * (v - e_gaba)
}
