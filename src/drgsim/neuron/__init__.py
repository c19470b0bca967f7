"""Neuron: compartmental models of DRG neurons and axons, the batched solver, thresholds."""
