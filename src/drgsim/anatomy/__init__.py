"""Anatomy: spinal levels, DRG geometry, neuron populations, tissues and the body-region atlas."""
