"""Stream sources: each yields Posts; decoding is pure and shared by every source."""

from __future__ import annotations
