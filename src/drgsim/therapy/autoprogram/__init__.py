"""Automatic programming: search contact configurations, pulse width, amplitude and rate.

Given a scenario's pain map and implanted leads, :func:`autoprogram` proposes programs that
maximise paresthesia coverage of the pain and a pain-filtering proxy while limiting off-target
paresthesia, motor recruitment and battery drain, within the generator's grids and the safety
limits; :func:`recommend_levels` ranks the levels to implant for a pain map.
"""

from drgsim.therapy.autoprogram.evidence import ProgramEvidence as ProgramEvidence
from drgsim.therapy.autoprogram.evidence import Scalarisation as Scalarisation
from drgsim.therapy.autoprogram.levels import LevelAdvice as LevelAdvice
from drgsim.therapy.autoprogram.levels import recommend_levels as recommend_levels
from drgsim.therapy.autoprogram.options import AutoprogramOptions as AutoprogramOptions
from drgsim.therapy.autoprogram.run import AutoprogramResult as AutoprogramResult
from drgsim.therapy.autoprogram.run import autoprogram as autoprogram

__all__ = [
    "AutoprogramOptions",
    "AutoprogramResult",
    "LevelAdvice",
    "ProgramEvidence",
    "Scalarisation",
    "autoprogram",
    "recommend_levels",
]
