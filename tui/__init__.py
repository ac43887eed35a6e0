"""The war-room dashboard (Textual). Kept out of ``monitor`` so the core never imports Textual."""

from __future__ import annotations
