"""Ion-channel families, one file each (``<model>_<channel>.py`` holding ``FAMILY``).

``FAMILIES`` fixes the order of the built-in families: a family's integer code in the solver
kernel is its position in that tuple (:func:`family_code`). Adding a family takes its file, one
entry appended to ``FAMILIES`` and its dispatch lines in ``neuron/_kernels.py`` (see that
module's docstring). Families from entry points (group ``drgsim.channels``) can be looked up by
name in ``CHANNELS``, but only built-in families can be simulated by the drgsim kernel.
"""

from __future__ import annotations

from drgsim._registry import Registry
from drgsim.errors import ConfigurationError
from drgsim.neuron.channels import (
    gaines_kf,
    gaines_ks,
    gaines_naf,
    gaines_nap,
    jaffe_gaba,
    jaffe_kdr,
    jaffe_ttxs,
    mrg_ks,
    mrg_naf,
    mrg_nap,
    rattay_k,
    rattay_na,
    sundt_cal,
    sundt_kdr,
    sundt_km,
    sundt_na,
    sundt_pump,
    sundt_sk,
)
from drgsim.neuron.channels.base import ChannelFamily

#: Built-in families in kernel-code order (append only; never reorder).
FAMILIES: tuple[ChannelFamily, ...] = (
    mrg_naf.FAMILY,  # 0
    mrg_nap.FAMILY,  # 1
    mrg_ks.FAMILY,  # 2
    sundt_na.FAMILY,  # 3
    sundt_kdr.FAMILY,  # 4
    sundt_km.FAMILY,  # 5
    gaines_naf.FAMILY,  # 6
    gaines_nap.FAMILY,  # 7
    gaines_ks.FAMILY,  # 8
    gaines_kf.FAMILY,  # 9
    rattay_na.FAMILY,  # 10
    rattay_k.FAMILY,  # 11
    sundt_pump.FAMILY,  # 12
    sundt_sk.FAMILY,  # 13
    sundt_cal.FAMILY,  # 14
    jaffe_gaba.FAMILY,  # 15
    jaffe_ttxs.FAMILY,  # 16
    jaffe_kdr.FAMILY,  # 17
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
