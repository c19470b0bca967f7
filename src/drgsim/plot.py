"""Figures: matplotlib is imported inside each function; each takes and returns an ``ax``."""

from __future__ import annotations
