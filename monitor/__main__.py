"""``python -m monitor`` runs the command line."""

from __future__ import annotations

from monitor.cli import main

main()
