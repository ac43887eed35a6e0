"""Alerts: incident lifecycle, suggested responses and notifiers (console, JSONL, Slack)."""

from __future__ import annotations
