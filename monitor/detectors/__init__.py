"""Detectors: per-post text analysis (pure) and per-brand stateful surge and rumor detection."""

from __future__ import annotations
