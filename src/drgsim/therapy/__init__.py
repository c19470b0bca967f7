"""Therapy: scenarios, the pipeline, outcomes, automatic programming, sweeps and reports."""
