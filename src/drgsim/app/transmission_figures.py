"""Figure of the pain-signal transmission section (numbers as in ``results.json``).

The first program is drawn, one panel per DRG, one colour per nociceptor class.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from drgsim.plot import plot_pain_transmission
from drgsim.therapy.transmission_section import CLASS_LABELS, TransmissionSection

if TYPE_CHECKING:
    from drgsim.therapy.pipeline import ScenarioResult

Drawing = tuple[Callable[[Any], None], tuple[float, float]]


def _transmission(result: ScenarioResult) -> Drawing:
    section = result.section("transmission")
    if not isinstance(section, TransmissionSection):
        raise TypeError(f"section 'transmission' is a {type(section).__name__}")
    program = section.programs[0]
    n = max(len(program.drgs), 1)

    def draw(fig: Any) -> None:
        axes = fig.subplots(1, n, squeeze=False)[0]
        for ax, d in zip(axes, program.drgs, strict=False):
            curves = {
                CLASS_LABELS[c.kind]: (c.binned.fraction_without, c.binned.fraction_with)
                for c in d.classes
            }
            start: Any = d.classes[0].binned.bin_start if d.classes else []
            plot_pain_transmission(
                ax, start, section.options.bin_width, curves, f"{d.drg}: {program.program}"
            )

    return draw, (4.6 * n, 3.6)


#: Figure kinds of the transmission section.
TRANSMISSION_DRAWINGS: dict[str, Callable[[ScenarioResult], Drawing]] = {
    "pain_transmission": _transmission,
}

__all__ = ["TRANSMISSION_DRAWINGS"]
