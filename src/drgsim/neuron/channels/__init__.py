"""Ion-channel families, one file each, found by name in ``CHANNELS``.

``FAMILIES`` fixes the order of the built-in families: a family's integer code in the solver
kernel is its position in that tuple (:func:`family_code`). Adding a family takes one file here,
one entry appended to ``FAMILIES`` and its dispatch lines in ``neuron/_kernels.py`` (see that
module's docstring). Families from entry points (group ``drgsim.channels``) can be looked up by
name, but only built-in families can be simulated by the drgsim kernel.
"""

from __future__ import annotations

from drgsim._registry import Registry
from drgsim.errors import ConfigurationError
from drgsim.neuron.channels.base import ChannelFamily
from drgsim.neuron.channels.mrg import MRG_KS, MRG_NAF, MRG_NAP

#: Built-in families in kernel-code order (append only; never reorder).
FAMILIES: tuple[ChannelFamily, ...] = (
    MRG_NAF,  # 0
    MRG_NAP,  # 1
    MRG_KS,  # 2
)

CHANNELS: Registry[ChannelFamily] = Registry("channel", {f.name: f for f in FAMILIES})


def family_code(name: str) -> int:
    """Return the kernel code of a built-in family.

    Raises
    ------
    UnknownNameError
        If no family has that name.
    ConfigurationError
        If the family comes from a plugin and has no kernel dispatch.
    """
    family = CHANNELS[name]
    for code, builtin in enumerate(FAMILIES):
        if builtin is family:
            return code
    raise ConfigurationError(
        "mechanism.family",
        name,
        "a built-in family: " + ", ".join(f.name for f in FAMILIES),
        "plugin families can be simulated with the NEURON backend only",
    )


__all__ = ["CHANNELS", "FAMILIES", "ChannelFamily", "family_code"]
