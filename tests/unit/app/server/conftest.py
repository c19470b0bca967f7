"""Fixtures: a programmer app on a temporary SQLite file with known users and two patients."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from programmer_world import World, make_world


@pytest.fixture(scope="session")
def template_world(tmp_path_factory: pytest.TempPathFactory) -> World:
    """Seeded once; each test gets a copy of its database file."""
    return make_world(tmp_path_factory.mktemp("template"))


@pytest.fixture
def world(tmp_path: Path, template_world: World) -> Iterator[World]:
    """A fresh seeded app per test."""
    w = make_world(tmp_path, template_world)
    with w.client:
        yield w


@pytest.fixture(scope="module")
def shared_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """One seeded app for a whole module (access tests that do not depend on state)."""
    w = make_world(tmp_path_factory.mktemp("programmer"))
    with w.client:
        yield w
