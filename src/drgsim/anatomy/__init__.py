"""Anatomy: spinal levels, DRG geometry, neuron populations, tissues and the body-region atlas."""

from drgsim.anatomy.dermatomes import CLINICAL_TARGETS as CLINICAL_TARGETS
from drgsim.anatomy.dermatomes import MAP_NAME as MAP_NAME
from drgsim.anatomy.dermatomes import BodyRegion as BodyRegion
from drgsim.anatomy.dermatomes import region_levels as region_levels
from drgsim.anatomy.ganglion import Ganglion as Ganglion
from drgsim.anatomy.ganglion import Side as Side
from drgsim.anatomy.ganglion import build_ganglion as build_ganglion
from drgsim.anatomy.levels import DimensionSeries as DimensionSeries
from drgsim.anatomy.levels import SpinalLevel as SpinalLevel
from drgsim.anatomy.levels import UnmeasuredLevelPolicy as UnmeasuredLevelPolicy
from drgsim.anatomy.levels import drg_dimensions as drg_dimensions
from drgsim.anatomy.populations import FiberClass as FiberClass
from drgsim.anatomy.populations import Population as Population
from drgsim.anatomy.populations import sample_population as sample_population
from drgsim.anatomy.tissues import Tissue as Tissue
from drgsim.anatomy.tissues import conductivity as conductivity

__all__ = [
    "CLINICAL_TARGETS",
    "MAP_NAME",
    "BodyRegion",
    "DimensionSeries",
    "FiberClass",
    "Ganglion",
    "Population",
    "Side",
    "SpinalLevel",
    "Tissue",
    "UnmeasuredLevelPolicy",
    "build_ganglion",
    "conductivity",
    "drg_dimensions",
    "region_levels",
    "sample_population",
]
