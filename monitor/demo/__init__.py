"""Synthetic Japanese post streams about fictional brands, for demos, tests and benchmarks."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from monitor.demo.rumor_scenarios import TemplateSet

# The rumor scenario template sets ``monitor eval rumor --set`` generates: each name's module
# (``monitor/demo/rumor_<name>.py``) defines the set as ``<NAME>``; imported on first use.
RUMOR_SETS = (
    "tune",
    "holdout",
    "blind",
    "fresh",
    "fresh2",
    "fresh3",
    "fresh4",
    "fresh5",
    "fresh6",
    "fresh7",
    "fresh8",
    "fresh9",
    "fresh10",
    "fresh11",
    "fresh12",
    "fresh13",
    "fresh14",
    "fresh15",
    "fresh16",
    "fresh17",
    "fresh18",
    "fresh19",
    "fresh20",
    "fresh21",
)


def rumor_set(name: str) -> TemplateSet:
    """The rumor template set called ``name`` (one of ``RUMOR_SETS``)."""
    if name not in RUMOR_SETS:
        raise KeyError(f"no rumor template set {name!r}; known: {', '.join(RUMOR_SETS)}")
    tset: TemplateSet = getattr(importlib.import_module(f"monitor.demo.rumor_{name}"), name.upper())
    return tset
