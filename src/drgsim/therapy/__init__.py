"""Therapy: scenarios, the pipeline, outcomes, automatic programming, sweeps and reports."""

from drgsim.therapy.pipeline import ScenarioResult as ScenarioResult
from drgsim.therapy.pipeline import run_scenario as run_scenario
from drgsim.therapy.scenario import Scenario as Scenario
from drgsim.therapy.scenario import default_scenario as default_scenario
from drgsim.therapy.scenario import load_scenario as load_scenario

__all__ = ["Scenario", "ScenarioResult", "default_scenario", "load_scenario", "run_scenario"]
