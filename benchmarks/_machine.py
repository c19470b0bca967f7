"""Where a benchmark's figures were measured: one description shared by all benchmarks.

Usage from a benchmark script (run as ``python benchmarks/<name>.py``, so this directory is on
``sys.path``): ``from _machine import machine``; ``machine(neuron=True)`` adds the numba and
NEURON versions.
"""

from __future__ import annotations

import os
import platform
from pathlib import Path

import numpy as np

from drgsim import __version__


def machine(neuron: bool = False) -> dict[str, object]:
    """CPU model, cores, RAM, 1-minute load average (a shared machine inflates wall time),
    Python/numpy/drgsim versions and, if ``neuron``, the numba and NEURON versions."""
    info: dict[str, object] = {
        "cpu": platform.processor() or platform.machine(),
        "cores": os.cpu_count(),
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        mem = Path("/proc/meminfo").read_text().split()
        info["ram_GiB"] = round(int(mem[mem.index("MemTotal:") + 1]) / 2**20, 1)
    except (OSError, ValueError):
        pass
    info["load_1min"] = round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None
    info.update(
        python=platform.python_version(),
        numpy=np.__version__,
        platform=platform.platform(),
        drgsim=__version__,
    )
    if neuron:
        import numba

        from drgsim.neuron.backends import nrn

        info.update(numba=numba.__version__, neuron=nrn._neuron().__version__)
    return info
