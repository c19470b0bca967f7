"""Name registries for channels, leads and waveforms.

A registry is an explicit dict filled by its layer, extended by entry points of the group
``drgsim.<kind>``. A miss raises :class:`~drgsim.errors.UnknownNameError` listing the valid names
and the close matches.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Mapping
from importlib.metadata import entry_points
from typing import Generic, TypeVar

from drgsim.errors import UnknownNameError

T = TypeVar("T")


class Registry(Generic[T], Mapping[str, T]):
    """A read-only mapping from names to objects, with helpful misses.

    Parameters
    ----------
    kind
        What the registry holds, used in messages and as the entry-point group suffix.
    entries
        The built-in entries.

    Examples
    --------
    >>> r = Registry("waveform", {"biphasic": 1})
    >>> r["biphasic"]
    1
    """

    def __init__(self, kind: str, entries: Mapping[str, T] | None = None) -> None:
        self.kind = kind
        self._entries: dict[str, T] = dict(entries or {})
        self._loaded_plugins = False

    def _load_plugins(self) -> None:
        if self._loaded_plugins:
            return
        self._loaded_plugins = True
        for ep in entry_points(group=f"drgsim.{self.kind}s"):
            self._entries.setdefault(ep.name, ep.load())

    def register(self, name: str) -> Callable[[T], T]:
        """Return a decorator that registers an object under ``name``."""

        def deco(obj: T) -> T:
            self._entries[name] = obj
            return obj

        return deco

    def __getitem__(self, name: str) -> T:
        self._load_plugins()
        try:
            return self._entries[name]
        except KeyError:
            names = sorted(self._entries)
            close = difflib.get_close_matches(name, names, n=3)
            hint = f"did you mean {', '.join(close)}?" if close else ""
            raise UnknownNameError(
                field=self.kind, value=name, allowed=f"one of {', '.join(names)}", hint=hint
            ) from None

    def __iter__(self) -> Iterator[str]:
        self._load_plugins()
        return iter(sorted(self._entries))

    def __len__(self) -> int:
        self._load_plugins()
        return len(self._entries)
