"""Field: extracellular potentials of the lead's contacts (analytic and finite elements).

The public entry point is :func:`solve_transfer`, which returns a :class:`TransferMatrix` of
potentials per unit contact current at given points; ``SolverOptions(method="analytic")`` or
:func:`solve_transfer_analytic` give the homogeneous-medium closed form instead.
"""

from __future__ import annotations

from drgsim.field.analytic import InsulatingPlane as InsulatingPlane
from drgsim.field.analytic import Medium as Medium
from drgsim.field.fem import ContactModel as ContactModel
from drgsim.field.geometry import FieldGeometry as FieldGeometry
from drgsim.field.geometry import FieldLead as FieldLead
from drgsim.field.geometry import Tissue as Tissue
from drgsim.field.geometry import TissueConductivity as TissueConductivity
from drgsim.field.mesh import MeshResolution as MeshResolution
from drgsim.field.solve import ArrayCache as ArrayCache
from drgsim.field.solve import FieldMethod as FieldMethod
from drgsim.field.solve import SolverOptions as SolverOptions
from drgsim.field.solve import SourceModel as SourceModel
from drgsim.field.solve import solve_fem as solve_fem
from drgsim.field.solve import solve_transfer as solve_transfer
from drgsim.field.solve import solve_transfer_analytic as solve_transfer_analytic
from drgsim.field.transfer import TransferMatrix as TransferMatrix

__all__ = [
    "ArrayCache",
    "ContactModel",
    "FieldGeometry",
    "FieldLead",
    "FieldMethod",
    "InsulatingPlane",
    "Medium",
    "MeshResolution",
    "SolverOptions",
    "SourceModel",
    "Tissue",
    "TissueConductivity",
    "TransferMatrix",
    "solve_fem",
    "solve_transfer",
    "solve_transfer_analytic",
]
