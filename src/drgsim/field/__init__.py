"""Field: extracellular potentials of the lead's contacts (analytic and finite elements)."""
