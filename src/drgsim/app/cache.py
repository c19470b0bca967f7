"""Content-addressed disk cache of arrays (meshes, field solutions, transfer matrices).

Physics layers never choose file locations: the application builds a :class:`DiskCache` on a
directory and hands it to :func:`drgsim.field.solve_transfer`. Entries are ``.npz`` files named by
the content hash the field layer computed from every input, written atomically (temporary file,
then rename) so concurrent runs never read half a file. A corrupt entry counts as a miss.

Examples
--------
>>> import tempfile, numpy as np
>>> cache = DiskCache(tempfile.mkdtemp())
>>> cache.store("transfer", "ab" * 32, {"values": np.ones((2, 1))})
>>> cache.load("transfer", "ab" * 32)["values"].shape
(2, 1)
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from drgsim.errors import ConfigurationError

logger = logging.getLogger(__name__)

_KEY = re.compile(r"^[0-9a-f]{16,128}$")
_KIND = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/drgsim`` (or ``~/.cache/drgsim``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "drgsim"


class DiskCache:
    """Arrays on disk, by kind and content hash.

    Parameters
    ----------
    root
        Cache directory (created when needed).
    """

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)
        self.hits = 0
        self.misses = 0

    def _path(self, kind: str, key: str) -> Path:
        if not _KIND.match(kind):
            raise ConfigurationError(field="cache kind", value=kind, allowed="[a-z][a-z0-9_]*")
        if not _KEY.match(key):
            raise ConfigurationError(field="cache key", value=key, allowed="a hex digest")
        return self.root / kind / key[:2] / f"{key}.npz"

    def load(self, kind: str, key: str) -> dict[str, np.ndarray] | None:
        """Arrays stored under ``(kind, key)``, or None on a miss or a corrupt entry."""
        path = self._path(kind, key)
        if not path.is_file():
            self.misses += 1
            return None
        try:
            with np.load(path, allow_pickle=False) as data:
                arrays = {name: data[name] for name in data.files}
        except (OSError, ValueError, zipfile.BadZipFile, EOFError) as exc:
            logger.warning("ignoring unreadable cache entry %s: %s", path.name, exc)
            self.misses += 1
            return None
        self.hits += 1
        return arrays

    def store(self, kind: str, key: str, arrays: Mapping[str, np.ndarray]) -> None:
        """Write arrays under ``(kind, key)`` atomically."""
        path = self._path(kind, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                np.savez(handle, **{k: np.asarray(v) for k, v in arrays.items()})  # type: ignore[arg-type]
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


__all__ = ["DiskCache", "default_cache_dir"]
