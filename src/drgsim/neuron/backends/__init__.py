"""Other simulators that run a :class:`~drgsim.neuron.cable.CableModel`, for cross-checks."""
