"""Real-time crisis and misinformation monitor for Japanese social media.

The package never imports Textual: the dashboard lives in the separate ``tui`` package.
"""

from __future__ import annotations

__version__ = "0.1.0"
